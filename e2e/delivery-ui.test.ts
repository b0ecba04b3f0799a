import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { contactIdForEmail } from '../shared/ids.ts';
import { startFakeExplorium, type FakeExplorium } from '../sync-server/delivery/fakes/explorium.ts';
import { startFakeHubspot, type FakeHubspot } from '../sync-server/delivery/fakes/hubspot.ts';
import { startFakeLemlist, type FakeLemlist } from '../sync-server/delivery/fakes/lemlist.ts';
import { repoRoot } from './support/build.ts';
import { openProfile, type Profile } from './support/chromium.ts';
import { readReport, startImportThroughUi } from './support/import-files.ts';
import { collectPageErrors, expectHeading, sidebarLink } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { eventually, signInWithForm, signUpWorkspace } from './support/sync.ts';

// Issues 6 and 7, the device's side of delivery: keys sent from Settings on explicit save and
// tested through the server, the Lemlist campaign picker; contacts imported from a CSV file on
// the Import page and enrolled in the linked campaign while offline reach HubSpot and Lemlist
// once online; statuses and enrichments replicate onto the device, a failed contact shows the
// provider's reason and "retry" delivers it; the Dashboard panel. Real server, real Chromium;
// the providers are the delivery's fakes (sync-server/delivery/fakes/).

const KEYS = {
  hubspot: 'pat-na1-e2e0-0000-4000-8000-00000000beef',
  lemlist: 'lemlist-e2e-key-cafe',
  explorium: 'explorium-e2e-key-f00d',
};
const ANN = 'ann@acme.example';
const BAD = 'bad@contoso.example';
const PASSPHRASE = 'correct horse battery staple';
const SHOTS = `${repoRoot}.tmp/screenshots`;

type Row = [firstName: string, lastName: string, email: string, company: string];
/** The file imported on the Import page. */
const ROWS: Row[] = [
  ['Ann', 'Archer', ANN, 'Acme'],
  ['Cy', 'Cole', 'cy@acme.example', 'Acme'],
  ['Dee', 'Diaz', 'dee@acme.example', 'Acme'],
  ['Eli', 'Eng', 'eli@acme.example', 'Acme'],
  ['Bad', 'Address', BAD, 'Contoso'],
  ...Array.from({ length: 27 }, (_, i): Row => [
    `Lead${i + 1}`,
    'Tester',
    `lead${i + 1}@globex.example`,
    'Globex, Inc.',
  ]),
];
const EVERYONE = ROWS.map((r) => r[2]).sort();
/** Enrolled in the Lemlist-linked campaign (found by searching "acme"). */
const ACME = ROWS.filter((r) => r[3] === 'Acme')
  .map((r) => r[2])
  .sort();
const CSV = `${repoRoot}.tmp/delivery-e2e-contacts.csv`;
const csvText = () =>
  [
    'First Name,Last Name,Email,Company',
    ...ROWS.map((r) => `${r.slice(0, 3).join(',')},"${r[3]}"`),
  ].join('\n') + '\n';

let hubspot: FakeHubspot;
let lemlist: FakeLemlist;
let explorium: FakeExplorium;
let server: RunningServer;
let profile: Profile;
let page: Page;
let errors: string[];

const button = (name: string) => page.getByRole('button', { name, exact: true });

