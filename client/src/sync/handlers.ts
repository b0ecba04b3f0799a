import type {
  ReplicationPullHandler,
  ReplicationPushHandler,
  RxReplicationWriteToMasterRow,
  WithDeleted,
} from 'rxdb/plugins/core';
import type { CollectionName } from '../../../shared/documents/collections.ts';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_ROWS,
  pullPath,
  pushPath,
  type Checkpoint,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../../shared/sync/protocol.ts';
import type { SentDocuments } from './sent.ts';
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
  /** Told what each push sends, so the live stream can skip it coming back (sent.ts). */
  sent?: SentDocuments;
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

/** One push request: its JSON body and the documents it sends. */
export interface PushBody {
  text: string;
  documents: Record<string, unknown>[];
}

/**
 * Splits rows into request bodies (JSON text of a PushRequest) of at most MAX_PUSH_ROWS rows
 * and MAX_PUSH_BYTES (the server answers 413 above it), built as they are sent. Each row is
 * serialized once, to measure it and to send it. A row bigger than the byte limit still goes
 * alone: the server refuses it by name.
 */
export function* toPushRequests<T>(
  rows: RxReplicationWriteToMasterRow<T>[],
  maxBytes = MAX_PUSH_BYTES,
  maxRows = MAX_PUSH_ROWS,
): Generator<PushBody> {
  const encoder = new TextEncoder();
  let texts: string[] = [];
  let documents: Record<string, unknown>[] = [];
  let size = 0;
  const envelope = '{"rows":[]}'.length;
  const body = (): PushBody => ({ text: `{"rows":[${texts.join(',')}]}`, documents });
  for (const row of rows) {
    const wire: PushRow = {
      assumedMasterState: (row.assumedMasterState ?? null) as Record<string, unknown> | null,
      newDocumentState: row.newDocumentState as Record<string, unknown>,
    };
    const text = JSON.stringify(wire);
    const bytes = encoder.encode(text).length + 1;
    if (texts.length === maxRows || (texts.length > 0 && envelope + size + bytes > maxBytes)) {
      yield body();
      texts = [];
      documents = [];
      size = 0;
    }
    texts.push(text);
    documents.push(wire.newDocumentState);
    size += bytes;
  }
  if (texts.length > 0) yield body();
}

/**
 * RxDB's push handler: sends the rows, hands RxDB the server's documents for conflicting rows
 * (its conflict handler merges them, sync/conflict.ts) and reports refused rows.
 */
export function pushHandler<T>(
  collection: CollectionName,
  { observer, ready, onRejected, sent }: HandlerContext,
): ReplicationPushHandler<T> {
  // RxDB may call this for several batches at once (Promise.all): many 1 MB requests in
  // parallel against one SQLite writer time out and are all sent again. Calls take turns.
  let queue: Promise<unknown> = Promise.resolve();
  return (rows) => {
    const run = queue.then(() => pushRows(rows));
    queue = run.catch(() => undefined);
    return run;
  };

  async function send(body: PushBody): Promise<PushResponse> {
    await ready?.();
    sent?.remember(collection, body.documents);
    return syncJson<PushResponse>({
      observer,
      method: 'POST',
      path: pushPath(collection),
      collection,
      body: body.text,
    });
  }

  async function pushRows(
    rows: Parameters<ReplicationPushHandler<T>>[0],
  ): Promise<WithDeleted<T>[]> {
    const conflicts: WithDeleted<T>[] = [];
    const rejected: Rejection[] = [];
    const take = (response: PushResponse) => {
      conflicts.push(...(response.conflicts as unknown as WithDeleted<T>[]));
      rejected.push(...response.rejected.map((row) => ({ collection, ...row })));
    };
    // Two requests in flight: the next one uploads while the server writes this one. A failure
    // part-way makes RxDB send every row again, and rows the server already has come back as
    // equal (no conflict) the second time.
    let previous: Promise<PushResponse> | null = null;
    for (const body of toPushRequests(rows)) {
      const current = send(body);
      current.catch(() => undefined); // awaited below, after the one before it
      if (previous) take(await previous);
      previous = current;
    }
    if (previous) take(await previous);
    if (rejected.length > 0) onRejected(rejected);
    return conflicts;
  }
}
