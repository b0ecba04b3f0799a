import { prepareContactFields } from '../../../shared/contacts/fields.ts';
import type { Contact, ContactFields } from '../../../shared/documents/contact.ts';
import { CONTACT_FIELDS } from '../../../shared/documents/contact.ts';
import { contactIdForFields } from '../../../shared/ids.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { deviceClock } from '../data/device.ts';
import { guardWrite } from '../data/write-errors.ts';

/**
 * Support and testing handle: `window.outpost` in the page's console.
 *
 * End-to-end tests and benchmarks seed 100,000 contacts through it, going through the same
 * validation (prepareContactFields), ids (contactIdForFields) and clock as the app's own writes, in
 * 2,000-row bulk writes, rather than driving the import UI for every test. It is also what a
 * support person asks a user to type to inspect their local data. It adds no power the page
 * does not already have: the database is the user's own, on the user's own device.
 */

export interface SeedResult {
  written: number;
  rejected: number;
}

export interface OutpostHandle {
  db: OutpostDatabase;
  contacts: ContactsIndex;
  seedContacts(rows: Partial<ContactFields>[], source?: Contact['source']): Promise<SeedResult>;
}

declare global {
  interface Window {
    outpost?: OutpostHandle;
  }
}

const SEED_CHUNK = 2_000;
const SEED_SOURCE: Contact['source'] = { kind: 'manual', importId: null, label: 'Seeded' };

export async function seedContacts(
  db: OutpostDatabase,
  rows: readonly Partial<ContactFields>[],
  source: Contact['source'] = SEED_SOURCE,
): Promise<SeedResult> {
  const clock = deviceClock();
  const now = new Date().toISOString();
  let rejected = 0;
  // Same email twice in one call: one contact, the last row wins (as a re-import would).
  const byId = new Map<string, Contact>();
  for (const row of rows) {
    const prepared = prepareContactFields(row);
    if (!prepared.ok) {
      rejected++;
      continue;
    }
    const id = contactIdForFields(prepared.fields);
    const stamp = clock.now();
    byId.set(id, {
      ...prepared.fields,
      id,
      source,
      createdAt: now,
      updatedAt: now,
      mergedInto: null,
      clock: Object.fromEntries(CONTACT_FIELDS.map((field) => [field, stamp])),
    });
  }
  const contacts = [...byId.values()];
  let written = 0;
  for (let start = 0; start < contacts.length; start += SEED_CHUNK) {
    const chunk = contacts.slice(start, start + SEED_CHUNK);
    // Insert is RxDB's fast path; ids that already exist (or were deleted) are upserted after.
    const inserted = await guardWrite(() => db.contacts.bulkInsert(chunk));
    const existing = new Set(
      inserted.error.filter((e) => e.status === 409).map((e) => e.documentId),
    );
    written += inserted.success.length;
    rejected += inserted.error.length - existing.size;
    if (existing.size > 0) {
      const upserted = await guardWrite(() =>
        db.contacts.bulkUpsert(chunk.filter((contact) => existing.has(contact.id))),
      );
      written += upserted.success.length;
      rejected += upserted.error.length;
    }
  }
  return { written, rejected };
}

export function installWindowHandle(data: { db: OutpostDatabase; contacts: ContactsIndex }): void {
  window.outpost = {
    db: data.db,
    contacts: data.contacts,
    seedContacts: (rows, source) => seedContacts(data.db, rows, source),
  };
}
