import { describe, expect, test } from 'vitest';
import {
  appPages,
  collectPageErrors,
  expectHeading,
  sidebarLink,
  waitForServiceWorkerControl,
} from './support/pages.ts';
import { appUnderTest } from './support/app.ts';

const app = appUnderTest();

describe('app shell', () => {
  test('every page is reachable from the sidebar, with no console error or CSP violation', async () => {
    const page = await app.profile.context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(app.server.url);
    await expectHeading(page, 'Dashboard');
    for (const { name, path } of appPages.toReversed()) {
      await sidebarLink(page, name).click();
      await expectHeading(page, name);
      expect(new URL(page.url()).pathname).toBe(path);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  test('every page is reachable by URL, and a deep link survives reload', async () => {
    const page = await app.profile.context.newPage();
    for (const { name, path } of appPages) {
      await page.goto(app.server.url + path);
      await expectHeading(page, name);
    }
    await page.goto(`${app.server.url}/campaigns`);
    await page.reload();
    await expectHeading(page, 'Campaigns');
    await page.goto(`${app.server.url}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.close();
  });

  test('Chromium finds the app installable (CDP Page.getInstallabilityErrors)', async () => {
    const page = await app.profile.context.newPage();
    await page.goto(app.server.url);
    await waitForServiceWorkerControl(page);
    const cdp = await app.profile.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toMatch(/manifest\.webmanifest$/);
    await page.close();
  });
});
