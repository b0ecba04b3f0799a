import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { buildClient } from './support/build.ts';
import { openProfile, type Profile } from './support/chromium.ts';
import { expectHeading, waitForServiceWorkerControl } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let profile: Profile;
const work = mkdtempSync(join(tmpdir(), 'outpost-update-'));
const served = join(work, 'served');

/** Replaces the served files in place, as a deploy does, while the tab stays open. */
function deploy(from: string) {
  for (const entry of readdirSync(served)) rmSync(join(served, entry), { recursive: true });
  cpSync(from, served, { recursive: true });
}

beforeAll(async () => {
  cpSync(inject('clientDir'), served, { recursive: true });
  server = await startServer({ clientDir: served });
  profile = await openProfile();
});
afterAll(async () => {
  await profile?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a new build deployed while a tab is open shows the update prompt; accepting reloads onto it', async () => {
  const page = await profile.context.newPage();
  await page.goto(`${server.url}/contacts`);
  await expectHeading(page, 'Contacts');
  await waitForServiceWorkerControl(page);
  expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe('e2e-a');

  deploy(await buildClient(join(work, 'next'), 'e2e-b'));
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  const prompt = page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await prompt.waitFor({ timeout: 30_000 });
  // Nothing reloaded on its own: the old page, with whatever the user was typing, is still here.
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe('e2e-a');

  await prompt.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.build === 'e2e-b', null, {
    timeout: 30_000,
  });
  await expectHeading(page, 'Contacts');
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(false);
  await page.close();
});
