import type {
  ReplicationPullHandler,
  ReplicationPushHandler,
  RxReplicationWriteToMasterRow,
  WithDeleted,
} from 'rxdb/plugins/core';
import type { CollectionName } from '../../../shared/documents/collections.ts';
import {
  MAX_PUSH_BYTES,
  pullPath,
  pushPath,
  type Checkpoint,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../../shared/sync/protocol.ts';
import { syncJson, type TransportObserver } from './transport.ts';

/** A row the server refused (shared schema), with its reason; the document stays on the device. */
export interface Rejection {
  collection: CollectionName;
  id: string | null;
  reason: string;
}

/** What every handler of one replication shares. */
export interface HandlerContext {
  observer?: TransportObserver;
  /** Resolves when requests may go out (held after a 401 until sign-in, forever after a 426). */
  ready?: () => Promise<void>;
  onRejected: (rejections: Rejection[]) => void;
}

/**
 * RxDB's pull handler for one collection: documents after the checkpoint, in server order.
 *
 * A full page means more follow, so the next page is fetched right away, while RxDB writes this
 * one to IndexedDB (RxDB asks for it only after writing): network and disk overlap, as in any
 * streaming download. The prefetched page is used only if RxDB asks for exactly that checkpoint.
 */
export function pullHandler<T>(
  collection: CollectionName,
  { observer, ready }: HandlerContext,
): ReplicationPullHandler<T, Checkpoint> {
  let prefetched: { after: number; limit: number; page: Promise<PullResponse> } | null = null;
  const fetchPage = async (after: number, limit: number) => {
    await ready?.();
    return syncJson<PullResponse>({
      observer,
      method: 'GET',
      path: pullPath(collection),
      collection,
      query: { after, limit },
    });
  };
  return async (checkpoint, batchSize) => {
    const after = checkpoint?.seq ?? 0;
    const ahead = prefetched;
    prefetched = null;
    const response =
      ahead && ahead.after === after && ahead.limit === batchSize
        ? await ahead.page.catch(() => fetchPage(after, batchSize))
        : await fetchPage(after, batchSize);
    if (response.documents.length === batchSize) {
      const page = fetchPage(response.checkpoint.seq, batchSize);
      page.catch(() => undefined); // A failed prefetch is fetched again when asked for.
      prefetched = { after: response.checkpoint.seq, limit: batchSize, page };
    }
    return {
      documents: response.documents as unknown as WithDeleted<T>[],
      checkpoint: response.checkpoint,
    };
  };
}

type PushRow = PushRequest['rows'][number];

/**
 * Splits rows into request bodies under MAX_PUSH_BYTES (the server answers 413 above it). A row
 * bigger than that alone still goes alone: the server refuses it by name.
 */
export function toPushRequests<T>(
  rows: RxReplicationWriteToMasterRow<T>[],
  maxBytes = MAX_PUSH_BYTES,
): PushRequest[] {
  const encoder = new TextEncoder();
  const requests: PushRequest[] = [];
  let current: PushRow[] = [];
  let size = 0;
  const envelope = encoder.encode('{"rows":[]}').length;
  for (const row of rows) {
    const wire: PushRow = {
      assumedMasterState: (row.assumedMasterState ?? null) as Record<string, unknown> | null,
      newDocumentState: row.newDocumentState as Record<string, unknown>,
    };
    const bytes = encoder.encode(JSON.stringify(wire)).length + 1;
    if (current.length > 0 && envelope + size + bytes > maxBytes) {
      requests.push({ rows: current });
      current = [];
      size = 0;
    }
    current.push(wire);
    size += bytes;
  }
  if (current.length > 0) requests.push({ rows: current });
  return requests;
}

/**
 * RxDB's push handler: sends the rows, hands RxDB the server's documents for conflicting rows
 * (its conflict handler merges them, sync/conflict.ts) and reports refused rows.
 */
export function pushHandler<T>(
  collection: CollectionName,
  { observer, ready, onRejected }: HandlerContext,
): ReplicationPushHandler<T> {
  // RxDB calls this for all batches of a large change set at once (Promise.all): twenty 1 MB
  // requests in parallel against one SQLite writer time out and are all sent again. One at a
  // time, each is answered quickly.
  let queue: Promise<unknown> = Promise.resolve();
  return (rows) => {
    const run = queue.then(() => pushRows(rows));
    queue = run.catch(() => undefined);
    return run;
  };

  async function pushRows(
    rows: Parameters<ReplicationPushHandler<T>>[0],
  ): Promise<WithDeleted<T>[]> {
    const conflicts: WithDeleted<T>[] = [];
    const rejected: Rejection[] = [];
    // One after the other: a failure part-way makes RxDB send every row again, and rows the
    // server already has come back as equal (no conflict) the second time.
    for (const body of toPushRequests(rows)) {
      await ready?.();
      const response = await syncJson<PushResponse>({
        observer,
        method: 'POST',
        path: pushPath(collection),
        collection,
        body,
      });
      conflicts.push(...(response.conflicts as unknown as WithDeleted<T>[]));
      rejected.push(...response.rejected.map((row) => ({ collection, ...row })));
    }
    if (rejected.length > 0) onRejected(rejected);
    return conflicts;
  }
}
