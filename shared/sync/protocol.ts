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
 *   GET  {SYNC_BASE}/{collection}/pull?after=<seq>&limit=<n>      -> PullResponse
 *   POST {SYNC_BASE}/{collection}/push   body PushRequest         -> PushResponse (conflicts)
 *   GET  {SYNC_BASE}/stream                                         -> text/event-stream of
 *        StreamEvent (one stream for all collections: browsers allow 6 connections per origin)
 *
 * Every request carries PROTOCOL_HEADER and, for a collection, SCHEMA_VERSION_PARAM with the
 * client's schema version of it; an older client gets 426 `upgrade_required` ("please reload").
 * Authentication: the session cookie (PWA) or `Authorization: Bearer <token>`.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'Outpost-Protocol';
export const SCHEMA_VERSION_PARAM = 'schema';
export const SYNC_BASE = `${API_BASE}/sync`;

export const MAX_PULL_LIMIT = 1_000;
export const MAX_PUSH_ROWS = 500;

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

export const pushRowSchema = z.strictObject({
  assumedMasterState: z.record(z.string(), z.unknown()).nullable(),
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

/** One SSE `data:` payload. `RESYNC`: pull everything after your checkpoint again. */
export type StreamEvent =
  { collection: CollectionName; documents: WireDocument[]; checkpoint: Checkpoint } | 'RESYNC';
