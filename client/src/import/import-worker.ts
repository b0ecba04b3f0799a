/**
 * The CSV import Web Worker: parsing, mapping, validation, dedup and writing all happen here
 * (api.ts), off the main thread. It opens the same RxDB database as the page.
 */
import * as Comlink from 'comlink';
import type { DexieSettings, DexieStorageInternals, RxStorage } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase } from '../data/database.ts';
import { createImportApi } from './api.ts';
import { openImportsDb } from './job-store.ts';

/**
 * RxDB's Dexie storage as it comes. openDatabase tunes a Dexie storage for replication's reads
 * (sync/storage.ts: it lists the table's keys before reading a bulk by key), which the import
 * does not need: each of its writes reads its own keys once, and once the table holds more
 * than 20 keys per key written, listing them first costs a fifth more IndexedDB work over a
 * 100,000-row import. Passed as a plain storage object, it is used as is.
 */
const dexie = getRxStorageDexie();
const importStorage: RxStorage<DexieStorageInternals, DexieSettings> = {
  name: dexie.name,
  rxdbVersion: dexie.rxdbVersion,
  createStorageInstance: (params) => dexie.createStorageInstance(params),
};

Comlink.expose(
  createImportApi(async () => {
    const db = await openDatabase({ storage: importStorage as RxStorage<unknown, unknown> });
    return { contacts: db.contacts, imports: openImportsDb() };
  }),
);
