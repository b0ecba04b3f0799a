import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';
import {
  type CollectionName,
  collectionDefinitions,
  toRxJsonSchema,
} from '../../shared/documents/collections.ts';
import {
  type Checkpoint,
  type PullResponse,
  type PushResponse,
  pullPath,
  pushPath,
} from '../../shared/sync/protocol.ts';
import { headers, openStream, schemaParam } from './test-support.ts';

type Doc = Record<string, unknown> & { id: string };

export interface SyncClient {
  db: RxDatabase;
  collection(name: CollectionName): RxCollection<Doc>;
  replications: RxReplicationState<Doc, Checkpoint>[];
  /** Rows the server refused, with its reasons. */
  rejected: PushResponse['rejected'];
  /** Resolves once every replication has caught up with the server. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let clientNumber = 0;

/**
 * A device: RxDB on memory storage, `replicateRxCollection` per collection with pull, push and
 * the one SSE stream split per collection. This is how client/src/sync should call the server.
 */
export async function syncClient(
  url: string,
  workspaceId: string,
  names: readonly CollectionName[] = ['contacts', 'delivery_status'],
): Promise<SyncClient> {
  const db = await createRxDatabase({
    name: `device${++clientNumber}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  await db.addCollections(
    Object.fromEntries(
      names.map((name) => [
        name,
        {
          // Local schema version 0: a fresh device has nothing to migrate (the server checks
          // the shared version sent as ?schema=).
          schema: toRxJsonSchema({
            ...collectionDefinitions[name],
            version: 0,
          }) as unknown as RxJsonSchema<Doc>,
        },
      ]),
    ),
  );
  const subjects = new Map(names.map((name) => [name, new Subject<unknown>()]));
  const stream = openStream(url, workspaceId, (event) => {
    if (event === 'RESYNC') for (const subject of subjects.values()) subject.next('RESYNC');
    else subjects.get(event.collection)?.next(event);
  });
  const rejected: PushResponse['rejected'] = [];
  const h = headers(workspaceId);
  const replications = names.map((name) =>
    replicateRxCollection<Doc, Checkpoint>({
      collection: db.collections[name] as RxCollection<Doc>,
      replicationIdentifier: `outpost-${url}-${name}`,
      live: true,
      retryTime: 100,
      waitForLeadership: false,
      pull: {
        batchSize: 50,
        async handler(checkpoint, batchSize) {
          const after = checkpoint?.seq ?? 0;
          const response = await fetch(
            `${url}${pullPath(name)}?after=${after}&limit=${batchSize}&${schemaParam(name)}`,
            { headers: h },
          );
          if (!response.ok) throw new Error(`pull answered ${response.status}`);
          const page = (await response.json()) as PullResponse;
          return { documents: page.documents as never, checkpoint: page.checkpoint };
        },
        stream$: subjects.get(name)!.asObservable() as never,
      },
      push:
        collectionDefinitions[name].writer === 'user'
          ? {
              batchSize: 50,
              async handler(rows) {
                const response = await fetch(`${url}${pushPath(name)}?${schemaParam(name)}`, {
                  method: 'POST',
                  headers: { ...h, 'Content-Type': 'application/json' },
                  body: JSON.stringify({ rows }),
                });
                if (!response.ok) throw new Error(`push answered ${response.status}`);
                const result = (await response.json()) as PushResponse;
                rejected.push(...result.rejected);
                return result.conflicts as never;
              },
            }
          : undefined,
    }),
  );
  await stream.opened;
  return {
    db,
    collection: (name) => db.collections[name] as RxCollection<Doc>,
    replications,
    rejected,
    async settle() {
      await Promise.all(replications.map((r) => r.awaitInSync()));
    },
    async close() {
      stream.close();
      await Promise.all(replications.map((r) => r.cancel()));
      await db.close();
    },
  };
}
