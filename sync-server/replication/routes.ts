import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { type CollectionName, collectionDefinitions } from '../../shared/documents/collections.ts';
import {
  DEFAULT_PULL_LIMIT,
  MAX_PULL_LIMIT,
  MAX_PUSH_BYTES,
  PROTOCOL_HEADER,
  PROTOCOL_PARAM,
  pushRequestSchema,
  SCHEMA_VERSION_PARAM,
  STREAM_HEARTBEAT_MS,
  type StreamEvent,
  SYNC_PROTOCOL_VERSION,
} from '../../shared/sync/protocol.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import { jsonBody, onInvalid } from '../http/validation.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Store } from '../store/store.ts';
import { currentSeq, pageJson, pullRows } from './documents.ts';
import { type ChangeFeed, createLocalFeed } from './feed.ts';
import type { OnAccepted } from './hooks.ts';
import { createHub } from './hub.ts';
import { applyPush } from './write.ts';

export type ReplicationMetrics = Pick<Metrics, 'replicationDocuments' | 'activeStreams'>;

export interface ReplicationDeps {
  store: Store;
  /** Defaults to the in-process feed: enough for one process (SQLite or one PostgreSQL server). */
  feed?: ChangeFeed;
  log: Logger;
  onAccepted?: OnAccepted;
  metrics?: ReplicationMetrics;
  heartbeatMs?: number;
}

const VERSION = /^\d{1,9}$/;
/** Unsent stream data (UTF-16 units) a slow client may leave behind before it is let go. */
const MAX_QUEUED_BYTES = 8_000_000;
const SEQ = /^\d{1,15}$/;

/** 426 for an older client (or one sending no version), 400 for one newer than this server. */
function versionProblem(
  c: Context<AppEnv>,
  what: string,
  sent: string | undefined,
  server: number,
): Response | undefined {
  if (sent !== undefined && !VERSION.test(sent)) {
    return apiError(c, 400, 'bad_request', `${what} must be a whole number (got "${sent}")`);
  }
  const version = sent === undefined ? -1 : Number(sent);
  if (version < server) {
    return apiError(
      c,
      426,
      'upgrade_required',
      `this app is older than the server (${what} ${sent ?? 'missing'}, server ${server}): please reload to update`,
    );
  }
  if (version > server) {
    return apiError(
      c,
      400,
      'bad_request',
      `the server is older than this app (${what} ${version}, server ${server}): try again after the server is updated`,
    );
  }
  return undefined;
}

function collectionOf(c: Context<AppEnv>): CollectionName | undefined {
  const name = c.req.param('collection') ?? '';
  return Object.hasOwn(collectionDefinitions, name) ? (name as CollectionName) : undefined;
}

/**
 * RxDB's replication protocol under {SYNC_BASE} (shared/sync/protocol.ts), for the caller's
 * workspace only. Mount behind the auth middleware; without a session every route answers 401.
 */
