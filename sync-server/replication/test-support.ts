import { emptyContactFields } from '../../shared/documents/contact.ts';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { Client } from 'pg';
import { type CollectionName, collectionDefinitions } from '../../shared/documents/collections.ts';
import {
  PROTOCOL_HEADER,
  type PullResponse,
  type PushResponse,
  pullPath,
  pushPath,
  SCHEMA_VERSION_PARAM,
  STREAM_PATH,
  type StreamEvent,
  SYNC_BASE,
  SYNC_PROTOCOL_VERSION,
} from '../../shared/sync/protocol.ts';
import type { AppEnv } from '../http/env.ts';
import { errorHandler, notFound } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { openPostgresStore } from '../store/postgres.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store, StoreKind } from '../store/store.ts';
import { tempDir } from '../test-helpers.ts';
import type { ChangeFeed } from './feed.ts';
import type { OnAccepted } from './hooks.ts';
import { replicationRoutes } from './routes.ts';

/** Test-only: stores on both engines, a listening server with injected sessions, HTTP helpers. */

export const SKIP_POSTGRES = process.env.OUTPOST_SKIP_POSTGRES === '1';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface StoreHarness {
  kind: StoreKind;
  /** PostgreSQL only: the URL of this run's database. */
  url: string;
  setup(): Promise<void>;
  /** A migrated store on an emptied database. */
  fresh(): Promise<Store>;
  /** Another store (another server instance) on the same database. */
  another(): Store;
  teardown(): Promise<void>;
}

export function sqliteHarness(): StoreHarness {
  const dir = tempDir('replication');
  let file = '';
  let n = 0;
  return {
    kind: 'sqlite',
    url: '',
    setup: async () => {},
    async fresh() {
      file = `${dir.path}/test-${++n}.sqlite`;
      const store = openSqliteStore(file);
      await store.migrate();
      return store;
    },
    another: () => openSqliteStore(file),
    teardown: async () => dir.remove(),
  };
}

export function postgresHarness(): StoreHarness {
  const database = `outpost_test_${randomBytes(6).toString('hex')}`;
  const parsed = new URL(ADMIN_URL);
  parsed.pathname = `/${database}`;
  const url = parsed.toString();
  const admin = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  return {
    kind: 'postgres',
    url,
    async setup() {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
    },
    async fresh() {
      const reset = openPostgresStore(url);
      await reset.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await reset.migrate();
      await reset.close();
      return openPostgresStore(url);
    },
    another: () => openPostgresStore(url),
    async teardown() {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function harnesses(): StoreHarness[] {
  return SKIP_POSTGRES ? [sqliteHarness()] : [sqliteHarness(), postgresHarness()];
}

/** `Authorization: Bearer test:<workspace>` stands for a session of that workspace. */
export function authFor(workspaceId: string): Record<string, string> {
  return { Authorization: `Bearer test:${workspaceId}` };
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

type ServerDeps = {
  store: Store;
  log: Logger;
  feed?: ChangeFeed;
  onAccepted?: OnAccepted;
  heartbeatMs?: number;
};

/** The replication routes, as mounted by the app, behind a session injected from the header. */
export function testApp(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.log));
  app.notFound(notFound);
  app.use(requestId());
  app.use(async (c, next) => {
    const match = /^Bearer test:(.+)$/.exec(c.req.header('Authorization') ?? '');
    if (match) {
      const workspaceId = match[1]!;
      c.set('session', { sessionId: 's', userId: `u-${workspaceId}`, workspaceId, role: 'admin' });
    }
    await next();
  });
  app.route(SYNC_BASE, replicationRoutes(deps));
  return app;
}

/** testApp listening on a free loopback port. */
export async function startServer(deps: ServerDeps): Promise<TestServer> {
  const app = testApp(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sync headers: the test session of `workspaceId`, unless `auth` brings a real credential. */
export function headers(
  workspaceId: string,
  auth?: Record<string, string>,
): Record<string, string> {
  return { ...(auth ?? authFor(workspaceId)), [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) };
}

export function schemaParam(collection: CollectionName): string {
  return `${SCHEMA_VERSION_PARAM}=${collectionDefinitions[collection].version}`;
}

/** Reads the stream's events into an array (and to `onEvent`) until `close()`. */
export function openStream(
  url: string,
  workspaceId: string,
  onEvent: (event: StreamEvent) => void = () => {},
  auth?: Record<string, string>,
) {
  const events: StreamEvent[] = [];
  const abort = new AbortController();
  const opened = fetch(`${url}${STREAM_PATH}`, {
    headers: headers(workspaceId, auth),
    signal: abort.signal,
  }).then(async (response) => {
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          const event = JSON.parse(value.data) as StreamEvent;
          events.push(event);
          onEvent(event);
        }
      } catch {
        // aborted
      }
    })();
  });
  return { events, opened, close: () => abort.abort() };
}

type Doc = Record<string, unknown> & { id: string };

/** A valid contact with `_deleted`, as RxDB pushes it. */
export function contact(
  id: string,
  fields: Record<string, unknown> = {},
): Doc & { _deleted: boolean } {
  return {
    ...emptyContactFields(),
    id,
    email: `${id}@example.com`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical',
    source: { kind: 'manual', importId: null, label: '' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
    _deleted: false,
    ...fields,
  };
}

/** POSTs rows to a collection's push endpoint and returns the status and JSON body. */
export async function push(
  url: string,
  workspaceId: string,
  collection: CollectionName,
  rows: unknown,
  auth?: Record<string, string>,
): Promise<{ status: number; body: PushResponse & { error?: { code: string; message: string } } }> {
  const response = await fetch(`${url}${pushPath(collection)}?${schemaParam(collection)}`, {
    method: 'POST',
    headers: { ...headers(workspaceId, auth), 'Content-Type': 'application/json' },
    body: typeof rows === 'string' ? rows : JSON.stringify({ rows }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

export async function pull(
  url: string,
  workspaceId: string,
  collection: CollectionName,
  query = '',
  auth?: Record<string, string>,
): Promise<{ status: number; body: PullResponse & { error?: { code: string; message: string } } }> {
  const response = await fetch(`${url}${pullPath(collection)}?${schemaParam(collection)}${query}`, {
    headers: headers(workspaceId, auth),
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** Resolves when `check` passes, polling; a test's own timeout bounds it. */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Signs up a new workspace through the real accounts API; returns its bearer token. */
export async function signUpWorkspace(
  url: string,
  workspaceName: string,
): Promise<{ token: string; workspaceId: string }> {
  const response = await fetch(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      workspaceName,
      email: `${workspaceName.toLowerCase()}@example.com`,
      name: 'Bench',
      password: 'correct horse battery staple',
      bearer: true,
    }),
  });
  const body = (await response.json()) as { token?: string; workspace?: { id: string } };
  if (response.status !== 201 || !body.token || !body.workspace) {
    throw new Error(`signup answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { token: body.token, workspaceId: body.workspace.id };
}
