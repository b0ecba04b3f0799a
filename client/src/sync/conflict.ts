import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import { deepEqual } from 'rxdb/plugins/utils';
import { mergeDocuments, type MergeableDocument } from '../../../shared/sync/merge.ts';

/** Local bookkeeping RxDB may leave on a document; never part of the replicated state. */
function replicatedState<T>(doc: WithDeleted<T>): Record<string, unknown> {
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc as Record<string, unknown>;
  return rest;
}

/**
 * RxDB's conflict handler for user-written collections (RxDB 17 API: `isEqual` + `resolve`):
 * when the server's document is not the one this device assumed, the two versions are merged
 * field by field by their clock stamps (shared/sync/merge.ts) and the merge is pushed.
 */
export function fieldMergeConflictHandler<T>(): RxConflictHandler<T> {
  return {
    // Deep equality, never a shortcut on updatedAt or the clock: a false "equal" here would
    // make RxDB skip pushing a real local change.
    isEqual: (a, b) => deepEqual(replicatedState(a), replicatedState(b)),
    resolve: (input) => {
      const merged = mergeDocuments(
        replicatedState(input.newDocumentState) as MergeableDocument,
        replicatedState(input.realMasterState) as MergeableDocument,
        input.assumedMasterState
          ? (replicatedState(input.assumedMasterState) as MergeableDocument)
          : undefined,
      );
      return Promise.resolve(merged as unknown as WithDeleted<T>);
    },
  };
}