export function replicationRoutes(deps: ReplicationDeps) {
  const { store, log } = deps;
  const feed = deps.feed ?? createLocalFeed();
  const hub = createHub({ store, feed, log });
  const heartbeatMs = deps.heartbeatMs ?? STREAM_HEARTBEAT_MS;
  const count = (direction: 'in' | 'out', collection: CollectionName, n: number) => {
    if (n > 0) deps.metrics?.replicationDocuments.inc({ direction, collection }, n);
  };
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    if (!c.get('session')) return apiError(c, 401, 'unauthorized', 'not signed in');
    const protocol = c.req.header(PROTOCOL_HEADER) ?? c.req.query(PROTOCOL_PARAM);
    const problem = versionProblem(c, 'sync protocol', protocol, SYNC_PROTOCOL_VERSION);
    if (problem) return problem;
    await next();
  });

  // One stream per device for every collection of its workspace (browsers allow 6 connections).
  app.get('/stream', (c) => {
    const { workspaceId } = c.get('session');
    c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    return streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      let queuedBytes = 0;
      const { promise: ended, resolve: end } = Promise.withResolvers<void>();
      const send = (event: StreamEvent) => {
        const data = JSON.stringify(event);
        // A client that stops reading is let go rather than buffered for: it reconnects and pulls.
        queuedBytes += data.length;
        if (queuedBytes > MAX_QUEUED_BYTES) return end();
        if (typeof event !== 'string') count('out', event.collection, event.documents.length);
        queue = queue.then(async () => {
          await stream.writeSSE({ data });
          queuedBytes -= data.length;
        });
      };
      stream.onAbort(end);
      c.req.raw.signal.addEventListener('abort', () => end(), { once: true });
      const unsubscribe = hub.subscribe(workspaceId, send, end);
      deps.metrics?.activeStreams.inc();
      const heartbeat = setInterval(() => {
        queue = queue.then(() => stream.write(': ping\n\n').then(() => undefined));
      }, heartbeatMs);
      await ended;
      clearInterval(heartbeat);
      unsubscribe();
      deps.metrics?.activeStreams.dec();
      await queue; // on shutdown, what was queued still goes out before the stream ends
    });
  });

  app.use('/:collection/*', async (c, next) => {
    const collection = collectionOf(c);
    if (!collection) {
      return apiError(
        c,
        404,
        'not_found',
        `no replicated collection "${c.req.param('collection')}"`,
      );
    }
    const sent = c.req.query(SCHEMA_VERSION_PARAM);
    if (sent === undefined) {
      return apiError(
        c,
        400,
        'bad_request',
        `send ?${SCHEMA_VERSION_PARAM}=<version of ${collection}>`,
      );
    }
    const problem = versionProblem(
      c,
      `${collection} schema`,
      sent,
      collectionDefinitions[collection].version,
    );
    if (problem) return problem;
    await next();
  });

  app.get('/:collection/pull', async (c) => {
    const collection = collectionOf(c)!;
    const { workspaceId } = c.get('session');
    const afterText = c.req.query('after') ?? '0';
    const limitText = c.req.query('limit') ?? String(DEFAULT_PULL_LIMIT);
    if (!SEQ.test(afterText)) {
      return apiError(
        c,
        400,
        'bad_request',
        `after must be a checkpoint seq, a whole number (got "${afterText}")`,
      );
    }
    const limit = VERSION.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > MAX_PULL_LIMIT) {
      return apiError(
        c,
        400,
        'bad_request',
        `limit must be from 1 to ${MAX_PULL_LIMIT} (got "${limitText}")`,
      );
    }
    let after = Number(afterText);
    let rows = await pullRows(store, workspaceId, collection, after, limit);
    // A checkpoint beyond anything this server assigned comes from another history of the data
    // (a restore into a new server): start over rather than skip everything.
    if (rows.length === 0 && after > (await currentSeq(store, workspaceId))) {
      after = 0;
      rows = await pullRows(store, workspaceId, collection, after, limit);
    }
    count('out', collection, rows.length);
    // Encoded once here: a string body would be scanned for its UTF-8 length, then encoded.
    return c.body(Buffer.from(pageJson(rows, rows.at(-1)?.seq ?? after)), 200, {
      'Content-Type': 'application/json; charset=UTF-8',
    });
  });

  app.post(
    '/:collection/push',
    async (c, next) => {
      const collection = collectionOf(c)!;
      if (collectionDefinitions[collection].writer !== 'user') {
        return apiError(c, 403, 'forbidden', `${collection} is written by the server only`);
      }
      await next();
    },
    bodyLimit({
      maxSize: MAX_PUSH_BYTES,
      onError: (c) =>
        apiError(
          c,
          413,
          'payload_too_large',
          `a push body may be at most ${MAX_PUSH_BYTES} bytes: send fewer rows per request`,
        ),
    }),
    jsonBody(),
    zValidator('json', pushRequestSchema, onInvalid),
    async (c) => {
      const collection = collectionOf(c)!;
      const { workspaceId } = c.get('session');
      const { rows } = c.req.valid('json');
      const result = await applyPush({ ...deps, feed }, workspaceId, collection, rows);
      count('in', collection, result.accepted);
      if (result.response.rejected.length > 0) {
        log.info({ collection, rejected: result.response.rejected.length }, 'push rows rejected');
      }
      return c.json(result.response);
    },
  );

  return app;
}
