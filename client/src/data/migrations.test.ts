// @vitest-environment node
// (happy-dom stalls RxDB's schema migration; the data layer needs no DOM.)
import { afterEach, describe, expect, test } from 'vitest';
import { sampleContactRows } from '../../../e2e/support/sample-contacts.ts';
import { prepareContactFields } from '../../../shared/contacts/fields.ts';
import type { Contact } from '../../../shared/documents/contact.ts';
import { contactIdForFields, randomId } from '../../../shared/ids.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { fakeIndexedDbStorage } from '../test/database.ts';
import { openDatabase, type OutpostDatabase } from './database.ts';

const opened: OutpostDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** 400 rows (fake-indexeddb slows down sharply past that) of the team's messy generator, as valid contacts (duplicates merged by id). */
function sampleContacts(): Contact[] {
  const stamp = createHlcClock('migration-test', () => 1).now();
  const byId = new Map<string, Contact>();
  for (const row of sampleContactRows(400).rows) {
    const prepared = prepareContactFields(row);
    if (!prepared.ok) continue;
    const id = contactIdForFields(prepared.fields);
    byId.set(id, {
      ...prepared.fields,
      id,
      source: { kind: 'import', importId: 'imp_sample', label: 'sample.csv' },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      mergedInto: null,
      clock: { email: stamp, country: stamp },
    });
  }
  return [...byId.values()];
}

const COUNTRY_CODES: Record<string, string> = {
  'United States': 'US',
  France: 'FR',
  Germany: 'DE',
  'United Kingdom': 'GB',
  Spain: 'ES',
  Japan: 'JP',
  Brazil: 'BR',
  India: 'IN',
};

describe('schema migration', () => {
  test(
    'contacts of the first schema (an updatedAt index) open in the current one, all of them',
    { timeout: 60_000 },
    async () => {
      const name = randomId('migrate').toLowerCase();
      const storage = fakeIndexedDbStorage();
      const contacts = sampleContacts();
      const v0 = await openDatabase({
        name,
        storage,
        schemas: { contacts: { version: 0, indexes: ['updatedAt'] } },
      });
      await v0.contacts.bulkInsert(contacts);
      await v0.close();

      const current = await openDatabase({ name, storage });
      opened.push(current);
      expect(current.contacts.schema.version).toBe(1);
      const migrated = await current.contacts.find().exec();
      expect(migrated.map((doc) => doc.toJSON())).toEqual(
        expect.arrayContaining(contacts.map((c) => expect.objectContaining(c))),
      );
      expect(migrated).toHaveLength(contacts.length);
    },
  );

  test(
    'contacts written by schema v1 become v2 when the app opens, none lost',
    { timeout: 60_000 },
    async () => {
      const name = randomId('migrate').toLowerCase();
      const storage = fakeIndexedDbStorage();
      const contacts = sampleContacts();
      expect(contacts.length).toBeGreaterThan(300);

      // An install of the previous version: v1 documents on the device.
      const v1 = await openDatabase({
        name,
        storage,
        schemas: { contacts: { version: 1 } },
        migrations: { contacts: { 1: (doc) => doc } },
      });
      await v1.contacts.bulkInsert(contacts);
      await v1.close();

      // The new version stores countries as ISO codes: strategy 2 converts each v1 document.
      const v2 = await openDatabase({
        name,
        storage,
        schemas: { contacts: { version: 2 } },
        migrations: {
          contacts: {
            1: (doc) => doc,
            2: (doc: Contact) => ({ ...doc, country: COUNTRY_CODES[doc.country] ?? doc.country }),
          },
        },
      });
      opened.push(v2);
      const migrated = await v2.contacts.find().exec();
      expect(migrated).toHaveLength(contacts.length);
      const original = new Map(contacts.map((c) => [c.id, c]));
      for (const doc of migrated) {
        const before = original.get(doc.id)!;
        expect(doc.country).toBe(COUNTRY_CODES[before.country] ?? before.country);
        expect(doc.email).toBe(before.email);
        expect(doc.clock).toEqual(before.clock);
      }
    },
  );
});
