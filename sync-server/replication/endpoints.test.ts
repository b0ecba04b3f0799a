import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_DOCUMENT_BYTES,
  MAX_PULL_LIMIT,
  pullPath,
  STREAM_PATH,
  SYNC_BASE,
} from '../../shared/sync/protocol.ts';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import type { AcceptedChange } from './hooks.ts';
import {
  authFor,
  contact,
  eventually,
  harnesses,
  headers,
  openStream,
  pull,
  push,
  schemaParam,
  startServer,
  type TestServer,
} from './test-support.ts';
import { createLocalFeed } from './feed.ts';
import { serverDocumentWriter } from './write.ts';

/** Status and error code of a GET. */
async function get(url: string, extra: Record<string, string> = headers('w1')) {
  const response = await fetch(url, { headers: extra });
  const body = (await response.json()) as { error: { code: string; message: string } };
  return [response.status, body.error.code] as const;
}

/** The status of a POST, read even if the server stops reading the body early. */
function rawPost(url: string, body: string, sent: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: sent }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(harnesses())('replication endpoints on $kind', (h) => {
  let store: Store;
  let server: TestServer;
  const cleanup: (() => Promise<void> | void)[] = [];
  const feed = createLocalFeed();
  const accepted: AcceptedChange[] = [];

  beforeAll(() => h.setup(), 30_000);
  afterAll(() => h.teardown());
  async function start(options: { failAccepted?: boolean } = {}) {
    store = await h.fresh();
    accepted.length = 0;
    server = await startServer({
      store,
      log: memoryLog().log,
      feed,
      onAccepted: async (tx, change) => {
        accepted.push(change);
        // The hook runs in the push's transaction: what it writes commits or rolls back with it.
        await tx.query('SELECT 1 AS one');
        if (options.failAccepted) throw new Error('outbox down');
      },
    });
    cleanup.push(
      () => server.close(),
      () => store.close(),
    );
  }
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('pushes new documents, pulls them in seq order after a checkpoint, page by page', async () => {
    await start();
    const docs = ['c', 'a', 'b', 'd'].map((id) => contact(id));
    const pushed = await push(
      server.url,
      'w1',
      'contacts',
      docs.map((d) => ({ newDocumentState: d })),
    );
    expect(pushed).toEqual({ status: 200, body: { conflicts: [], rejected: [] } });
    expect(accepted[0]?.documents.map((d) => [d.previous, d.current.id])).toEqual([
      [null, 'c'],
      [null, 'a'],
      [null, 'b'],
      [null, 'd'],
    ]);

    const first = await pull(server.url, 'w1', 'contacts', '&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.documents.map((d) => d.id)).toEqual(['c', 'a', 'b']);
    expect(first.body.documents[0]).toEqual(docs[0]);
    const second = await pull(
      server.url,
      'w1',
      'contacts',
      `&after=${first.body.checkpoint.seq}&limit=3`,
    );
    expect(second.body.documents.map((d) => d.id)).toEqual(['d']);
    const empty = await pull(server.url, 'w1', 'contacts', `&after=${second.body.checkpoint.seq}`);
    expect(empty.body).toEqual({ documents: [], checkpoint: second.body.checkpoint });
    // A checkpoint this server never gave (its data was restored into a new server): from the start.
    const foreign = await pull(server.url, 'w1', 'contacts', '&after=999');
    expect(foreign.body.documents.map((d) => d.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(foreign.body.checkpoint).toEqual(second.body.checkpoint);
    // Another collection's documents never appear in this one's pull.
    expect((await pull(server.url, 'w1', 'campaigns')).body.documents).toEqual([]);
  });

  it('writes matching rows and returns the stored document for stale ones, in one transaction', async () => {
    await start();
    const v1 = contact('x', { firstName: 'One' });
    await push(server.url, 'w1', 'contacts', [{ newDocumentState: v1 }]);
    const v2 = { ...v1, firstName: 'Two' };
    const ok = await push(server.url, 'w1', 'contacts', [
      { assumedMasterState: v1, newDocumentState: v2 },
    ]);
    expect(ok.body.conflicts).toEqual([]);
    // Stale: assumes v1 but the server has v2. Key order does not matter, contents do.
    const reordered = Object.fromEntries(Object.entries(v1).reverse());
    const stale = await push(server.url, 'w1', 'contacts', [
      { assumedMasterState: reordered, newDocumentState: { ...v1, firstName: 'Three' } },
      { newDocumentState: v1 }, // new to this client, but not to the server
    ]);
    expect(stale.body.conflicts).toEqual([v2]);
    expect((await pull(server.url, 'w1', 'contacts')).body.documents).toEqual([v2]);
  });

  it('keeps deletes as tombstones that replicate', async () => {
    await start();
    const live = contact('gone');
    await push(server.url, 'w1', 'contacts', [{ newDocumentState: live }]);
    const deleted = { ...live, _deleted: true };
    await push(server.url, 'w1', 'contacts', [
      { assumedMasterState: live, newDocumentState: deleted },
    ]);
    expect((await pull(server.url, 'w1', 'contacts')).body.documents).toEqual([deleted]);
    const rows = await store.query<{ deleted: number }>('SELECT deleted FROM documents');
    expect(rows).toEqual([{ deleted: 1 }]);
  });

  it('converges concurrent pushes of one new id to one document', async () => {
    await start();
    const versions = Array.from({ length: 8 }, (_, i) => contact('same', { firstName: `V${i}` }));
    const results = await Promise.all(
      versions.map((v) => push(server.url, 'w1', 'contacts', [{ newDocumentState: v }])),
    );
    const winners = results.filter((r) => r.body.conflicts.length === 0);
    expect(winners).toHaveLength(1);
    const [stored] = (await pull(server.url, 'w1', 'contacts')).body.documents;
    // Every loser was told the winner's document.
    for (const r of results) if (r !== winners[0]) expect(r.body.conflicts).toEqual([stored]);
    const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM documents');
    expect(count?.n).toBe(1);
  });

  it('rejects invalid and oversized documents with the reason and stores none of them', async () => {
    await start();
    const good = contact('good');
    const result = await push(server.url, 'w1', 'contacts', [
      { newDocumentState: contact('bad-type', { firstName: 42 }) },
      { newDocumentState: contact('extra', { hacked: true }) },
      { newDocumentState: contact('no-flag', { _deleted: 'yes' }) },
      { newDocumentState: contact('huge', { notes: 'x'.repeat(MAX_DOCUMENT_BYTES) }) },
      { newDocumentState: { ...contact('no-id'), id: undefined } },
      { newDocumentState: good },
    ]);
    expect(result.status).toBe(200);
    const reasons = Object.fromEntries(
      result.body.rejected.map((r) => [r.id ?? '(none)', r.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual(['(none)', 'bad-type', 'extra', 'huge', 'no-flag']);
    expect(reasons['bad-type']).toMatch(/firstName/);
    expect(reasons['extra']).toMatch(/hacked/);
    expect(reasons['no-flag']).toMatch(/_deleted/);
    expect(reasons['huge']).toMatch(/bytes/);
    expect((await pull(server.url, 'w1', 'contacts')).body.documents).toEqual([good]);
  });

  it('stores any Unicode inside documents, and refuses ids no column can hold', async () => {
    await start();
    const odd = contact('odd', { notes: 'nul \u0000 lone \ud800 emoji 💥 quote " backslash \\' });
    const result = await push(server.url, 'w1', 'contacts', [
      { newDocumentState: odd },
      { newDocumentState: contact('a\u0000b') },
      { newDocumentState: contact('c\udc00') },
    ]);
    expect(result.body.rejected.map((r) => r.reason)).toEqual([
      'the id contains a NUL character',
      'the id is not well-formed Unicode',
    ]);
    expect((await pull(server.url, 'w1', 'contacts')).body.documents).toEqual([odd]);
  });

  it('rolls the documents back when the onAccepted hook fails', async () => {
    await start({ failAccepted: true });
    const result = await push(server.url, 'w1', 'contacts', [{ newDocumentState: contact('a') }]);
    expect(result.status).toBe(500);
    const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM documents');
    expect(count?.n).toBe(0);
  });

  it('answers 426 to old clients, 400 to newer ones and to bad parameters, 404 to unknown collections', async () => {
    await start();
    const base = `${server.url}${pullPath('contacts')}`;
    expect(await get(`${base}?schema=0`, authFor('w1'))).toEqual([426, 'upgrade_required']);
    expect(await get(`${base}?schema=0`, { ...authFor('w1'), 'Outpost-Protocol': '0' })).toEqual([
      426,
      'upgrade_required',
    ]);
    expect(await get(`${base}?schema=0`, { ...authFor('w1'), 'Outpost-Protocol': '2' })).toEqual([
      400,
      'bad_request',
    ]);
    expect(await get(`${server.url}${pullPath('delivery_status')}?schema=0`)).toEqual([
      426,
      'upgrade_required',
    ]);
    expect(await get(`${base}?schema=9`)).toEqual([400, 'bad_request']);
    expect(await get(`${base}`)).toEqual([400, 'bad_request']);
    for (const query of [
      'after=-1',
      'after=1.5',
      'after=abc',
      'after=1e3',
      'limit=0',
      `limit=${MAX_PULL_LIMIT + 1}`,
      'limit=x',
    ]) {
      expect(await get(`${base}?${schemaParam('contacts')}&${query}`)).toEqual([
        400,
        'bad_request',
      ]);
    }
    expect(await get(`${server.url}${SYNC_BASE}/users/pull?schema=0`)).toEqual([404, 'not_found']);
    expect(await get(`${server.url}${SYNC_BASE}/__proto__/pull?schema=0`)).toEqual([
      404,
      'not_found',
    ]);
    expect(await get(`${base}?${schemaParam('contacts')}`, {})).toEqual([401, 'unauthorized']);
  });

  it('refuses pushes to server-written collections, and replicates what the server writes', async () => {
    await start();
    const status = {
      id: 'c1',
      hubspot: {
        state: 'delivered',
        remoteId: '77',
        reason: null,
        attempts: 1,
        updatedAt: '2026-01-01T00:00:00Z',
      },
      lemlist: null,
      explorium: null,
      updatedAt: '2026-01-01T00:00:00Z',
      _deleted: false,
    };
    const refused = await push(server.url, 'w1', 'delivery_status', [{ newDocumentState: status }]);
    expect(refused.status).toBe(403);
    const stream = openStream(server.url, 'w1');
    cleanup.push(() => stream.close());
    await stream.opened;
    await eventually(() => stream.events.length === 1); // RESYNC: live from here on
    const write = serverDocumentWriter(feed);
    await store.transaction((tx) => write(tx, 'w1', 'delivery_status', [status]));
    await store.transaction((tx) => write(tx, 'w1', 'delivery_status', [status])); // unchanged: no new seq
    expect((await pull(server.url, 'w1', 'delivery_status')).body).toEqual({
      documents: [status],
      checkpoint: { seq: 1 },
    });
    await eventually(() => stream.events.length >= 2);
    expect(stream.events[1]).toEqual({
      collection: 'delivery_status',
      documents: [status],
      checkpoint: { seq: 1 },
    });
    await expect(
      store.transaction((tx) =>
        write(tx, 'w1', 'delivery_status', [{ ...status, hubspot: 'yes' }]),
      ),
    ).rejects.toThrow(/invalid/);
  });

  it('keeps workspaces apart on pull, push and stream', async () => {
    await start();
    const streamA = openStream(server.url, 'wa');
    const streamB = openStream(server.url, 'wb');
    cleanup.push(
      () => streamA.close(),
      () => streamB.close(),
    );
    await Promise.all([streamA.opened, streamB.opened]);
    await eventually(() => streamA.events.length === 1 && streamB.events.length === 1);
    const mine = contact('shared-id', { firstName: 'A' });
    await push(server.url, 'wa', 'contacts', [{ newDocumentState: mine }]);
    // Same id in B: no conflict with A's document, B gets its own.
    const theirs = contact('shared-id', { firstName: 'B' });
    expect(
      (await push(server.url, 'wb', 'contacts', [{ newDocumentState: theirs }])).body.conflicts,
    ).toEqual([]);
    // B cannot overwrite A's document by assuming its state.
    await push(server.url, 'wb', 'contacts', [
      { assumedMasterState: theirs, newDocumentState: { ...theirs, firstName: 'B2' } },
    ]);
    expect((await pull(server.url, 'wa', 'contacts')).body.documents).toEqual([mine]);
    expect(
      (await pull(server.url, 'wb', 'contacts')).body.documents.map((d) => d.firstName),
    ).toEqual(['B2']);
    await eventually(() => streamA.events.length === 2 && streamB.events.length === 3);
    const names = (events: typeof streamA.events) =>
      events.flatMap((e) => (e === 'RESYNC' ? ['RESYNC'] : e.documents.map((d) => d.firstName)));
    expect(names(streamA.events)).toEqual(['RESYNC', 'A']);
    expect(names(streamB.events)).toEqual(['RESYNC', 'B', 'B2']);
  });

  it('ends open streams when the server shuts its change feed', async () => {
    store = await h.fresh();
    const own = createLocalFeed();
    server = await startServer({ store, log: memoryLog().log, feed: own, heartbeatMs: 20 });
    cleanup.push(
      () => server.close(),
      () => store.close(),
    );
    const response = await fetch(`${server.url}${STREAM_PATH}`, { headers: headers('w1') });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': ping') || !text.includes('data: "RESYNC"')) {
      text += (await reader.read()).value ?? '';
    }
    await own.close();
    for (;;) if ((await reader.read()).done) break; // the server ended the response
  });

  it('answers every hostile body with 4xx JSON and stores nothing', async () => {
    await start();
    const url = `${server.url}/api/v1/sync/contacts/push?${schemaParam('contacts')}`;
    const bodies: [string, string | undefined][] = [
      ['', 'application/json'],
      ['{', 'application/json'],
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['{"rows":{}}', 'application/json'],
      ['{"rows":[1]}', 'application/json'],
      ['{"rows":[{"newDocumentState":null}]}', 'application/json'],
      ['{"rows":[{"newDocumentState":[]}]}', 'application/json'],
      ['{"rows":[],"extra":1}', 'application/json'],
      [
        JSON.stringify({ rows: Array.from({ length: 501 }, () => ({ newDocumentState: {} })) }),
        'application/json',
      ],
      ['{"rows":[]}', 'text/plain'],
      ['{"rows":[]}', undefined],
      ['{"__proto__":{"rows":[]}}', 'application/json'],
    ];
    for (const [body, type] of bodies) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers('w1'), ...(type ? { 'Content-Type': type } : {}) },
        body,
      });
      expect(response.status, body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 60)).toBeLessThan(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    // Over MAX_PUSH_BYTES: refused before the body is read (node:http, as fetch would report
    // the early close as a network error while still uploading).
    const big = JSON.stringify({
      rows: [{ newDocumentState: contact('a', { notes: 'x'.repeat(1_100_000) }) }],
    });
    expect(await rawPost(url, big, { ...headers('w1'), 'Content-Type': 'application/json' })).toBe(
      413,
    );
    const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM documents');
    expect(count?.n).toBe(0);
    const stream = await fetch(`${server.url}${STREAM_PATH}`, { headers: authFor('w1') });
    expect(stream.status).toBe(426);
  });
});
