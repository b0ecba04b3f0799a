// `npm run bench http`: requests/s of GET /api/v1/health through the whole server stack (request
// id, JSON log line, security headers, body limit, static-file check, a SQLite ping) against a
// bare node:http server answering the same JSON, both in this process, on loopback.
// targets.md sets no target for this figure: it is here to catch regressions in the stack.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../sync-server/app.ts';
import { createLogger } from '../sync-server/log.ts';
import { openSqliteStore } from '../sync-server/store/sqlite.ts';
import { testConfig, tempDir } from '../sync-server/test-helpers.ts';
import { figure, median, round, type Figure } from './figure.ts';

const REQUESTS = 4_000;
const CONCURRENCY = 32;
const ROUNDS = 3;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Requests per second for REQUESTS GETs, CONCURRENCY at a time over keep-alive connections. */
async function load(url: string): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < REQUESTS) {
      const response = await fetch(url);
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      await response.arrayBuffer();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return REQUESTS / ((performance.now() - started) / 1000);
}

export async function* run(): AsyncIterable<Figure> {
  const data = tempDir('bench-http');
  const store = await openSqliteStore(`${data.path}/outpost.sqlite`);
  await store.migrate();
  // Log lines are formatted as in production, then dropped instead of written to a terminal.
  const log = createLogger('info', { write: () => undefined });
  const app = createApp({ config: testConfig({ dataDir: data.path }), store, log });
  const full = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(full, 'listening');
  const fullUrl = `http://127.0.0.1:${(full.address() as AddressInfo).port}/api/v1/health`;

  const body = JSON.stringify(await (await fetch(fullUrl)).json());
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  const bareUrl = `${await listen(bare)}/api/v1/health`;

  await load(fullUrl); // warm-up: JIT, connection pool
  await load(bareUrl);
  const fullRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let turn = 1; turn <= ROUNDS; turn++) {
    fullRuns.push(await load(fullUrl));
    bareRuns.push(await load(bareUrl));
    console.error(
      `round ${turn}: full ${Math.round(fullRuns.at(-1)!)} req/s, bare ${Math.round(bareRuns.at(-1)!)} req/s`,
    );
  }
  yield figure({
    bench: 'http',
    metric: 'health_requests_per_s',
    value: round(median(fullRuns)),
    baseline: round(median(bareRuns)),
    details: { requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS },
  });

  full.close();
  bare.close();
  full.closeAllConnections();
  bare.closeAllConnections();
  await store.close();
  data.remove();
}
