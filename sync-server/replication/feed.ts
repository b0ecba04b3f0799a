import { AsyncResource } from 'node:async_hooks';
import { Client } from 'pg';
import { type CollectionName, collectionDefinitions } from '../../shared/documents/collections.ts';
import type { Logger } from '../log.ts';
import type { Sql, StoreKind } from '../store/store.ts';

/** "Workspace W has changes up to seq S in collection C": documents are read by the listener. */
export interface Notice {
  workspaceId: string;
  collection: CollectionName;
  seq: number;
}

/**
 * `lost`: notices may have been missed (the LISTEN connection dropped), streams must RESYNC.
 * `closed`: the server is shutting down; streams end so that clients reconnect elsewhere.
 */
export type FeedEvent = Notice | 'lost' | 'closed';

/**
 * How writers tell live streams that documents changed. `announce` runs inside the writing
 * transaction; listeners hear of it at or after commit and read the rows themselves (the hub
 * waits for the writer's workspace lock, so an early notice is safe).
 */
export interface ChangeFeed {
  /** Listeners hear only committed changes (NOTIFY); otherwise they may hear of one early. */
  readonly afterCommit: boolean;
  announce(tx: Sql, notice: Notice): Promise<void>;
  subscribe(listener: (event: FeedEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process (SQLite, or tests): an in-memory list of listeners. */
export function createLocalFeed(): ChangeFeed {
  const listeners = new Set<(event: FeedEvent) => void>();
  return {
    afterCommit: false,
    async announce(_tx, notice) {
      for (const listener of listeners) listener(notice);
    },
    subscribe(listener) {
      // Bound to the subscriber's async context, not the announcing transaction's: on SQLite a
      // store call made from inside a transaction's context is refused.
      const bound = AsyncResource.bind(listener);
      listeners.add(bound);
      return () => listeners.delete(bound);
    },
    async close() {
      for (const listener of listeners) listener('closed');
      listeners.clear();
    },
  };
}

export const NOTIFY_CHANNEL = 'outpost_documents';
const RECONNECT_MS = [250, 1_000, 5_000];

function parseNotice(payload: string | undefined): Notice | null {
  try {
    const value = JSON.parse(payload ?? '') as { w?: unknown; c?: unknown; s?: unknown };
    if (
      typeof value.w === 'string' &&
      typeof value.c === 'string' &&
      Object.hasOwn(collectionDefinitions, value.c) &&
      typeof value.s === 'number'
    ) {
      return { workspaceId: value.w, collection: value.c as CollectionName, seq: value.s };
    }
  } catch {
    // fall through: not ours
  }
  return null;
}

/** NOTIFY in the transaction: PostgreSQL delivers it to every listener if and when it commits. */
async function notify(tx: Sql, notice: Notice): Promise<void> {
  const payload = JSON.stringify({ w: notice.workspaceId, c: notice.collection, s: notice.seq });
  await tx.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, payload]);
}

/**
 * For a process that writes but serves no streams (ops/restore.ts): running PostgreSQL servers
 * hear its writes; SQLite servers in other processes cannot, their clients get them on the
 * next pull (every reconnect starts with RESYNC).
 */
export function writeOnlyFeed(kind: StoreKind): ChangeFeed {
  return {
    afterCommit: true,
    announce: kind === 'postgres' ? notify : async () => {},
    subscribe: () => () => undefined,
    close: async () => {},
  };
}

/**
 * Several processes on one PostgreSQL: NOTIFY inside the write transaction (delivered on commit,
 * only if it commits) and one LISTEN connection per process, reconnected when it drops.
 */
export async function createPostgresFeed(url: string, log: Logger): Promise<ChangeFeed> {
  const listeners = new Set<(event: FeedEvent) => void>();
  const emit = (event: FeedEvent) => {
    for (const listener of listeners) listener(event);
  };
  let client: Client | undefined;
  let closed = false;
  let failures = 0;

  async function connect(): Promise<void> {
    const next = new Client({ connectionString: url, application_name: 'outpost-listen' });
    next.on('notification', (message) => {
      if (message.channel !== NOTIFY_CHANNEL) return;
      const notice = parseNotice(message.payload);
      if (notice) emit(notice);
    });
    next.on('error', (err) => {
      log.warn({ err }, 'replication LISTEN connection failed; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${NOTIFY_CHANNEL}`);
    client = next;
  }

  function scheduleReconnect() {
    if (closed) return;
    const delay = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]!;
    failures += 1;
    setTimeout(() => {
      if (closed) return;
      connect().then(
        () => {
          failures = 0;
          log.info('replication LISTEN connection restored');
          emit('lost'); // anything committed while disconnected was not heard
        },
        (err: unknown) => {
          log.warn({ err }, 'replication LISTEN reconnect failed');
          scheduleReconnect();
        },
      );
    }, delay).unref();
  }

  await connect();
  return {
    afterCommit: true,
    announce: notify,
    subscribe(listener) {
      const bound = AsyncResource.bind(listener);
      listeners.add(bound);
      return () => listeners.delete(bound);
    },
    async close() {
      closed = true;
      emit('closed');
      listeners.clear();
      await client?.end().catch(() => undefined);
    },
  };
}
