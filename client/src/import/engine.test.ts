// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { RxCollection } from 'rxdb/plugins/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import { contactIdForEmail, randomId } from '../../../shared/ids.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { openTestDatabase } from '../test/database.ts';
import { createImportApi, newImportJob } from './api.ts';
import { runJob } from './engine.ts';
import { inspectFile } from './inspect.ts';
import { emptyCounts, openImportsDb, type ImportJob, type ImportsDb } from './job-store.ts';
import { autoMap } from './mapping.ts';
import type { MergePolicy } from './merge.ts';

// The whole import on fake-indexeddb: ground truth of the generator (small: fake-indexeddb is
// slow past a few hundred documents), policies, a crash between a chunk's contacts and its
// commit, and undo back to the exact contacts there were.

const generator = new URL('../../../../shared/bench/make-contacts-csv.mjs', import.meta.url);

function generated(dialect: string, rows: number) {
  const out = execFileSync(
    process.execPath,
    [generator.pathname, '--rows', String(rows), '--dialect', dialect],
    {
      encoding: 'buffer',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    },
  );
  return new File([new Uint8Array(out)], `${dialect}.csv`);
}

function truthOf(dialect: string, rows: number) {
  const result = execFileSync(
    process.execPath,
    [generator.pathname, '--rows', String(rows), '--dialect', dialect, '--out', '/dev/null'],
    { encoding: 'utf8' },
  );
  return JSON.parse(result) as Record<string, number>;
}

let db: OutpostDatabase;
let imports: ImportsDb;

beforeEach(async () => {
  db = await openTestDatabase();
  imports = openImportsDb(randomId('imports').toLowerCase(), { indexedDB, IDBKeyRange });
});
afterEach(async () => {
  await db.close();
  imports.close();
});

const api = () => createImportApi(async () => ({ contacts: db.contacts, imports }));

async function start(file: File, policy: MergePolicy = 'fill') {
  const shape = await inspectFile(file);
  return api().start(file, { mapping: autoMap(shape.headers), policy, deviceId: 'd_test' });
}

