// @vitest-environment node
// Real sockets and Node's fetch: the in-test server (test-server.ts) speaks the wire protocol.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/documents/contact.ts';
import { emptyContactFields } from '../../../shared/documents/contact.ts';
import { formatHlc } from '../../../shared/sync/hlc.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { openTestDatabase } from '../test/database.ts';
import { catchUpPush } from './catch-up.ts';
import { startSync, type SyncEngine } from './engine.ts';
import { createStatusStore, initialStatus, type StatusStore, type SyncStatus } from './status.ts';
import { startProtocolServer, type ProtocolServer } from './test-server.ts';
import { setSyncOrigin } from './transport.ts';

const stamp = (ms: number, node: string) => formatHlc({ ms, counter: 0, node });

function contact(id: string, fields: Partial<Contact> = {}, at = stamp(1, 'seed')): Contact {
  const base = { ...emptyContactFields(), email: `${id}@example.com` };
  return {
    ...base,
    id,
    source: { kind: 'manual', importId: null, label: 'test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: Object.fromEntries(Object.keys(base).map((k) => [k, at])),
    ...fields,
  };
}

/** Edits fields the way the app does: only changed fields get the new stamp. */
async function edit(db: OutpostDatabase, id: string, fields: Partial<Contact>, at: string) {
  const doc = await db.contacts.findOne(id).exec();
  if (!doc) throw new Error(`no contact ${id}`);
  const clock = { ...doc.clock, ...Object.fromEntries(Object.keys(fields).map((k) => [k, at])) };
  await doc.incrementalPatch({ ...fields, clock });
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
  for (let i = 0; i < 400; i++) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function statusUntil(store: StatusStore, what: string, test: (s: SyncStatus) => boolean) {
  return until(what, () => (test(store.get()) ? true : undefined));
}

interface Device {
  db: OutpostDatabase;
  status: StatusStore;
  engine: SyncEngine | null;
  signIn: () => void;
  unauthorized: number;
}

let server: ProtocolServer;
const devices: Device[] = [];

async function device(
  start = true,
  signedInAtStart = true,
  pullBatchSize = 1_000,
): Promise<Device> {
  const db = await openTestDatabase();
  let signedIn: (() => void) | null = null;
  const status = createStatusStore(initialStatus(true));
  const d: Device = { db, status, engine: null, signIn: () => signedIn?.(), unauthorized: 0 };
  if (start) {
    d.engine = startSync(db, {
      status,
      retryTime: 100,
      probeIntervalMs: 100,
      signedIn: signedInAtStart,
      pullBatchSize,
      session: {
        reportUnauthorized: () => d.unauthorized++,
        onSignedIn: (listener) => {
          signedIn = listener;
          return () => (signedIn = null);
        },
      },
    });
  }
  devices.push(d);
  return d;
}

const serverContact = (id: string) => server.documents('contacts').get(id) as Contact | undefined;

beforeEach(async () => {
  server = await startProtocolServer();
  setSyncOrigin(server.url);
});
afterEach(async () => {
  for (const d of devices.splice(0)) {
    await d.engine?.stop();
    await d.db.close();
  }
  await server.close();
  setSyncOrigin(null);
});

describe('client replication against the wire protocol', { timeout: 30_000 }, () => {
  it('pushes a new contact from one device and streams it to another', async () => {
    const a = await device();
    const b = await device();
    await a.db.contacts.insert(contact('c1', { firstName: 'Ada' }));
    await until('the server to have c1', () => serverContact('c1'));
    const onB = await until('c1 on device B', () =>
      b.db.contacts
        .findOne('c1')
        .exec()
        .then((d) => d ?? undefined),
    );
    expect(onB.firstName).toBe('Ada');
    await statusUntil(
      a.status,
      'no pending changes',
      (s) => s.pending === 0 && s.lastSyncedAt !== null,
    );
  });

  it('a fresh device pulls every page of a large collection', async () => {
    const a = await device(false);
    await a.db.contacts.bulkInsert(Array.from({ length: 250 }, (_, i) => contact(`bulk${i}`)));
    await catchUpPush(a.db);
    expect(server.documents('contacts').size).toBe(250);
    // Pages of 100: three requests, the next one always fetched while RxDB writes the last.
    const b = await device(true, true, 100);
    await until('all 250 on the fresh device', async () =>
      (await b.db.contacts.count().exec()) === 250 ? true : undefined,
    );
  });

  it('merges offline edits of two devices field by field; the same field takes the later stamp', async () => {
    const a = await device();
    const b = await device();
    await a.db.contacts.insert(contact('c1', { firstName: 'Ada', company: 'Acme', title: 'CTO' }));
    await until('c1 on B', () =>
      b.db.contacts
        .findOne('c1')
        .exec()
        .then((d) => d ?? undefined),
    );

    await server.down();
    await edit(a.db, 'c1', { firstName: 'Ada A', title: 'CEO (A)' }, stamp(2_000, 'devA'));
    await edit(b.db, 'c1', { company: 'Globex (B)', title: 'CEO (B)' }, stamp(1_000, 'devB'));
    await statusUntil(
      a.status,
      'A offline with 1 pending',
      (s) => s.connection === 'offline' && s.pending === 1,
    );
    await server.up();

    const expected = { firstName: 'Ada A', company: 'Globex (B)', title: 'CEO (A)' };
    for (const d of [a, b]) {
      await until('convergence', async () => {
        const doc = await d.db.contacts.findOne('c1').exec();
        return doc &&
          doc.firstName === expected.firstName &&
          doc.company === expected.company &&
          doc.title === expected.title
          ? true
          : undefined;
      });
    }
    await until('the server to converge', () => {
      const doc = serverContact('c1');
      return doc?.company === expected.company && doc.firstName === expected.firstName
        ? true
        : undefined;
    });
    expect(serverContact('c1')).toMatchObject(expected);
    await statusUntil(a.status, 'A back online', (s) => s.connection === 'online');
  });

  it('shows rows the server refuses, with the reason, and keeps them on the device', async () => {
    server.refuse.set('bad', 'email: enter a valid email address');
    const a = await device();
    await a.db.contacts.insert(contact('bad'));
    await statusUntil(a.status, 'the rejection', (s) => s.rejected.length === 1);
    expect(a.status.get().rejected[0]).toEqual({
      collection: 'contacts',
      id: 'bad',
      reason: 'email: enter a valid email address',
    });
    expect(serverContact('bad')).toBeUndefined();
    expect(await a.db.contacts.findOne('bad').exec()).not.toBeNull();
  });

  it('on 401 says signed out, keeps the changes, and pushes them after sign-in', async () => {
    const a = await device();
    await statusUntil(a.status, 'first sync', (s) => s.lastSyncedAt !== null);
    server.answer = 401;
    await a.db.contacts.insert(contact('kept'));
    await statusUntil(a.status, 'signed out', (s) => s.problem?.kind === 'signed_out');
    expect(a.unauthorized).toBe(1);
    expect(serverContact('kept')).toBeUndefined();

    server.answer = 'ok';
    a.signIn();
    await until('the kept change on the server', () => serverContact('kept'));
    expect(a.status.get().problem).toBeNull();
  });

  it('on a device nobody signed in on, sends nothing until sign-in, then syncs', async () => {
    const a = await device(true, false);
    await a.db.contacts.insert(contact('before-sign-in'));
    await statusUntil(a.status, 'signed out', (s) => s.problem?.kind === 'signed_out');
    // Not counted: on a device never signed in, every contact is "not synced" (engine.ts).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(a.status.get().pending).toBeNull();
    expect(server.pushes).toEqual([]);
    a.signIn();
    await until('the change on the server', () => serverContact('before-sign-in'));
    expect(a.unauthorized).toBe(0);
  });

  it('on 426 asks for a reload and stops replicating', async () => {
    server.answer = 426;
    const a = await device();
    await statusUntil(a.status, 'upgrade required', (s) => s.problem?.kind === 'upgrade_required');
    const pushes = server.pushes.length;
    await a.db.contacts.insert(contact('later'));
    await statusUntil(a.status, 'the change counted as pending', (s) => s.pending === 1);
    expect(server.pushes.length).toBe(pushes);
  });

  it('never stays "offline" once the server answers again', async () => {
    const a = await device();
    await statusUntil(a.status, 'online', (s) => s.lastSyncedAt !== null);
    await server.down();
    await a.db.contacts.insert(contact('x'));
    await statusUntil(a.status, 'offline', (s) => s.connection === 'offline');
    await server.up();
    // Nothing else happens on the device: the probe timer finds the server.
    await statusUntil(a.status, 'online again', (s) => s.connection === 'online');
    await until('x on the server', () => serverContact('x'));
  });

  it('catch-up push (the service worker path) sends exactly the unpushed changes, with the tabs identifiers', async () => {
    const a = await device(false);
    for (let i = 0; i < 20; i++) await a.db.contacts.insert(contact(`sw${i}`));
    const result = await catchUpPush(a.db);
    expect(result).toEqual({ outcome: 'pushed', rejected: [] });
    expect(server.documents('contacts').size).toBe(20);

    // A second run has nothing left to push; an edit after it is the only row sent.
    const before = server.pushes.length;
    await catchUpPush(a.db);
    expect(server.pushes.length).toBe(before);
    await edit(a.db, 'sw3', { notes: 'late' }, stamp(5_000, 'devA'));
    await catchUpPush(a.db);
    expect(server.pushes.slice(before)).toEqual([{ collection: 'contacts', rows: 1 }]);
    expect(serverContact('sw3')?.notes).toBe('late');
  });

  it('catch-up push fails (so the browser retries) while the server is unreachable', async () => {
    const a = await device(false);
    await a.db.contacts.insert(contact('queued'));
    await server.down();
    await expect(catchUpPush(a.db)).rejects.toMatchObject({ kind: 'unreachable' });
    await server.up();
    await catchUpPush(a.db);
    expect(serverContact('queued')).toBeDefined();
  });
});
