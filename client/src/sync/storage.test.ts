import { IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getChangedDocumentsSinceQuery,
  prepareQuery,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
} from 'rxdb/plugins/core';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { openTestDatabase } from '../test/database.ts';

type Instance = RxStorageInstance<unknown, unknown, unknown, RxStorageDefaultCheckpoint>;

function contact(n: number): Contact {
  const id = `c_${String(n).padStart(5, '0')}`;
  return {
    ...emptyContactFields(),
    email: `${id}@example.com`,
    id,
    source: { kind: 'manual', importId: null, label: 'test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
  };
}

/** Pages through every change with `read`, `limit` at a time; returns the ids in order. */
async function pageIds(
  read: (
    limit: number,
    checkpoint?: RxStorageDefaultCheckpoint,
  ) => Promise<{
    documents: { id?: unknown; _deleted: boolean }[];
    checkpoint: RxStorageDefaultCheckpoint;
  }>,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let checkpoint: RxStorageDefaultCheckpoint | undefined;
  for (;;) {
    const page = await read(limit, checkpoint);
    ids.push(...page.documents.map((d) => `${String(d.id)}${d._deleted ? ' deleted' : ''}`));
    if (page.documents.length < limit) return ids;
    checkpoint = page.checkpoint;
  }
}

let db: OutpostDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('replicationStorage: changed documents', () => {
  it('returns the changes RxDB would, through the index, page after page', async () => {
    db = await openTestDatabase();
    // One bulk write: 250 documents sharing one lwt, then a later write of a few of them.
    await db.contacts.bulkInsert(Array.from({ length: 250 }, (_, n) => contact(249 - n)));
    await db.contacts.bulkUpsert([contact(7), contact(3)].map((c) => ({ ...c, notes: 'later' })));
    await (await db.contacts.findOne('c_00010').exec())!.remove();

    const instance = db.contacts.storageInstance as unknown as Instance;
    expect(instance.getChangedDocumentsSince).toBeTypeOf('function');
    const viaQuery = (limit: number, checkpoint?: RxStorageDefaultCheckpoint) =>
      instance
        .query(
          prepareQuery(
            instance.schema,
            getChangedDocumentsSinceQuery(instance as never, limit, checkpoint),
          ),
        )
        .then(({ documents }) => {
          const last = documents.at(-1) as { id: string; _meta: { lwt: number } } | undefined;
          return {
            documents: documents as { id?: unknown; _deleted: boolean }[],
            checkpoint: last ? { id: last.id, lwt: last._meta.lwt } : checkpoint!,
          };
        });
    const viaIndex = (limit: number, checkpoint?: RxStorageDefaultCheckpoint) =>
      instance.getChangedDocumentsSince!(limit, checkpoint) as ReturnType<typeof viaQuery>;

    const expected = await pageIds(viaQuery, 1_000);
    expect(expected).toHaveLength(250);
    expect(expected.slice(-3).toSorted()).toEqual(['c_00003', 'c_00007', 'c_00010 deleted']);
    expect(await pageIds(viaIndex, 1_000)).toEqual(expected);
    expect(await pageIds(viaIndex, 40)).toEqual(expected);
    expect(await pageIds(viaIndex, 1)).toEqual(expected);
  });

  it('answers with the given checkpoint when nothing changed after it', async () => {
    db = await openTestDatabase();
    const instance = db.contacts.storageInstance as unknown as Instance;
    expect(await instance.getChangedDocumentsSince!(10)).toEqual({
      documents: [],
      checkpoint: { id: '', lwt: 0 },
    });
    const checkpoint = { id: 'c_x', lwt: 5 };
    expect(await instance.getChangedDocumentsSince!(10, checkpoint)).toEqual({
      documents: [],
      checkpoint,
    });
  });
});

async function findIds(ids: string[]) {
  const instance = db!.contacts.storageInstance;
  const found = await instance.findDocumentsById(ids, true);
  return found.map((doc) => `${doc.id}${doc._deleted ? ' deleted' : ''}`).toSorted();
}

describe('replicationStorage: reads by key', () => {
  it('lists a sparse table once instead of reading each absent key', async () => {
    db = await openTestDatabase();
    await db.contacts.bulkInsert(Array.from({ length: 150 }, (_, n) => contact(n * 2)));
    await (await db.contacts.findOne('c_00004').exec())!.remove();
    const ids = Array.from({ length: 300 }, (_, n) => `c_${String(n).padStart(5, '0')}`);
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    const found = await findIds(ids);
    // The 150 stored keys are read; the 150 absent ones are not asked for.
    expect(gets.mock.calls.length).toBeLessThanOrEqual(150);
    gets.mockRestore();
    expect(found).toHaveLength(150);
    expect(found).toContain('c_00004 deleted');
    expect(found).toContain('c_00298');
    expect(found).not.toContain('c_00001');
  });

  it('reads key by key when the table holds many more keys than asked for', async () => {
    db = await openTestDatabase();
    await db.contacts.bulkInsert(Array.from({ length: 300 }, (_, n) => contact(n)));
    const ids = Array.from({ length: 100 }, (_, n) => `c_${String(n * 5).padStart(5, '0')}`);
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    const found = await findIds(ids);
    expect(gets.mock.calls.length).toBe(100);
    gets.mockRestore();
    expect(found).toEqual(ids.filter((id) => id < 'c_00300'));
  });
});
