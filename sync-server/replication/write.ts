import { isDeepStrictEqual } from 'node:util';
import type { CollectionName } from '../../shared/documents/collections.ts';
import type { PushRequest, PushResponse, WireDocument } from '../../shared/sync/protocol.ts';
import type { Sql, Store } from '../store/store.ts';
import { lockWorkspace, readDocuments, saveWorkspaceSeq, writeDocument } from './documents.ts';
import type { ChangeFeed } from './feed.ts';
import type { AcceptedChange, OnAccepted, WriteServerDocuments } from './hooks.ts';
import { checkDocument } from './validate.ts';

export interface PushResult {
  response: PushResponse;
  accepted: number;
}

/**
 * RxDB's push, in one transaction: each valid row whose assumed master state equals the stored
 * document (or whose document the server does not have) is written with the next seq; every
 * other row gets the stored document back as a conflict. Two clients pushing the same new id
 * are serialized by the workspace lock: the second finds the first's document and conflicts.
 */
export async function applyPush(
  deps: { store: Store; feed: ChangeFeed; onAccepted?: OnAccepted },
  workspaceId: string,
  collection: CollectionName,
  rows: PushRequest['rows'],
  now = new Date(),
): Promise<PushResult> {
  const rejected: PushResponse['rejected'] = [];
  const valid: { assumed: Record<string, unknown> | null; document: WireDocument }[] = [];
  for (const row of rows) {
    const checked = checkDocument(collection, row.newDocumentState);
    if (checked.ok)
      valid.push({ assumed: row.assumedMasterState ?? null, document: checked.document });
    else rejected.push({ id: checked.id, reason: checked.reason });
  }
  if (valid.length === 0) return { response: { conflicts: [], rejected }, accepted: 0 };

  return deps.store.transaction(async (tx) => {
    let seq = await lockWorkspace(tx, workspaceId);
    const stored = await readDocuments(
      tx,
      workspaceId,
      collection,
      valid.map((row) => row.document.id),
    );
    const conflictIds = new Set<string>();
    const accepted: AcceptedChange['documents'] = [];
    const at = now.toISOString();
    for (const { assumed, document } of valid) {
      const previous = stored.get(document.id) ?? null;
      if (previous && !isDeepStrictEqual(assumed, previous)) {
        conflictIds.add(document.id);
        continue;
      }
      seq += 1;
      await writeDocument(tx, workspaceId, collection, document, seq, at);
      stored.set(document.id, document);
      accepted.push({ previous, current: document });
    }
    if (accepted.length > 0) {
      await saveWorkspaceSeq(tx, workspaceId, seq);
      await deps.onAccepted?.(tx, { workspaceId, collection, documents: accepted });
      await deps.feed.announce(tx, { workspaceId, collection, seq });
    }
    // A conflict answers with the latest state, even if a later row of this push changed it.
    const conflicts = [...conflictIds].map((id) => stored.get(id)!);
    return { response: { conflicts, rejected }, accepted: accepted.length };
  });
}

/**
 * Writes documents the server vouches for (its own, or a restore) with the next seqs, skipping
 * any identical to the stored one, and announces them. The caller validated them and owns the
 * transaction. Returns how many were written.
 */
export async function writeTrusted(
  tx: Sql,
  feed: ChangeFeed,
  workspaceId: string,
  collection: CollectionName,
  documents: readonly WireDocument[],
  options: { now?: Date; minSeq?: number } = {},
): Promise<number> {
  if (documents.length === 0) return 0;
  const locked = await lockWorkspace(tx, workspaceId);
  let seq = Math.max(locked, options.minSeq ?? 0);
  const stored = await readDocuments(
    tx,
    workspaceId,
    collection,
    documents.map((d) => d.id),
  );
  const at = (options.now ?? new Date()).toISOString();
  let written = 0;
  for (const document of documents) {
    if (isDeepStrictEqual(stored.get(document.id), document)) continue;
    seq += 1;
    written += 1;
    await writeDocument(tx, workspaceId, collection, document, seq, at);
    stored.set(document.id, document);
  }
  if (seq !== locked) await saveWorkspaceSeq(tx, workspaceId, seq);
  if (written > 0) await feed.announce(tx, { workspaceId, collection, seq });
  return written;
}

/**
 * WriteServerDocuments (hooks.ts): the server's own documents, validated like a push (an
 * invalid one is a bug in the caller: it throws, rolling back the caller's transaction),
 * written with the next seqs unless unchanged, and announced to live streams on commit.
 *
 * Lock order: this takes the workspace's replication lock. Call it before touching rows a push
 * also locks (the outbox), or a push and this transaction can deadlock on PostgreSQL.
 */
export function serverDocumentWriter(
  feed: ChangeFeed,
  now = () => new Date(),
): WriteServerDocuments {
  return async (tx, workspaceId, collection, documents) => {
    const checked = documents.map((document) => {
      const result = checkDocument(collection, document);
      if (!result.ok) {
        throw new Error(`server-written ${collection} "${result.id}" is invalid: ${result.reason}`);
      }
      return result.document;
    });
    await writeTrusted(tx, feed, workspaceId, collection, checked, { now: now() });
  };
}
