/**
 * The CSV import Web Worker: parsing, mapping, validation, dedup and writing all happen here
 * (api.ts), off the main thread. It opens the same RxDB database as the page.
 */
import * as Comlink from 'comlink';
import { openDatabase } from '../data/database.ts';
import { createImportApi } from './api.ts';
import { openImportsDb } from './job-store.ts';

Comlink.expose(
  createImportApi(async () => {
    const db = await openDatabase();
    return { contacts: db.contacts, imports: openImportsDb() };
  }),
);
