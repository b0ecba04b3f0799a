import { getChangedDocumentsSince, getComposedPrimaryKeyOfDocumentData } from 'rxdb/plugins/core';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { getHeightOfRevision } from 'rxdb/plugins/utils';

/**
 * Counting stops here: the indicator says "1,000+" and nobody walks 100k rows for a label (it
 * is a cursor on the page's thread, and it holds IndexedDB read transactions an import waits on).
 */
export const PENDING_CAP = 1_000;
const PAGE = 1_000;

/**
 * How many documents of a collection have local changes the server has not acknowledged.
 *
 * RxDB's upstream keeps a checkpoint in the replication's meta instance: every fork write after
 * it is still to be pushed, except the ones the downstream wrote (pulled from the server), which
 * RxDB flags by putting the revision height under the replication's identifier in `_meta`. Only
 * callable in the tab that runs the replication (the meta instance is opened on start).
 */
export async function countPending<T, C>(
  replication: RxReplicationState<T, C>,
  cap = PENDING_CAP,
): Promise<{ count: number; capped: boolean }> {
  const meta = replication.metaInstance;
  if (!meta) return { count: 0, capped: false };
  const checkpointId = getComposedPrimaryKeyOfDocumentData(meta.schema, {
    isCheckpoint: '1',
    itemId: 'up',
  });
  const [checkpointDoc] = await meta.findDocumentsById([checkpointId], false);
  let checkpoint: unknown = checkpointDoc?.checkpointData;
  const flag = `rxdbreplication${replication.replicationIdentifier}`;
  const fork = replication.collection.storageInstance;
  let count = 0;
  for (;;) {
    const page = await getChangedDocumentsSince(fork, PAGE, checkpoint);
    for (const doc of page.documents) {
      const pulled = (doc._meta as Record<string, unknown>)[flag];
      if (pulled !== getHeightOfRevision(doc._rev)) count++;
    }
    if (count >= cap) return { count: cap, capped: true };
    if (page.documents.length < PAGE) return { count, capped: false };
    checkpoint = page.checkpoint;
  }
}
