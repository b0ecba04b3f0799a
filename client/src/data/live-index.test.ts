import { expect, test, vi } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import { contactIdForEmail } from '../../../shared/ids.ts';
import { openTestDatabase } from '../test/database.ts';
import { ContactsIndex } from './contacts-index.ts';
import { APPLY_SLICE, mirrorIntoIndex } from './live-index.ts';

function contact(i: number): Contact {
  const email = `p${i}@x.co`;
  return {
    ...emptyContactFields(),
    email,
    firstName: `P${i}`,
    country: 'France',
    id: contactIdForEmail(email),
    source: { kind: 'import', importId: 'imp_1', label: 'Import of x.csv' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: { email: 's1', firstName: 's1', country: 's1' },
  };
}

test('a bulk larger than a slice reaches the index whole and in order, as plain contacts', async () => {
  const db = await openTestDatabase();
  const index = new ContactsIndex();
  const stop = await mirrorIntoIndex(db, index);
  const contacts = Array.from({ length: APPLY_SLICE * 2 + 10 }, (_, i) => contact(i));
  await db.contacts.bulkInsert(contacts);
  // Queued behind the large bulk: must land after it.
  await db.contacts.upsert({ ...contacts[0]!, firstName: 'Zoe' });
  await db.contacts.bulkRemove(contacts.slice(1, 301).map((c) => c.id));
  await vi.waitFor(() => expect(index.size).toBe(contacts.length - 300));
  expect(index.get(contacts[0]!.id)?.firstName).toBe('Zoe');
  expect(index.get(contacts[1]!.id)).toBeUndefined();
  // Exactly the stored contact, without RxDB's fields; repeated values are shared.
  const last = contacts.at(-1)!;
  expect(index.get(last.id)).toEqual(last);
  expect(index.get(last.id)!.clock).toBe(index.get(contacts.at(-2)!.id)!.clock);
  stop();
  await db.close();
});
