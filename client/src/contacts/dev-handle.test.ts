import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactIdForEmail } from '../../../shared/ids.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { ContactsIndex } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { setDeviceClock } from '../data/device.ts';
import { openTestDatabase } from '../test/database.ts';
import { installWindowHandle, seedContacts } from './dev-handle.ts';

let db: OutpostDatabase;
beforeEach(async () => {
  setDeviceClock(createHlcClock('test-device', () => Date.now()));
  db = await openTestDatabase();
});
afterEach(async () => {
  delete window.outpost;
  await db.close();
});

describe('seedContacts', () => {
  it('validates, normalizes, dedups and writes in bulk', async () => {
    const rows = [
      { email: ' Ann@Acme.com ', firstName: 'Ann' },
      { email: 'ann@acme.com', firstName: 'Anne' },
      { email: 'not an email' },
      { firstName: 'No identity' },
      { linkedinUrl: 'https://www.linkedin.com/in/bob' },
      ...Array.from({ length: 2_500 }, (_, i) => ({ email: `p${i}@example.com` })),
    ];
    const result = await seedContacts(db, rows, {
      kind: 'import',
      importId: 'imp_seed',
      label: 'seed.csv',
    });
    expect(result).toEqual({ written: 2_502, rejected: 2 });
    const ann = await db.contacts.findOne(contactIdForEmail('ann@acme.com')).exec();
    expect(ann?.firstName).toBe('Anne');
    expect(ann?.source).toEqual({ kind: 'import', importId: 'imp_seed', label: 'seed.csv' });
    expect(Object.keys(ann!.clock)).toContain('email');
    expect(await db.contacts.count().exec()).toBe(2_502);
  });

  it('is installed as window.outpost', async () => {
    const contacts = new ContactsIndex();
    installWindowHandle({ db, contacts });
    expect(window.outpost?.contacts).toBe(contacts);
    expect(await window.outpost?.seedContacts([{ email: 'x@y.com' }])).toEqual({
      written: 1,
      rejected: 0,
    });
  });
});
