// `npm run bench sync` (client part): a fresh device's first sync of 100,000 contacts until all
// are queryable, and pushing 10,000 offline edits until the server has them, each against the
// same-run baseline of targets.md: fetch of the same JSON + raw Dexie bulkPut (and, for the push,
// raw Dexie reads + fetch POSTs of the same rows). Headless Chromium, persistent profiles, the
// real server on SQLite and a production build.
import { mkdirSync, readFileSync } from 'node:fs';
import { prepareContactFields } from '../shared/contacts/fields.ts';
import { collectionDefinitions } from '../shared/documents/collections.ts';
import { CONTACT_FIELDS, type Contact } from '../shared/documents/contact.ts';
import { contactIdForEmail } from '../shared/ids.ts';
import { formatHlc } from '../shared/sync/hlc.ts';
import {
  MAX_PUSH_ROWS,
  pushPath,
  PROTOCOL_HEADER,
  SYNC_PROTOCOL_VERSION,
} from '../shared/sync/protocol.ts';
import { AUTH_PATHS } from '../shared/api/auth.ts';
import { buildClient, repoRoot } from '../e2e/support/build.ts';
import { openProfile, type Profile } from '../e2e/support/chromium.ts';
import { sampleContactRows } from '../e2e/support/sample-contacts.ts';
import { startServer } from '../e2e/support/server.ts';
import { PASSWORD, serverChanges, signInPage, signUpWorkspace } from '../e2e/support/sync.ts';
import { figure, round, type Figure } from './figure.ts';
import {
  baselinePage,
  baselinePull,
  baselinePush,
  deviceCount,
  deviceEdits,
} from './sync-client-pages.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 10_000);
const EMAIL = 'bench@example.com';

/** The generator's rows as the documents a device would have pushed (ids from the email). */
function contactDocuments(count: number): Contact[] {
  const { rows } = sampleContactRows(Math.round(count * 1.2));
  const stamp = formatHlc({ ms: Date.now(), counter: 0, node: 'dbench' });
  const now = new Date().toISOString();
  const byId = new Map<string, Contact>();
  for (const row of rows) {
    const prepared = prepareContactFields(row);
    if (!prepared.ok) continue;
    const id = contactIdForEmail(prepared.fields.email ?? `none.${byId.size}@example.com`);
    byId.set(id, {
      ...prepared.fields,
      id,
      source: { kind: 'import', importId: null, label: 'bench' },
      createdAt: now,
      updatedAt: now,
      mergedInto: null,
      clock: Object.fromEntries(CONTACT_FIELDS.map((field) => [field, stamp])),
    });
    if (byId.size === count) break;
  }
  return [...byId.values()];
}

async function seedServer(url: string, token: string, contacts: Contact[]): Promise<void> {
  for (let start = 0; start < contacts.length; start += MAX_PUSH_ROWS / 2) {
    const rows = contacts
      .slice(start, start + MAX_PUSH_ROWS / 2)
      .map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }));
    const response = await fetch(
      `${url}${pushPath('contacts')}?schema=${collectionDefinitions.contacts.version}`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
        },
        body: JSON.stringify({ rows }),
      },
    );
    const body = (await response.json()) as { conflicts: unknown[]; rejected: unknown[] };
    if (!response.ok || body.rejected.length > 0 || body.conflicts.length > 0) {
      throw new Error(
        `seeding the server failed: ${response.status} ${JSON.stringify(body).slice(0, 500)}`,
      );
    }
  }
}

