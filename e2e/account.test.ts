import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openProfile } from './support/chromium.ts';
import { collectPageErrors, expectHeading } from './support/pages.ts';
import { appUnderTest } from './support/app.ts';

const app = appUnderTest();

const ADA = {
  workspaceName: 'Analytical Engines',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  password: 'difference engine 1843',
};
const BOB = { name: 'Bob Babbage', email: 'bob@example.com', password: 'correct horse battery' };

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const facts = (page: Page) => page.getByTestId('account-facts');

async function signedInAs(page: Page, name: string) {
  await facts(page).getByText(name).waitFor({ timeout: 15_000 });
}

describe('accounts', () => {
  test('sign up, stay signed in across a reload, invite a teammate who joins, sign out', async () => {
    const page = await app.profile.context.newPage();
    const errors = collectPageErrors(page);
    // Sync requests answer 401 while signed out (that is how sync learns it); account calls
    // must not fail.
    const failedAccountCalls: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/v1/sync/')) {
        failedAccountCalls.push(`${r.status()} ${r.url()}`);
      }
    });
    await page.goto(`${app.server.url}/settings`);
    await expectHeading(page, 'Settings');
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
    await expectHeading(page, 'Sign in');
    await button(page, 'Create a workspace').click();
    await field(page, 'Workspace name').fill(ADA.workspaceName);
    await field(page, 'Your name').fill(ADA.name);
    await field(page, 'Email').fill(ADA.email);
    await field(page, 'Password').fill(ADA.password);
    await button(page, 'Create workspace').click();
    await expectHeading(page, 'Settings');
    await signedInAs(page, ADA.name);

    // The session is an HttpOnly, SameSite=Strict cookie that page scripts cannot read.
    const [cookie] = (await app.profile.context.cookies()).filter(
      (c) => c.name === 'outpost_session',
    );
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('outpost_session');

    // Reload: the server confirms the session from the cookie.
    const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me'));
    await page.reload();
    expect((await confirmed).status()).toBe(200);
    await signedInAs(page, ADA.name);
    await expect(page.getByTestId('account-status').textContent()).resolves.toBe(ADA.name);

    // An invite link, opened in another browser (a second device, no shared cookies).
    await button(page, 'Create invite link').click();
    const link = await page.locator('#invite-link').inputValue();
    expect(link).toMatch(new RegExp(`^${app.server.url}/join#[\\w-]{43}$`));
    const other = await openProfile();
    try {
      const page2 = await other.context.newPage();
      await page2.goto(link);
      await expectHeading(page2, 'Join a workspace');
      await field(page2, 'Your name').fill(BOB.name);
      await field(page2, 'Email').fill(BOB.email);
      await field(page2, 'Password').fill(BOB.password);
      await button(page2, 'Join workspace').click();
      await expectHeading(page2, 'Settings');
      await signedInAs(page2, BOB.name);
      await expect(facts(page2).textContent()).resolves.toContain(ADA.workspaceName);
      await expect(facts(page2).textContent()).resolves.toContain('Member');
      expect(new URL(page2.url()).hash).toBe(''); // the token left the address bar
      // The link worked once.
      const page3 = await other.context.newPage();
      await page3.goto(link);
      await page3.getByText('You are signed in as').waitFor();
    } finally {
      await other.close();
    }

    await button(page, 'Sign out').click();
    await page.getByText('Not signed in').waitFor();
    await page.reload();
    await expectHeading(page, 'Settings');
    await page.getByText('Not signed in').waitFor();
    const left = (await app.profile.context.cookies()).filter((c) => c.name === 'outpost_session');
    expect(left).toEqual([]);
    expect(failedAccountCalls).toEqual([]);
    const failedLoads = /^Failed to load resource: the server responded with a status of 401/;
    expect(errors.filter((e) => !failedLoads.test(e))).toEqual([]);
    await page.close();
  });
});
