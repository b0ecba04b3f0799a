import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openProfile, type Profile } from './support/chromium.ts';
import {
  appPages,
  expectHeading,
  sidebarLink,
  waitForServiceWorkerControl,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let profile: Profile;

beforeAll(async () => {
  server = await startServer({ clientDir: inject('clientDir') });
  profile = await openProfile();
});
afterAll(async () => {
  await profile?.close();
  await server?.stop();
});

test('after one online visit the app loads and navigates every page with no network', async () => {
  const page = await profile.context.newPage();
  await page.goto(`${server.url}/contacts`);
  await expectHeading(page, 'Contacts');
  await waitForServiceWorkerControl(page);

  // No network at all: the browser is offline and the server is gone.
  await profile.context.setOffline(true);
  expect(await server.stop()).toBe(0);

  await page.reload();
  await expectHeading(page, 'Contacts');
  for (const { name, path } of appPages) {
    await page.goto(server.url + path);
    await expectHeading(page, name);
  }
  for (const { name } of appPages) {
    await sidebarLink(page, name).click();
    await expectHeading(page, name);
  }
  await page.getByTestId('connectivity').getByText('Offline').waitFor();
  await page.close();
});
