// `npm run bench sync`, server part: documents/s served by the pull endpoint at 1000 per page,
// through the whole server (session lookup, logging, metrics, HTTP on loopback, the client
// reading the body), against the same SELECT + JSON.stringify of its rows in this process.
// targets.md: >= 0.5 of the baseline. (The device-side figures, first sync of 100k contacts and
// pushing 10k offline edits, run in Chromium and belong beside this one.)
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { PROTOCOL_HEADER, pullPath, SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol.ts';
import { createApp } from '../sync-server/app.ts';
import { createLogger } from '../sync-server/log.ts';
import { PULL_SQL } from '../sync-server/replication/documents.ts';
import { createLocalFeed } from '../sync-server/replication/feed.ts';
import { contact, schemaParam, signUpWorkspace } from '../sync-server/replication/test-support.ts';
import { writeTrusted } from '../sync-server/replication/write.ts';
import { openSqliteStore } from '../sync-server/store/sqlite.ts';
import type { Store } from '../sync-server/store/store.ts';
import { tempDir, testConfig } from '../sync-server/test-helpers.ts';
import { figure, median, round, type Figure } from './figure.ts';

const DOCUMENTS = 50_000;
/** targets.md: documents served at 1000 per page (less than the protocol's MAX_PULL_LIMIT). */
const PAGE = 1_000;
const ROUNDS = 5;

async function seed(store: Store, workspaceId: string) {
  const feed = createLocalFeed();
  for (let start = 0; start < DOCUMENTS; start += 1_000) {
    const docs = Array.from({ length: 1_000 }, (_, i) => {
      const n = start + i;
      return contact(`c${String(n).padStart(7, '0')}`, {
        firstName: `First${n}`,
        lastName: `Last${n}`,
        company: `Company ${n % 997}`,
        title: 'Head of Sales',
        notes: 'Met at the fair; follow up in spring.',
        tags: ['lead', `batch-${n % 10}`],
      });
    });
    await store.transaction((tx) => writeTrusted(tx, feed, workspaceId, 'contacts', docs));
  }
}

/** Pages through every document, 1000 per request; returns documents per second. */
async function viaEndpoint(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const response = await fetch(
      `${url}${pullPath('contacts')}?${schemaParam('contacts')}&after=${after}&limit=${PAGE}`,
      { headers },
    );
    if (response.status !== 200) throw new Error(`pull answered ${response.status}`);
    // The body is read whole but neither decoded nor parsed: this measures the server, not the
    // client's UTF-8 decoding and JSON.parse, which run in this same process. Seeded seqs are
    // 1..N without gaps, so the checkpoint at the end of the body counts the page.
    const body = new Uint8Array(await response.arrayBuffer());
    const tail = new TextDecoder().decode(body.subarray(-64));
    const seq = Number(/"checkpoint":\{"seq":(\d+)\}\}$/.exec(tail)?.[1]);
    const pageSize = seq - after;
    count += pageSize;
    after = seq;
    if (pageSize < PAGE) break;
  }
  if (count !== DOCUMENTS) throw new Error(`pulled ${count} documents, expected ${DOCUMENTS}`);
  return count / ((performance.now() - started) / 1000);
}

/** The same SELECT per page and JSON.stringify of its rows, no HTTP. */
async function inProcess(store: Store, workspaceId: string): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = await store.query<{ seq: number }>(PULL_SQL, [
      workspaceId,
      'contacts',
      after,
      PAGE,
    ]);
    const body = JSON.stringify(rows);
    if (body.length === 0) throw new Error('empty');
    count += rows.length;
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.seq;
  }
  if (count !== DOCUMENTS) throw new Error(`selected ${count} documents, expected ${DOCUMENTS}`);
  return count / ((performance.now() - started) / 1000);
}

export async function* run(): AsyncIterable<Figure> {
  const data = tempDir('bench-sync');
  const store = openSqliteStore(`${data.path}/outpost.sqlite`);
  await store.migrate();
  const log = createLogger('info', { write: () => undefined });
  const app = createApp({ config: testConfig({ dataDir: data.path, signup: 'open' }), store, log });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { token, workspaceId } = await signUpWorkspace(url, 'Bench');
  console.error(`seeding ${DOCUMENTS} contacts`);
  await seed(store, workspaceId);
  const headers = {
    Authorization: `Bearer ${token}`,
    [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
  };

  await viaEndpoint(url, headers); // warm-up: JIT, statement cache, connections
  await inProcess(store, workspaceId);
  const endpointRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let turn = 1; turn <= ROUNDS; turn++) {
    endpointRuns.push(await viaEndpoint(url, headers));
    baselineRuns.push(await inProcess(store, workspaceId));
    console.error(
      `round ${turn}: endpoint ${Math.round(endpointRuns.at(-1)!)} docs/s, in-process ${Math.round(baselineRuns.at(-1)!)} docs/s`,
    );
  }
  yield figure({
    bench: 'sync',
    metric: 'pull_documents_per_s',
    value: round(median(endpointRuns)),
    baseline: round(median(baselineRuns)),
    target: '>=0.5',
    details: { documents: DOCUMENTS, page: PAGE, rounds: ROUNDS, store: 'sqlite' },
  });

  server.closeAllConnections();
  server.close();
  await store.close();
  data.remove();
}
