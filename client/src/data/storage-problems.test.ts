// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { createContact, deleteContacts } from './contacts.ts';
import { setDeviceClock } from './device.ts';
import type { OutpostDatabase } from './database.ts';
import { detectEviction } from './eviction.ts';
import { guardWrite, isQuotaError, StorageWriteError } from './write-errors.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('a full disk', () => {
  test('a quota failure, however deep RxDB wraps it, becomes a message a person understands', async () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), {
      name: 'QuotaExceededError',
    });
    const wrapped = new Error('RxError (SNH)', { cause: quota });
    expect(isQuotaError(wrapped)).toBe(true);
    const failing = guardWrite(() => Promise.reject(wrapped));
    await expect(failing).rejects.toBeInstanceOf(StorageWriteError);
    await expect(guardWrite(() => Promise.reject(wrapped))).rejects.toThrow(/out of storage space/);
  });

  test('other failures keep their own message', async () => {
    await expect(guardWrite(() => Promise.reject(new Error('conflict')))).rejects.toThrow(
      'conflict',
    );
    expect(isQuotaError(new Error('conflict'))).toBe(false);
  });
});

describe('storage eviction', () => {
  let db: OutpostDatabase;
  beforeEach(async () => {
    setDeviceClock(createHlcClock('eviction-test'));
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await db.close();
  });

  test('a device that held contacts and now has none is told the browser cleared its data', async () => {
    const storage = memoryStorage();
    expect(await detectEviction(db, 5, storage)).toBeNull();
    const notice = await detectEviction(db, 0, storage);
    expect(notice?.message).toMatch(/browser cleared Outpost’s data/);
    // Said once, not on every start.
    expect(await detectEviction(db, 0, storage)).toBeNull();
  });

  test('a user who deleted every contact is not told the browser did it', async () => {
    const storage = memoryStorage();
    const created = await createContact(db, { email: 'ann@example.com' });
    if (!created.ok) throw new Error('not created');
    expect(await detectEviction(db, 1, storage)).toBeNull();
    await deleteContacts(db, [created.contact.id]);
    expect(await detectEviction(db, 0, storage)).toBeNull();
  });

  test('a new device with no data is not warned', async () => {
    expect(await detectEviction(db, 0, memoryStorage())).toBeNull();
  });
});
