import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { randomId } from '../../../shared/ids.ts';
import { openDatabase, type OpenOptions } from '../data/database.ts';

/** A database on fake-indexeddb (unit tests only; e2e tests use Chromium's real IndexedDB). */
export function fakeIndexedDbStorage() {
  return getRxStorageDexie({ indexedDB, IDBKeyRange });
}

export function openTestDatabase(options: OpenOptions = {}) {
  return openDatabase({
    name: randomId('testdb').toLowerCase(),
    storage: fakeIndexedDbStorage(),
    ...options,
  });
}
