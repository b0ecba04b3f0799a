import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { contactIdForEmail } from '../shared/ids.ts';
import { openProfile, type Profile } from './support/chromium.ts';
import { expectHeading, waitForServiceWorkerControl } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import {
  createInvite,
  eventually,
  joinWithForm,
  localContact,
  serverDocuments,
  signInWithForm,
  signUpWorkspace,
  waitForSyncState,
} from './support/sync.ts';

// Issue 5, client replication end to end: the real server with real accounts, two persistent
// Chromium profiles as two devices of one workspace, and the service worker's background sync.

const SHARED = 'shared.ann@example.com';
const SHARED_ID = contactIdForEmail(SHARED);

let server: RunningServer;
let adminToken: string;
const profiles: Profile[] = [];

async function device(): Promise<{ profile: Profile; page: Page }> {
  const profile = await openProfile();
  profiles.push(profile);
  const page = await profile.context.newPage();
  await page.goto(`${server.url}/contacts`);
  await expectHeading(page, 'Contacts');
  await waitForServiceWorkerControl(page);
  return { profile, page };
}

async function editContact(page: Page, fields: Record<string, string>) {
  await page.getByLabel('Search contacts').fill(SHARED);
  await page.getByTestId('contacts-table').locator(`[data-contact-id="${SHARED_ID}"]`).click();
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved ').first().waitFor();
}

beforeAll(async () => {
  // Open sign-up: the background sync test has a workspace of its own.
  server = await startServer({ clientDir: inject('clientDir'), env: { SIGNUP: 'open' } });
  adminToken = await signUpWorkspace(server.url, 'admin@example.com');
});
afterAll(async () => {
  for (const profile of profiles) await profile.close();
  await server?.stop();
});

describe('two devices of one workspace', () => {
  let a: { profile: Profile; page: Page };
  let b: { profile: Profile; page: Page };

  beforeAll(async () => {
    a = await device();
    b = await device();
    // Both devices opened the app signed out; signing in through the forms starts sync.
    await waitForSyncState(a.page, 'signed-out');
    await signInWithForm(a.page, server.url, 'admin@example.com');
    const invite = await createInvite(server.url, adminToken);
    await joinWithForm(b.page, `${server.url}/join#${invite}`, 'member@example.com');
  });

  test('a contact made on one device appears on the other', async () => {
    await a.page.evaluate(
      (email) =>
        window.outpost!.seedContacts([
          { email, firstName: 'Ann', company: 'Acme', title: 'CTO', phone: '' },
        ]),
      SHARED,
    );
    const onB = await eventually('the contact on device B', () => localContact(b.page, SHARED_ID));
    expect(onB).toMatchObject({ firstName: 'Ann', company: 'Acme', title: 'CTO' });
  });

  test('offline edits on both converge: different fields both survive, the same field takes the later edit', async () => {
    await a.profile.context.setOffline(true);
    await b.profile.context.setOffline(true);
    await waitForSyncState(a.page, 'offline');
    await waitForSyncState(b.page, 'offline');

    await editContact(a.page, { Company: 'Acme (edited on A)', Title: 'Title from A' });
    // B's edit of the title comes later, so its stamp is later: it must win on both devices.
    await editContact(b.page, { Phone: '+1 555 0100', Title: 'Title from B' });
    await a.page.waitForSelector('[data-testid="connectivity"][data-pending="1"]');
    await b.page.waitForSelector('[data-testid="connectivity"][data-pending="1"]');

    await a.profile.context.setOffline(false);
    await b.profile.context.setOffline(false);

    const expected = { company: 'Acme (edited on A)', phone: '+1 555 0100', title: 'Title from B' };
    for (const page of [a.page, b.page]) {
      await eventually('the merge on both devices', async () => {
        const doc = await localContact(page, SHARED_ID);
        return (
          doc?.company === expected.company &&
          doc.phone === expected.phone &&
          doc.title === expected.title
        );
      });
      await waitForSyncState(page, 'synced');
    }
    const onServer = await eventually('the merge on the server', async () => {
      const doc = (await serverDocuments(server.url, adminToken, 'contacts')).get(SHARED_ID);
      return doc?.title === expected.title && doc.phone === expected.phone ? doc : undefined;
    });
    expect(onServer).toMatchObject({ ...expected, firstName: 'Ann' });
    // Both devices hold the very same document, stamps included.
    const [onA, onB] = [
      await localContact(a.page, SHARED_ID),
      await localContact(b.page, SHARED_ID),
    ];
    expect(onA?.clock).toEqual(onB?.clock);
    expect(onA).toMatchObject(expected);
  });
});

describe('background sync', () => {
  test('200 edits made offline reach the server through the service worker with the app closed', async () => {
    const email = 'solo@example.com';
    const token = await signUpWorkspace(server.url, email);
    const { profile, page } = await device();
    await signInWithForm(page, server.url, email);

    await profile.context.setOffline(true);
    await waitForSyncState(page, 'offline');
    const rows = Array.from({ length: 200 }, (_, i) => ({
      email: `offline.${i}@example.com`,
      firstName: `Offline ${i}`,
    }));
    const seeded = await page.evaluate((r) => window.outpost!.seedContacts(r), rows);
    expect(seeded.written).toBe(200);
    // The tab counted them, and with changes waiting it registered the Background Sync tag.
    await page.waitForSelector('[data-testid="connectivity"][data-pending="200"]');
    expect((await serverDocuments(server.url, token, 'contacts')).size).toBe(0);

    // The app is closed; only the service worker is left. Then the network comes back.
    await page.close();
    await profile.context.setOffline(false);
    const blank = await profile.context.newPage();
    const cdp = await profile.context.newCDPSession(blank);
    const registrationId = await new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
      void cdp.send('ServiceWorker.enable');
    });
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: server.url,
      registrationId,
      tag: 'outpost-sync',
      lastChance: false,
    });

    const onServer = await eventually('200 contacts on the server', async () => {
      const docs = await serverDocuments(server.url, token, 'contacts');
      return docs.size === 200 ? docs : undefined;
    });
    expect([...onServer.values()].map((d) => d.firstName).toSorted()).toEqual(
      rows.map((r) => r.firstName).toSorted(),
    );
    // No page of the app was open: only blank ones.
    expect(profile.context.pages().every((p) => p.url() === 'about:blank')).toBe(true);
  });
});
