// What the sync benchmark runs inside Chromium: the raw baseline (fetch + Dexie) and the app
// device's offline edits. Kept apart from sync-client.bench.ts so each file reads on its own.
import type { Page } from 'playwright-core';
import { collectionDefinitions } from '../shared/documents/collections.ts';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_ROWS,
  PROTOCOL_HEADER,
  pullPath,
  pushPath,
  SYNC_PROTOCOL_VERSION,
} from '../shared/sync/protocol.ts';
import type { Profile } from '../e2e/support/chromium.ts';

const PROTOCOL = { header: PROTOCOL_HEADER, version: String(SYNC_PROTOCOL_VERSION) };
const SCHEMA = collectionDefinitions.contacts.version;

/**
 * A same-origin page with Dexie and nothing of the app (under /api/, which the service worker
 * leaves to the network, fulfilled by Playwright, so no app code and no CSP get in the way).
 */
export async function baselinePage(profile: Profile, url: string, dexie: string): Promise<Page> {
  const page = await profile.context.newPage();
  await page.route(`${url}/api/bench-baseline`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>baseline</title><script src="/api/bench-dexie.js"></script>',
    }),
  );
  await page.route(`${url}/api/bench-dexie.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: dexie }),
  );
  await page.goto(`${url}/api/bench-baseline`);
  await page.waitForFunction(() => 'Dexie' in window);
  return page;
}

/** Pulls every contact page by page (the next fetch overlapping the current write). */
export function baselinePull(page: Page, expected: number): Promise<{ count: number; ms: number }> {
  return page.evaluate(
    async ({ path, limit, schema, protocol, want }) => {
      type Doc = Record<string, unknown> & { id: string };
      interface PageJson {
        documents: Doc[];
        checkpoint: { seq: number };
      }
      const DexieClass = (window as unknown as { Dexie: new (name: string) => unknown }).Dexie;
      const db = new DexieClass('bench-baseline') as {
        version(n: number): { stores(s: Record<string, string>): void };
        table(name: string): { bulkPut(rows: Doc[]): Promise<unknown> };
      };
      db.version(1).stores({ contacts: 'id' });
      const contacts = db.table('contacts');
      const fetchPage = async (after: number): Promise<PageJson> => {
        const response = await fetch(`${path}?after=${after}&limit=${limit}&schema=${schema}`, {
          headers: { [protocol.header]: protocol.version },
          credentials: 'same-origin',
        });
        return (await response.json()) as PageJson;
      };
      const started = performance.now();
      let count = 0;
      let next: Promise<PageJson> | null = fetchPage(0);
      while (next) {
        const current: PageJson = await next;
        next = current.documents.length === limit ? fetchPage(current.checkpoint.seq) : null;
        await contacts.bulkPut(current.documents);
        count += current.documents.length;
      }
      if (count < want) throw new Error(`baseline pulled ${count} of ${want}`);
      return { count, ms: performance.now() - started };
    },
    {
      path: pullPath('contacts'),
      limit: MAX_PULL_LIMIT,
      schema: SCHEMA,
      protocol: PROTOCOL,
      want: expected,
    },
  );
}

/** Reads `edits` rows back from Dexie and pushes an edit of each, as RxDB's push would send. */
export function baselinePush(page: Page, edits: number): Promise<{ count: number; ms: number }> {
  return page.evaluate(
    async ({ path, rowsPerRequest, schema, protocol, count }) => {
      type Doc = Record<string, unknown> & { id: string };
      const DexieClass = (window as unknown as { Dexie: new (name: string) => unknown }).Dexie;
      const db = new DexieClass('bench-baseline') as {
        version(n: number): { stores(s: Record<string, string>): void };
        table(name: string): { limit(n: number): { toArray(): Promise<Doc[]> } };
      };
      db.version(1).stores({ contacts: 'id' });
      const started = performance.now();
      const docs = await db.table('contacts').limit(count).toArray();
      for (let start = 0; start < docs.length; start += rowsPerRequest) {
        const rows = docs.slice(start, start + rowsPerRequest).map((doc) => ({
          assumedMasterState: doc,
          newDocumentState: { ...doc, notes: 'baseline edit' },
        }));
        const response = await fetch(`${path}?schema=${schema}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [protocol.header]: protocol.version },
          credentials: 'same-origin',
          body: JSON.stringify({ rows }),
        });
        const body = (await response.json()) as { conflicts: unknown[]; rejected: unknown[] };
        if (!response.ok || body.conflicts.length > 0 || body.rejected.length > 0) {
          throw new Error(
            `baseline push failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`,
          );
        }
      }
      return { count: docs.length, ms: performance.now() - started };
    },
    {
      path: pushPath('contacts'),
      // Both states of a row travel: half of MAX_PUSH_ROWS stays under MAX_PUSH_BYTES.
      rowsPerRequest: MAX_PUSH_ROWS / 2,
      schema: SCHEMA,
      protocol: PROTOCOL,
      count: edits,
    },
  );
}

/** How many contacts the app's database holds (a count query, as any page of the app runs). */
export function deviceCount(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.outpost?.db.contacts.count().exec()) ?? 0);
}

/**
 * Edits the notes of `edits` contacts in the app's database, stamped like the app's own edits
 * (the device's clock node, a fresh hybrid-logical-clock stamp for the one changed field).
 */
export function deviceEdits(page: Page, edits: number): Promise<{ count: number; notes: string }> {
  return page.evaluate(async (n) => {
    const db = window.outpost!.db;
    const notes = `edited offline ${Date.now()}`;
    const node = localStorage.getItem('outpost:device-id') ?? 'dbench';
    const stamp = `${String(Date.now() + 1).padStart(15, '0')}:00000:${node}`;
    const docs = await db.contacts.find({ sort: [{ id: 'asc' }], limit: n }).exec();
    const changed = docs.map((doc) => {
      const data = doc.toMutableJSON();
      return {
        ...data,
        notes,
        updatedAt: new Date().toISOString(),
        clock: { ...data.clock, notes: stamp },
      };
    });
    await db.contacts.bulkUpsert(changed);
    return { count: changed.length, notes };
  }, edits);
}