beforeAll(async () => {
  hubspot = await startFakeHubspot({ token: KEYS.hubspot });
  lemlist = await startFakeLemlist({
    apiKey: KEYS.lemlist,
    campaigns: [{ _id: 'cam_Spring1', name: 'Spring outreach' }],
  });
  explorium = await startFakeExplorium({ apiKey: KEYS.explorium });
  explorium.known.set(ANN, {
    title: 'VP Sales',
    level: 'vp',
    country: 'Germany',
    phone: '+49 30 1234567',
  });
  hubspot.invalidEmails.add(BAD);
  server = await startServer({
    clientDir: inject('clientDir'),
    env: {
      SIGNUP: 'open',
      HUBSPOT_BASE_URL: hubspot.url,
      LEMLIST_BASE_URL: lemlist.url,
      EXPLORIUM_BASE_URL: explorium.url,
      DELIVERY_TIMEOUT_MS: '2000',
    },
  });
  await signUpWorkspace(server.url, 'admin@example.com');
  profile = await openProfile({ viewport: { width: 1280, height: 1000 } });
  page = await profile.context.newPage();
  errors = collectPageErrors(page);
  await page.goto(`${server.url}/contacts`);
  await expectHeading(page, 'Contacts');
  await signInWithForm(page, server.url, 'admin@example.com');
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(CSV, csvText());
});

afterAll(async () => {
  await profile?.close();
  await server?.stop();
  await Promise.all([hubspot?.close(), lemlist?.close(), explorium?.close()]);
});

