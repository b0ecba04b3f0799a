import { z } from 'zod';
import { API_BASE } from '../version.ts';
import type { CollectionName } from '../documents/collections.ts';

/**
 * The replication protocol between the PWA (RxDB `replicateRxCollection`) and the sync server,
 * one shape for every collection (architecture.md, "Replication").
 *
 * Documents travel as RxDB stores them: the collection's document (shared/documents) plus
 * `_deleted`. Nothing is ever hard-deleted. The server orders a workspace's changes by a
 * sequence it assigns in commit order, so a checkpoint is that number: pulling "after seq N"
 * never skips a change committed later with a smaller number.
 *
 *   GET  {SYNC_BASE}/{collection}/pull?after=<seq>&limit=<n>&schema=<v> -> PullResponse
 *   POST {SYNC_BASE}/{collection}/push?schema=<v>  body PushRequest      -> PushResponse
 *   GET  {SYNC_BASE}/stream                                         -> text/event-stream of
 *        StreamEvent (one stream for all collections: browsers allow 6 connections per origin)
 *
 * Every request carries PROTOCOL_HEADER (the stream also accepts it as the PROTOCOL_PARAM query
 * parameter, for EventSource, which cannot set headers) and, for a collection,
 * SCHEMA_VERSION_PARAM with the client's schema version of it. An older client (or one sending no
 * protocol version) gets 426 `upgrade_required` ("please reload"); a client newer than the server
 * gets 400. Authentication: the session cookie (PWA) or `Authorization: Bearer <token>`.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'Outpost-Protocol';
export const PROTOCOL_PARAM = 'protocol';
export const SCHEMA_VERSION_PARAM = 'schema';
export const SYNC_BASE = `${API_BASE}/sync`;

/**
 * Documents per pull request at most. A first sync downloads every document: few large pages
 * finish the download early, so the device writes it in a few large transactions.
 */
export const MAX_PULL_LIMIT = 5_000;
export const DEFAULT_PULL_LIMIT = 100;
export const MAX_PUSH_ROWS = 500;
/**
 * A push body larger than this gets 413: the client splits its rows into requests below it.
 * Any one row fits, because a document (JSON, UTF-8) larger than MAX_DOCUMENT_BYTES is refused
 * per row (listed in `rejected`), never stored. Operators lowering MAX_BODY_BYTES below this
 * lower it for every route.
 */
export const MAX_PUSH_BYTES = 1_048_576;
export const MAX_DOCUMENT_BYTES = 100_000;
/** Comment lines (`: ping`) on the stream this often, so proxies keep it open. */
export const STREAM_HEARTBEAT_MS = 25_000;

export function pullPath(collection: CollectionName): string {
  return `${SYNC_BASE}/${collection}/pull`;
}
export function pushPath(collection: CollectionName): string {
  return `${SYNC_BASE}/${collection}/push`;
}
export const STREAM_PATH = `${SYNC_BASE}/stream`;

/** A replicated document on the wire: the collection's fields plus RxDB's deletion flag. */
export type WireDocument = Record<string, unknown> & { id: string; _deleted: boolean };

export const checkpointSchema = z.strictObject({ seq: z.number().int().nonnegative() });
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface PullResponse {
  documents: WireDocument[];
  /** Unchanged (the request's) when there is nothing new. */
  checkpoint: Checkpoint;
}

/** RxDB leaves `assumedMasterState` undefined (absent in JSON) for a document new to it. */
export const pushRowSchema = z.strictObject({
  assumedMasterState: z.record(z.string(), z.unknown()).nullish(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export const pushRequestSchema = z.strictObject({
  rows: z.array(pushRowSchema).max(MAX_PUSH_ROWS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface PushResponse {
  /** The server's current document for every row whose assumed master state was stale. */
  conflicts: WireDocument[];
  /** Rows refused by the shared schema, with the reason; never stored. */
  rejected: { id: string | null; reason: string }[];
}

/**
 * One SSE `data:` payload, always JSON (`"RESYNC"` is a JSON string). `RESYNC` is the first
 * event of every connection and follows any moment the server may have missed changes: pull
 * every collection from its checkpoint. A document event's checkpoint is `{seq}` of its last
 * document; feed it to that collection's `stream$` as RxDB's `{documents, checkpoint}`.
 */
export type StreamEvent =
  { collection: CollectionName; documents: WireDocument[]; checkpoint: Checkpoint } | 'RESYNC';
