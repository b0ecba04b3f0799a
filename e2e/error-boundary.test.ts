import { expect, test } from 'vitest';
import { expectHeading, sidebarLink } from './support/pages.ts';
import { appUnderTest } from './support/app.ts';

const app = appUnderTest();

test('a page error shows that page’s fallback, the sidebar still works, Try again recovers, the server logs it', async () => {
  const page = await app.profile.context.newPage();
  await page.goto(`${app.server.url}/settings`);
  await expectHeading(page, 'Settings');

  await page.getByRole('button', { name: 'Simulate a page error' }).click();
  const fallback = page.getByRole('alert').filter({ hasText: 'The Settings page failed' });
  await fallback.waitFor();
  // Error details are for development builds only.
  expect(await fallback.textContent()).not.toContain('at ');

  await sidebarLink(page, 'Contacts').click();
  await expectHeading(page, 'Contacts');
  await sidebarLink(page, 'Settings').click();
  await expectHeading(page, 'Settings');

  await page.getByRole('button', { name: 'Simulate a page error' }).click();
  await fallback.waitFor();
  await fallback.getByRole('button', { name: 'Try again' }).click();
  await expectHeading(page, 'Settings');

  const logged = await app.server.waitForLog(
    (line) => line.event === 'client_error' && line.boundary === 'page:Settings',
  );
  expect(logged.url).toBe('/settings');
  expect(logged.build).toBe('e2e-a');
  await page.close();
});

test('three errors in a row reload the app by itself', async () => {
  const page = await app.profile.context.newPage();
  await page.goto(`${app.server.url}/settings`);
  await expectHeading(page, 'Settings');
  await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));

  const fallback = page.getByRole('alert').filter({ hasText: 'The Settings page failed' });
  for (let error = 1; error <= 2; error++) {
    await page.getByRole('button', { name: 'Simulate a page error' }).click();
    await fallback.waitFor();
    await fallback.getByRole('button', { name: 'Try again' }).click();
    await expectHeading(page, 'Settings');
  }
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Simulate a page error' }).click();
  await reloaded;
  await expectHeading(page, 'Settings');
  expect(await page.evaluate(() => 'beforeReload' in window)).toBe(false);
  await page.close();
});