describe('delivery on the device', () => {
  test('an admin sends each key on explicit save and tests it through the server', async () => {
    await sidebarLink(page, 'Settings').click();
    await expectHeading(page, 'Settings');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await button('Create vault').click();
    await button('Lock now').waitFor();

    for (const [connector, name, label] of [
      ['hubspot', 'HubSpot', 'HubSpot private app token'],
      ['lemlist', 'Lemlist', 'Lemlist API key'],
      ['explorium', 'Explorium', 'Explorium API key'],
    ] as const) {
      await page.getByLabel(label, { exact: true }).fill(KEYS[connector]);
      await button(`Save ${name} key`).click();
      const state = page.getByTestId(`server-state-${connector}`);
      await expect.poll(() => state.innerText()).toBe(`The team server has no ${name} key.`);
      await button(`Send to team server: ${name} key`).click();
      const outcome = page.getByTestId(`server-outcome-${connector}`);
      await expect.poll(() => outcome.innerText()).toMatch(/^Sent\./);
      expect(await state.innerText()).toContain(`ending in ${KEYS[connector].slice(-4)}`);
      await button(`Test connection to ${name}`).click();
      await expect.poll(() => outcome.innerText()).toMatch(/^The key on this device works/);
    }
    // The key never shows in the page, only its last 4.
    expect(await page.locator('main').innerText()).not.toContain(KEYS.hubspot);
    await page.locator('section.vault').screenshot({ path: `${SHOTS}/settings-api-keys.png` });
  });

  test('a campaign links to a Lemlist campaign picked from the list', async () => {
    await sidebarLink(page, 'Campaigns').click();
    await expectHeading(page, 'Campaigns');
    await button('New campaign').click();
    await page.getByLabel('Campaign name', { exact: true }).fill('Spring');
    const picker = page.getByLabel('Lemlist campaign', { exact: true });
    await expect
      .poll(() => picker.locator('option').allInnerTexts())
      .toContain('Spring outreach (running)');
    await picker.selectOption('cam_Spring1');
    await button('Create campaign').click();
    await expect.poll(() => page.locator('main').innerText()).toContain('cam_Spring1');
    expect(errors).toEqual([]);
  });

  test('imported from a CSV file and enrolled offline, contacts reach the providers once online', async () => {
    await profile.context.setOffline(true);
    await sidebarLink(page, 'Import').click();
    await expectHeading(page, 'Import');
    await startImportThroughUi(page, CSV);
    const report = await readReport(page, 60_000);
    expect(report).toMatchObject({ status: 'done', rows: EVERYONE.length });
    expect(report.created).toBe(EVERYONE.length);

    await sidebarLink(page, 'Contacts').click();
    await expectHeading(page, 'Contacts');
    await page.getByLabel('Search contacts').fill('acme');
    const table = page.getByTestId('contacts-table');
    await expect
      .poll(() => table.locator('[data-contact-id]').count(), { timeout: 15_000 })
      .toBe(ACME.length);
    await page.getByRole('checkbox', { name: 'Select all matching contacts' }).check();
    await button('Enroll in campaign').click();
    await page.getByLabel('Campaign', { exact: true }).selectOption({ label: 'Spring' });
    await button('Enroll').click();
    await page.getByRole('status').filter({ hasText: 'Spring' }).first().waitFor();
    expect(hubspot.contacts.size).toBe(0);
    expect(lemlist.leads.get('cam_Spring1')?.size ?? 0).toBe(0);

    await profile.context.setOffline(false);
    // HubSpot: every valid address once (it refuses BAD's per item). Lemlist: Acme's people.
    const valid = EVERYONE.filter((email) => email !== BAD);
    const leads = () => [...(lemlist.leads.get('cam_Spring1')?.keys() ?? [])].sort();
    await eventually(
      'the imported contacts at HubSpot',
      async () => hubspot.contacts.size === valid.length,
    );
    await eventually('Acme in the Lemlist campaign', async () => leads().length === ACME.length);
    expect([...hubspot.contacts.keys()].sort()).toEqual(valid);
    expect([...hubspot.creates.values()].every((n) => n === 1)).toBe(true);
    expect(leads()).toEqual(ACME);
    for (const email of ACME) expect(lemlist.creates.get(`cam_Spring1 ${email}`)).toBe(1);
    // Offline, the browser logs each failed request; nothing else may be logged.
    expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  test('statuses and enrichment reach the device; a failed contact is retried', async () => {
    const open = async (email: string) => {
      await page.getByLabel('Search contacts').fill(email);
      await page
        .getByTestId('contacts-table')
        .locator(`[data-contact-id="${contactIdForEmail(email)}"]`)
        .click();
    };
    const facts = () => page.locator('.contact-facts');
    const row = (connector: string) => facts().locator(`li[data-connector="${connector}"]`);
    const state = (connector: string) => row(connector).getAttribute('data-state');

    await open(ANN);
    expect(await facts().innerText()).toContain('Import of delivery-e2e-contacts.csv');
    await expect.poll(() => state('hubspot'), { timeout: 60_000 }).toBe('delivered');
    await expect.poll(() => state('lemlist'), { timeout: 60_000 }).toBe('delivered');
    await expect
      .poll(
        () =>
          facts()
            .getByTestId('enrichment')
            .innerText()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toContain('VP Sales');
    await page.keyboard.press('Escape');

    await open(BAD);
    await expect.poll(() => state('hubspot'), { timeout: 60_000 }).toBe('failed');
    const reason = await row('hubspot').locator('.contact-facts__reason').first().innerText();
    expect(reason).toContain('not a valid email address');
    await page.screenshot({ path: `${SHOTS}/contact-failed.png` });

    // The provider accepts the address now: "retry" delivers it, once.
    hubspot.invalidEmails.delete(BAD);
    await row('hubspot').getByRole('button', { name: 'Retry HubSpot' }).click();
    await expect.poll(() => state('hubspot'), { timeout: 60_000 }).toBe('delivered');
    expect([...hubspot.contacts.keys()].sort()).toEqual(EVERYONE);
    expect(hubspot.creates.get(BAD)).toBe(1);
    await page.keyboard.press('Escape');
  });

  test('the Dashboard panel shows each connector from the server', async () => {
    await sidebarLink(page, 'Dashboard').click();
    await expectHeading(page, 'Dashboard');
    const panel = page.getByTestId('delivery-panel');
    const hubspotCard = panel.locator('[data-connector="hubspot"]');
    await expect.poll(() => hubspotCard.locator('.delivery-breaker').innerText()).toBe('Healthy');
    expect(await panel.getByTestId('queue-hubspot').innerText()).toBe('0');
    expect(await hubspotCard.locator('svg[role="img"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/dashboard.png` });
    await panel.screenshot({ path: `${SHOTS}/dashboard-delivery-panel.png` });
    expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
