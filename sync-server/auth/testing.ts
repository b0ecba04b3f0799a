import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SESSION_COOKIE } from '../../shared/api/auth.ts';
import { createApp } from '../app.ts';
import type { Config } from '../config.ts';
import { describePostgresUrl, openPostgresStore } from '../store/postgres.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store, StoreKind } from '../store/store.ts';
import { memoryLog, tempDir, testConfig, type MemoryLog } from '../test-helpers.ts';

/**
 * Test support for suites that run on both stores (the pattern of store/store.test.ts): a
 * migrated store on an empty database per test, SQLite in a temp dir and PostgreSQL in a
 * database created for the run. PostgreSQL tests fail when it is unreachable unless
 * OUTPOST_SKIP_POSTGRES=1.
 */
const SKIP_POSTGRES = process.env.OUTPOST_SKIP_POSTGRES === '1';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const STORE_KINDS: StoreKind[] = SKIP_POSTGRES ? ['sqlite'] : ['sqlite', 'postgres'];

/** Call inside a `describe.each(STORE_KINDS)`; `fresh()` gives an empty, migrated store. */
export function useStore(kind: StoreKind): { fresh(): Promise<Store> } {
  const open: Store[] = [];
  const dir = tempDir('auth');
  const database = `outpost_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  let admin: Client | undefined;
  let n = 0;

  beforeAll(async () => {
    if (kind !== 'postgres') return;
    const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${describePostgresUrl(ADMIN_URL)}: set ` +
          'TEST_DATABASE_URL, or OUTPOST_SKIP_POSTGRES=1 to skip these tests',
        { cause: err },
      );
    }
    admin = client;
    await admin.query(`CREATE DATABASE ${database}`);
  }, 30_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    dir.remove();
    if (!admin) return;
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  return {
    async fresh() {
      let store: Store;
      if (kind === 'sqlite') {
        store = openSqliteStore(`${dir.path}/test-${++n}.sqlite`);
      } else {
        const reset = openPostgresStore(url.toString());
        await reset.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
        await reset.close();
        store = openPostgresStore(url.toString());
      }
      open.push(store);
      await store.migrate();
      return store;
    },
  };
}

/** A clock the test moves by hand. */
export function testClock(start = '2026-03-01T09:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

export const ORIGIN = 'http://localhost';

export interface TestServer {
  app: ReturnType<typeof createApp>;
  logs: MemoryLog;
  clock: ReturnType<typeof testClock>;
  /** JSON request as a same-origin browser page would send it, plus `headers`. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

export function testServer(store: Store, config: Partial<Config> = {}): TestServer {
  const logs = memoryLog();
  const clock = testClock();
  const app = createApp({ config: testConfig(config), store, log: logs.log, now: clock.now });
  return {
    app,
    logs,
    clock,
    call: async (method, path, body, headers = {}) =>
      app.request(`${ORIGIN}${path}`, {
        method,
        headers: {
          Origin: ORIGIN,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** The session token a response set as a cookie, or undefined. */
export function sessionCookie(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = (pair ?? '').split('=');
    if (name === SESSION_COOKIE && value) return value;
  }
  return undefined;
}

export const cookieHeader = (token: string) => ({ Cookie: `${SESSION_COOKIE}=${token}` });
export const bearerHeader = (token: string) => ({ Authorization: `Bearer ${token}` });

export const ADA = {
  workspaceName: 'Analytical Engines',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  password: 'difference engine 1843',
};
