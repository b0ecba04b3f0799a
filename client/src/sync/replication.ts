import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import type { Observable } from 'rxjs';
import {
  collectionDefinitions,
  COLLECTION_NAMES,
  type CollectionName,
} from '../../../shared/documents/collections.ts';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_ROWS,
  SYNC_BASE,
  type Checkpoint,
} from '../../../shared/sync/protocol.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { pullHandler, pushHandler, type HandlerContext } from './handlers.ts';

export type CollectionReplication = RxReplicationState<unknown, Checkpoint>;

/**
 * The replication's identity, shared by the tabs and the service worker: RxDB keeps each
 * collection's checkpoints and the server state it last saw under it, so the service worker's
 * catch-up push continues exactly where the tab stopped.
 */
export function replicationIdentifier(collection: CollectionName): string {
  return `outpost${SYNC_BASE}/${collection}`;
}

/** Collections the user writes are pushed; delivery status and enrichments are pull-only. */
export function isPushed(collection: CollectionName): boolean {
  return collectionDefinitions[collection].writer === 'user';
}

export interface ReplicationOptions {
  live: boolean;
  /** Tabs wait for RxDB leadership; the service worker holds the same lock itself. */
  waitForLeadership: boolean;
  pull: boolean;
  stream$?: (
    collection: CollectionName,
  ) => Observable<RxReplicationPullStreamItem<unknown, Checkpoint>>;
  handlers: HandlerContext;
  retryTime?: number;
  /** Documents per pull request; the protocol's maximum unless a test wants more pages. */
  pullBatchSize?: number;
}

export function replicateCollections(
  db: OutpostDatabase,
  options: ReplicationOptions,
): Map<CollectionName, CollectionReplication> {
  const replications = new Map<CollectionName, CollectionReplication>();
  for (const name of COLLECTION_NAMES) {
    const push = isPushed(name);
    if (!push && !options.pull) continue;
    const collection = db.collections[name] as OutpostDatabase['collections'][CollectionName];
    replications.set(
      name,
      replicateRxCollection<unknown, Checkpoint>({
        replicationIdentifier: replicationIdentifier(name),
        collection: collection as never,
        live: options.live,
        waitForLeadership: options.waitForLeadership,
        retryTime: options.retryTime ?? 5_000,
        // Hidden leader tabs keep replicating: their changes must still leave the device.
        toggleOnDocumentVisible: false,
        pull: options.pull
          ? {
              handler: pullHandler(name, options.handlers),
              batchSize: options.pullBatchSize ?? MAX_PULL_LIMIT,
              stream$: options.stream$?.(name),
            }
          : undefined,
        push: push
          ? {
              handler: pushHandler(name, options.handlers),
              batchSize: MAX_PUSH_ROWS,
            }
          : undefined,
      }),
    );
  }
  return replications;
}
