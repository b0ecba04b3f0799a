import type { RxChangeEventBulk, RxCollection } from 'rxdb/plugins/core';
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
  const docs = await collection.find().exec();
  apply(
    docs.map((doc) => doc.toJSON() as unknown as T),
    [],
  );
  for (const bulk of pending) applyBulk(bulk);
  pending = null;
  return () => subscription.unsubscribe();
}
