import type { DBCore, DBCoreGetManyRequest, DBCoreKeyRange, DBCoreTable, Middleware } from 'dexie';
import type {
  DexieSettings,
  DexieStorageInternals,
  RxDocumentData,
  RxStorage,
  RxStorageDefaultCheckpoint,
  RxStorageInstance,
} from 'rxdb/plugins/core';
import { fromDexieToStorage, RxStorageDexie } from 'rxdb/plugins/storage-dexie';

/**
 * The device's storage, made fit for replication: RxDB's Dexie storage with two of its reads
 * done the way IndexedDB is fast at. Any other storage (tests' memory storage) is left as is.
 */
export function replicationStorage<Internals, Options>(
  storage: RxStorage<Internals, Options>,
): RxStorage<Internals, Options> {
  if (!(storage instanceof RxStorageDexie)) return storage;
  const { onCreate } = storage.settings;
  const dexie = new RxStorageDexie({
    ...storage.settings,
    onCreate: async (db, name) => {
      db.use(sparseReads);
      await onCreate?.(db, name);
    },
  });
  const withChanges: RxStorage<DexieStorageInternals, DexieSettings> = {
    name: dexie.name,
    rxdbVersion: dexie.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await dexie.createStorageInstance(params);
      const primaryPath = instance.schema.primaryKey;
      if (typeof primaryPath === 'string') {
        Object.assign(instance, {
          getChangedDocumentsSince: changedSince(instance.internals, primaryPath),
        });
      }
      return instance;
    },
  };
  // It is the storage it was given, with the same internals and settings.
  return withChanges as unknown as RxStorage<Internals, Options>;
}

type ChangedSince = NonNullable<
  RxStorageInstance<
    unknown,
    unknown,
    unknown,
    RxStorageDefaultCheckpoint
  >['getChangedDocumentsSince']
>;

/**
 * RxDB's Dexie storage has no `getChangedDocumentsSince`, so RxDB asks for "changed after
 * checkpoint (lwt, id)" with a query whose `$or` the index cannot answer: the cursor starts at
 * the checkpoint's `lwt` and walks every document of that `lwt` up to the checkpoint's id. One
 * bulk write gives all its documents the same `lwt`, so reading the thousands of documents of a
 * first sync or an import 100 or 500 at a time (the replication's upstream after every RESYNC,
 * the pending count) walked the same rows again for each page: quadratic, millions of cursor
 * steps. Here the compound index [_meta.lwt+id] answers it as one key range from exactly after
 * the checkpoint, read in one request: the same documents in the same order.
 */
function changedSince(internals: DexieStorageInternals, primaryPath: string): ChangedSince {
  const index = `[_meta.lwt+${primaryPath}]`;
  return async (limit, checkpoint) => {
    const { dexieDb, dexieTable, booleanIndexes } = await internals;
    const rows: Record<string, unknown>[] = await dexieDb.transaction('r', dexieTable, () => {
      const range = checkpoint
        ? dexieTable.where(index).above([checkpoint.lwt, checkpoint.id])
        : dexieTable.orderBy(index);
      return range.limit(limit).toArray();
    });
    const documents = rows.map((row) => fromDexieToStorage<unknown>(booleanIndexes, row));
    const last = rows.at(-1);
    return {
      documents,
      checkpoint: last
        ? {
            id: String(last[primaryPath]),
            lwt: (last._meta as RxDocumentData<unknown>['_meta']).lwt,
          }
        : (checkpoint ?? { id: '', lwt: 0 }),
    };
  };
}

/** Fewer keys than this are read one by one: listing the table would cost more. */
const MIN_KEYS = 100;
/** The table's keys are listed only while there are at most this many per key asked for. */
const MAX_STORED_PER_KEY = 2;
/** Every key of the table (Dexie's own "any" range). */
const ANY: DBCoreKeyRange = {
  type: 3,
  lower: -Infinity,
  lowerOpen: false,
  upper: [[]],
  upperOpen: false,
};

/**
 * RxDB reads every document by key before writing it (the fork and the replication state, and
 * again inside each bulk write): one IndexedDB request per key, thousands per pulled page, and
 * on a fresh device they all find nothing. When the table holds few keys next to the number
 * asked for, one request lists its keys and only the keys it holds are read.
 */
const sparseReads: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'outpost-sparse-reads',
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name);
      return { ...table, getMany: (request) => getMany(table, request) };
    },
  }),
};

async function getMany(table: DBCoreTable, request: DBCoreGetManyRequest): Promise<unknown[]> {
  const { keys, trans } = request;
  const primaryKey = table.schema.primaryKey;
  if (keys.length < MIN_KEYS || primaryKey.autoIncrement || !keys.every(isString)) {
    return table.getMany(request);
  }
  // Counting transfers nothing; listing a large table would cost more than the reads it saves.
  const stored = await table.count({ trans, query: { index: primaryKey, range: ANY } });
  if (stored > MAX_STORED_PER_KEY * keys.length) return table.getMany(request);
  const listed = await table.query({
    trans,
    values: false,
    query: { index: primaryKey, range: ANY },
  });
  const present = new Set(listed.result as string[]);
  const wanted = keys.filter((key) => present.has(key));
  const found = wanted.length > 0 ? await table.getMany({ ...request, keys: wanted }) : [];
  const byKey = new Map(wanted.map((key, i) => [key, found[i]]));
  return keys.map((key) => byKey.get(key));
}

function isString(key: unknown): key is string {
  return typeof key === 'string';
}