/** Polls (every 500 ms) until true; the figures are taken around it, not by it. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 900_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function* run(): AsyncIterable<Figure> {
  const clientDir = `${repoRoot}.tmp/bench-sync/client`;
  mkdirSync(clientDir, { recursive: true });
  console.error('building the client');
  await buildClient(clientDir, 'bench-sync');
  const server = await startServer({ clientDir, env: { SIGNUP: 'open' } });
  const profiles: Profile[] = [];
  const fresh = async () => {
    const profile = await openProfile();
    profiles.push(profile);
    return profile;
  };
  try {
    const token = await signUpWorkspace(server.url, EMAIL);
    const contacts = contactDocuments(CONTACTS);
    console.error(`seeding the server with ${contacts.length} contacts`);
    await seedServer(server.url, token, contacts);
    const details = { contacts: contacts.length };

    // Baseline, in a fresh profile of the same browser: the same JSON, raw Dexie; then the
    // push baseline posts EDITS of those rows read back from Dexie.
    const dexie = readFileSync(`${repoRoot}node_modules/dexie/dist/dexie.min.js`, 'utf8');
    const base = await baselinePage(await fresh(), server.url, dexie);
    await signInPage(base, AUTH_PATHS.login, { email: EMAIL, password: PASSWORD });
    const pulled = await baselinePull(base, contacts.length);
    console.error(
      `baseline: fetch + Dexie bulkPut of ${pulled.count} contacts in ${round(pulled.ms)} ms`,
    );
    const pushed = await baselinePush(base, EDITS);
    console.error(
      `baseline: Dexie read + fetch POST of ${pushed.count} edits in ${round(pushed.ms)} ms`,
    );

    // The app on a fresh device: from the reload that starts replication to all queryable.
    const app = await (await fresh()).context.newPage();
    // Signing in through the form starts replication (no reload): the clock starts at the click.
    await app.goto(`${server.url}/account`);
    await app.getByLabel('Email', { exact: true }).fill(EMAIL);
    await app.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const started = Date.now();
    await app.getByRole('button', { name: 'Sign in', exact: true }).click();
    await app.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
    await app.getByRole('navigation').getByRole('link', { name: 'Contacts', exact: true }).click();
    await app.waitForFunction(() => 'outpost' in window);
    // The Contacts page lists what the device's database holds (cheap to watch: an attribute).
    await app.waitForFunction(
      (n) =>
        Number(
          document
            .querySelector('[data-testid="contacts-table"]')
            ?.getAttribute('data-result-count'),
        ) >= n,
      contacts.length,
      { timeout: 1_800_000, polling: 250 },
    );
    const stored = await deviceCount(app);
    if (stored < contacts.length)
      throw new Error(`the page lists more than the database holds (${stored})`);
    const firstSync = Date.now() - started;
    console.error(`app: first sync of ${contacts.length} contacts in ${firstSync} ms`);
    yield figure({
      bench: 'sync',
      metric: 'first_sync_seconds',
      value: round(firstSync / 1000, 2),
      baseline: round(pulled.ms / 1000, 2),
      target: '<=2',
      details,
    });

    // Push: EDITS edits made offline, from the network coming back until the server has all.
    const { seq } = await serverChanges(server.url, token, 'contacts');
    await app.context().setOffline(true);
    const edited = await deviceEdits(app, EDITS);
    await app.waitForSelector(`[data-testid="connectivity"][data-pending]:not([data-pending="0"])`);
    const pushStarted = Date.now();
    await app.context().setOffline(false);
    // Done when the device has nothing left to push: every push answered (a push is committed
    // when answered, as for the baseline's last response). Watching the indicator costs the
    // server nothing; polling it for 10,000 documents would slow the very pushes measured.
    await app.waitForSelector(
      '[data-testid="connectivity"][data-sync-state="synced"][data-pending="0"]',
      { timeout: 1_800_000 },
    );
    const push = Date.now() - pushStarted;
    // Then check, outside the timing, that the server holds every edit.
    await waitFor('the edits on the server', async () => {
      const { documents } = await serverChanges(server.url, token, 'contacts', seq);
      return [...documents.values()].filter((d) => d.notes === edited.notes).length >= edited.count;
    });
    console.error(`app: ${edited.count} offline edits on the server in ${push} ms`);
    yield figure({
      bench: 'sync',
      metric: 'push_offline_edits_seconds',
      value: round(push / 1000, 2),
      baseline: round(pushed.ms / 1000, 2),
      target: '<=2',
      details: { edits: edited.count },
    });
  } finally {
    for (const profile of profiles) await profile.close();
    await server.stop();
  }
}