async function snapshot() {
  const docs = await db.contacts.find().exec();
  return docs
    .map((d) => {
      const {
        clock: _c,
        updatedAt: _u,
        createdAt: _r,
        _rev,
        _meta,
        _attachments,
        _deleted,
        ...rest
      } = d.toJSON(true) as unknown as Contact & Record<string, unknown>;
      return rest;
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The contacts collection of a tab that dies right after a storage write, when `dies()` says so. */
function dyingAfterWrite(dies: () => Promise<boolean>): RxCollection<Contact> {
  const storage = db.contacts.storageInstance;
  const dyingStorage = new Proxy(storage, {
    get(target, key, receiver) {
      if (key !== 'bulkWrite') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<typeof storage.bulkWrite>) => {
        const result = await target.bulkWrite(...args);
        if (await dies()) throw new Error('tab closed');
        return result;
      };
    },
  });
  return new Proxy(db.contacts, {
    get(target, key, receiver) {
      if (key === 'storageInstance') return dyingStorage;
      return Reflect.get(target, key, receiver);
    },
  }) as RxCollection<Contact>;
}

/** The one contact of a test that has one. */
const get = async () => (await db.contacts.findOne().exec())!;

/** Ann, made by hand before any import: the contact the policy tests find existing. */
async function insertAnn() {
  await db.contacts.insert({
    ...emptyContactFields(),
    email: 'ann@acme.com',
    firstName: 'Ann',
    id: contactIdForEmail('ann@acme.com'),
    source: { kind: 'manual', importId: null, label: 'x' },
    createdAt: 'x',
    updatedAt: 'x',
    mergedInto: null,
    clock: {},
  });
}

describe('import', () => {
  it.each(['generic', 'salesnav', 'excel-fr', 'unicode'])(
    'matches the ground truth of %s',
    async (dialect) => {
      const file = generated(dialect, 150);
      const truth = truthOf(dialect, 150);
      const job = await start(file);
      expect(job.status).toBe('done');
      expect(job.counts).toMatchObject({
        rows: truth.rows,
        accepted: truth.accepted,
        created: truth.contacts,
        duplicateRows: truth.duplicateRows,
        updated: 0,
        unchanged: 0,
      });
      expect(job.counts.rejected['invalid email'] ?? 0).toBe(truth.rejectedInvalidEmail);
      expect(job.counts.rejected['no identity'] ?? 0).toBe(truth.rejectedNoIdentity);
      expect(await db.contacts.count().exec()).toBe(truth.contacts);
      const one = (await db.contacts.findOne().exec())!;
      expect(one.source).toEqual({
        kind: 'import',
        importId: job.id,
        label: `Import of ${dialect}.csv`,
      });
    },
  );

  it('the same file twice creates nothing and says so', async () => {
    const file = generated('generic', 120);
    const first = await start(file);
    const before = await snapshot();
    const second = await start(file);
    expect(second.counts.created).toBe(0);
    expect(second.counts.updated).toBe(0);
    expect(second.counts.unchanged).toBe(first.counts.created);
    expect(await snapshot()).toEqual(before);
  });

  it('applies the policy to contacts that existed', async () => {
    const text = 'Email,First Name,Title\nann@acme.com,Anne,CTO\n';
    await insertAnn();
    const file = new File([text], 'a.csv');
    expect((await start(file, 'skip')).counts.unchanged).toBe(1);
    expect((await get()).title).toBe('');
    expect((await start(file, 'fill')).counts.updated).toBe(1);
    expect(await get()).toMatchObject({ firstName: 'Ann', title: 'CTO' });
    const overwrite = await start(file, 'overwrite');
    expect(await get()).toMatchObject({ firstName: 'Anne', title: 'CTO' });
    await api().undo(overwrite.id, 'd_test');
    expect(await get()).toMatchObject({ firstName: 'Ann', title: 'CTO' });
  });

  it('redoes a chunk whose contacts were written but not committed, then undoes everything', async () => {
    const file = generated('apollo', 140);
    // What an uninterrupted import gives, in a database of its own.
    const clean = await start(file);
    const expected = await snapshot();
    await api().undo(clean.id, 'd_test');
    expect(await db.contacts.count().exec()).toBe(0);

    const shape = await inspectFile(file);
    const job: ImportJob = {
      ...clean,
      id: randomId('imp'),
      status: 'running',
      recordsDone: 0,
      chunksDone: 0,
      counts: emptyCounts(),
      mapping: autoMap(shape.headers),
    };
    await imports.jobs.add(job);
    await imports.files.put({ jobId: job.id, file });
    // The third chunk's contacts reach the database, then the tab dies before the commit.
    const dying = dyingAfterWrite(
      async () => (await imports.chunks.get([job.id, 2])) !== undefined,
    );
    const deps = { imports, clock: createHlcClock('d_test') };
    await expect(
      runJob({ ...deps, contacts: dying }, job, { cancelled: false, chunkRows: 25 }),
    ).rejects.toThrow('tab closed');
    const left = await imports.jobs.get(job.id);
    expect(left!.chunksDone).toBe(2);
    expect((await imports.chunks.get([job.id, 2]))!.status).toBe('planned');

    const resumed = await runJob({ ...deps, contacts: db.contacts }, left!, {
      cancelled: false,
      chunkRows: 25,
    });
    expect(resumed.counts).toEqual(clean.counts);
    const after = await snapshot();
    expect(after.map((c) => ({ ...c, source: null }))).toEqual(
      expected.map((c) => ({ ...c, source: null })),
    );

    await api().undo(job.id, 'd_test');
    expect(await db.contacts.count().exec()).toBe(0);
    expect(await imports.chunks.where('jobId').equals(job.id).count()).toBe(0);
  });

  it('rolls back a chunk that died after its writes without removing contacts that existed', async () => {
    await insertAnn();
    const before = await snapshot();
    const file = new File(
      ['Email,First Name,Title\nann@acme.com,Anne,CTO\nbob@acme.com,Bob,CEO\n'],
      'a.csv',
    );
    const shape = await inspectFile(file);
    const job = newImportJob(file, shape, {
      mapping: autoMap(shape.headers),
      policy: 'fill',
      deviceId: 'd_test',
    });
    await imports.jobs.add(job);
    await imports.files.put({ jobId: job.id, file });
    // Bob is written as new, Ann (who exists) is then filled in; the tab dies right after.
    let writes = 0;
    const dying = dyingAfterWrite(async () => ++writes === 2);
    const deps = { imports, clock: createHlcClock('d_test') };
    await expect(runJob({ ...deps, contacts: dying }, job, { cancelled: false })).rejects.toThrow(
      'tab closed',
    );
    const planned = (await imports.chunks.get([job.id, 0]))!;
    expect(planned.status).toBe('planned');
    expect(planned.before.map((c) => c.firstName)).toEqual(['Ann']);
    expect(await db.contacts.count().exec()).toBe(2);

    const resumed = await runJob({ ...deps, contacts: db.contacts }, job, { cancelled: false });
    expect(resumed.counts).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const ann = await db.contacts.findOne(contactIdForEmail('ann@acme.com')).exec();
    expect(ann).toMatchObject({ firstName: 'Ann', title: 'CTO' });

    await api().undo(job.id, 'd_test');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps rejected rows with their line and reason, as a CSV to fix and re-import', async () => {
    const text = 'Email,Name\r\nok@acme.com,A\r\n\r\nbad@,"B\r\nC"\r\n,=cmd\r\n';
    const job = await start(new File([text], 'r.csv'));
    const blob = await api().rejectedCsv(job.id);
    // A BOM, so Excel reads it as UTF-8 (Blob.text() drops it again).
    expect([...new Uint8Array(await blob.slice(0, 3).arrayBuffer())]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = await blob.text();
    expect(csv).toBe(
      'Email,Name,Outpost rejection reason\r\nbad@,"B\r\nC",invalid email (line 4)\r\n,"\'=cmd",no identity (line 6)',
    );
    const again = await start(new File([csv], 'fixed.csv'));
    expect(again.counts.rejected).toEqual({ 'invalid email': 1, 'no identity': 1 });
  });
});
