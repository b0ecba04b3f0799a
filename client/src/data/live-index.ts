import {
  normalizeMangoQuery,
  prepareQuery,
  type RxChangeEventBulk,
  type RxCollection,
} from 'rxdb/plugins/core';
import { fromDexieToStorage, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import type { ContactsIndex } from './contacts-index.ts';
import type { OutpostDatabase } from './database.ts';

/**
 * Keeps the in-memory index equal to the database: loads every document once, then applies
 * each change bulk, whether this tab, another tab (RxDB multiInstance) or replication wrote it.
 * Subscribes before loading and replays what arrived meanwhile, so no change falls in the gap.
 */
export async function mirrorIntoIndex(
  db: OutpostDatabase,
  index: ContactsIndex,
): Promise<() => void> {
  const stops = await Promise.all([
    mirror(db.contacts, (changed, removed) => index.applyContacts(changed, removed)),
    mirror(db.delivery_status, (changed, removed) => index.applyDelivery(changed, removed)),
    mirror(db.enrichments, (changed, removed) => index.applyEnrichments(changed, removed)),
  ]);
  return () => stops.forEach((stop) => stop());
}

async function mirror<T extends { id: string }>(
  collection: RxCollection<T>,
  apply: (changed: T[], removedIds: string[]) => void,
): Promise<() => void> {
  let pending: RxChangeEventBulk<T>[] | null = [];
  const applyBulk = (bulk: RxChangeEventBulk<T>) => {
    const changed: T[] = [];
    const removed: string[] = [];
    for (const event of bulk.events) {
      if (event.operation === 'DELETE' || event.documentData._deleted)
        removed.push(event.documentId);
      else changed.push(event.documentData as unknown as T);
    }
    apply(changed, removed);
  };
  const subscription = collection.eventBulks$.subscribe((bulk) => {
    if (pending) pending.push(bulk as RxChangeEventBulk<T>);
    else applyBulk(bulk as RxChangeEventBulk<T>);
  });
  apply(await readAll(collection), []);
  for (const bulk of pending) applyBulk(bulk);
  pending = null;
  return () => subscription.unsubscribe();
}

/**
 * Every live document as plain data, straight from the storage: at 100,000 contacts, building
 * RxDocument objects (collection.find()) costs seconds the index does not need, and so does
 * RxDB's own storage query, which walks an IndexedDB cursor one round trip per document. On the
 * Dexie storage one `getAll` (Dexie's toArray) reads the whole table at once.
 */
async function readAll<T>(collection: RxCollection<T>): Promise<T[]> {
  const started = performance.now();
  const documents = (await readAllFromDexie(collection)) ?? (await readAllByQuery(collection));
  performance.measure(`load ${collection.name}`, { start: started });
  return documents;
}

async function readAllFromDexie<T>(collection: RxCollection<T>): Promise<T[] | null> {
  // RxDB wraps the storage instance; `internals` is the Dexie storage's own state.
  const { internals } = collection.storageInstance.originalStorageInstance as Partial<
    RxStorageInstanceDexie<T>
  >;
  if (!(internals instanceof Promise)) return null; // another storage (tests use memory storage)
  const { dexieTable, booleanIndexes } = await internals;
  const stored = await dexieTable.toArray();
  const live: T[] = [];
  for (const raw of stored) {
    // Undo what the Dexie storage changes on the way in (booleans of indexes, `|` keys).
    const document = fromDexieToStorage<T>(booleanIndexes, raw);
    if (!document._deleted) live.push(document as T);
  }
  return live;
}

async function readAllByQuery<T>(collection: RxCollection<T>): Promise<T[]> {
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery(schema, { selector: {} });
  // What RxQuery adds to every query: deleted documents are not results.
  query.selector = { ...query.selector, _deleted: { $eq: false } } as typeof query.selector;
  if (query.index) query.index.unshift('_deleted');
  const { documents } = await collection.storageInstance.query(prepareQuery(schema, query));
  return documents as unknown as T[];
}
