import { expect, test } from 'vitest';
import {
  appPages,
  expectHeading,
  sidebarLink,
  waitForServiceWorkerControl,
} from './support/pages.ts';
import { appUnderTest } from './support/app.ts';

const app = appUnderTest();

test('after one online visit the app loads and navigates every page with no network', async () => {
  const page = await app.profile.context.newPage();
  await page.goto(`${app.server.url}/contacts`);
  await expectHeading(page, 'Contacts');
  await waitForServiceWorkerControl(page);

  // No network at all: the browser is offline and the server is gone.
  await app.profile.context.setOffline(true);
  expect(await app.server.stop()).toBe(0);

  await page.reload();
  await expectHeading(page, 'Contacts');
  for (const { name, path } of appPages) {
    await page.goto(app.server.url + path);
    await expectHeading(page, name);
  }
  for (const { name } of appPages) {
    await sidebarLink(page, name).click();
    await expectHeading(page, name);
  }
  await page.getByTestId('connectivity').getByText('Offline').waitFor();
  await page.close();
});
