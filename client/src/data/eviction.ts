import { normalizeMangoQuery, prepareQuery } from 'rxdb/plugins/core';
import type { OutpostDatabase } from './database.ts';

const MARKER_KEY = 'outpost:had-data-since';

export interface EvictionNotice {
  /** When this device first held data that is now gone. */
  since: string;
  message: string;
}

/**
 * Browsers may clear a site's IndexedDB under storage pressure unless storage is persisted. We
 * cannot observe that happening, but we can notice it afterwards: localStorage remembers that
 * this device held contacts, and the database is now empty. Then say so instead of silently
 * showing an empty app.
 */
export async function detectEviction(
  db: OutpostDatabase,
  contactCount: number,
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
): Promise<EvictionNotice | null> {
  const since = storage.getItem(MARKER_KEY);
  if (contactCount > 0) {
    if (!since) storage.setItem(MARKER_KEY, new Date().toISOString());
    return null;
  }
  if (!since) return null;
  const campaigns = await db.campaigns.count().exec();
  if (campaigns > 0 || (await hasDeletedContacts(db))) return null;
  // Report it once; the marker comes back as soon as the device holds contacts again.
  storage.removeItem(MARKER_KEY);
  return {
    since,
    message:
      'The browser cleared Outpost’s data on this device (storage was not persistent). ' +
      'Changes already synced come back from the team server; to prevent this, choose ' +
      '“Keep data on this device” in Settings.',
  };
}

/** Deleted contacts are kept as tombstones: if there are some, the user emptied the list. */
async function hasDeletedContacts(db: OutpostDatabase): Promise<boolean> {
  const schema = db.contacts.schema.jsonSchema;
  const query = normalizeMangoQuery(schema, { selector: {} });
  query.selector = { _deleted: { $eq: true } } as typeof query.selector;
  query.limit = 1;
  const { documents } = await db.contacts.storageInstance.query(prepareQuery(schema, query));
  return documents.length > 0;
}
