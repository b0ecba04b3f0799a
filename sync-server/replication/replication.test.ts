import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import { createLocalFeed } from './feed.ts';
import {
  contact,
  eventually,
  harnesses,
  pull,
  startServer,
  type TestServer,
} from './test-support.ts';
import { type SyncClient, syncClient } from './test-rxdb-client.ts';
import { serverDocumentWriter } from './write.ts';

async function docs(client: SyncClient) {
  const found = await client
    .collection('contacts')
    .find({ sort: [{ id: 'asc' }] })
    .exec();
  return found.map((d) => d.toJSON());
}

/** The endpoints driven by RxDB's own replication client (memory storage) over real HTTP. */
describe.each(harnesses())(
  'RxDB replication against the server on $kind',
  { timeout: 20_000 },
  (h) => {
    let store: Store;
    let server: TestServer;
    const feed = createLocalFeed();
    const clients: SyncClient[] = [];

    beforeAll(() => h.setup(), 30_000);
    afterAll(() => h.teardown());
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      await store.close();
    });

    async function setup(n: number, workspaceId = 'w1'): Promise<SyncClient[]> {
      store = await h.fresh();
      server = await startServer({ store, log: memoryLog().log, feed });
      const made = await Promise.all(
        Array.from({ length: n }, () => syncClient(server.url, workspaceId)),
      );
      clients.push(...made);
      return made;
    }

    it('two devices converge: inserts, edits and deletes replicate live', async () => {
      const [a, b] = await setup(2);
      await a!
        .collection('contacts')
        .bulkInsert(
          Array.from({ length: 30 }, (_, i) => contact(`c${String(i).padStart(2, '0')}`)).map(
            ({ _deleted, ...d }) => d,
          ),
        );
      await eventually(async () => (await docs(b!)).length === 30);

      const doc = await b!.collection('contacts').findOne('c07').exec();
      await doc!.incrementalPatch({ firstName: 'Grace' });
      await eventually(
        async () => (await a!.collection('contacts').findOne('c07').exec())?.firstName === 'Grace',
      );

      await (await a!.collection('contacts').findOne('c08').exec())!.remove();
      await eventually(async () => (await docs(b!)).length === 29);
      const onServer = (await pull(server.url, 'w1', 'contacts', '&limit=1000')).body.documents;
      expect(onServer.find((d) => d.id === 'c08')?._deleted).toBe(true);
      expect(await docs(a!)).toEqual(await docs(b!));
    });

    it('resolves an offline edit of the same document on two devices to the same state', async () => {
      const [a, b] = await setup(2);
      const { _deleted, ...base } = contact('shared');
      await a!.collection('contacts').insert(base);
      await eventually(async () => (await docs(b!)).length === 1);
      await Promise.all([...a!.replications, ...b!.replications].map((r) => r.pause()));
      await (await a!.collection('contacts').findOne('shared').exec())!.incrementalPatch({
        firstName: 'FromA',
      });
      await (await b!.collection('contacts').findOne('shared').exec())!.incrementalPatch({
        lastName: 'FromB',
      });
      await Promise.all([...a!.replications, ...b!.replications].map((r) => r.start()));
      await Promise.all([a!.settle(), b!.settle()]);
      const [stored] = (await pull(server.url, 'w1', 'contacts')).body.documents;
      await eventually(
        async () => JSON.stringify(await docs(a!)) === JSON.stringify(await docs(b!)),
      );
      // RxDB's default handler keeps the server's version; field merge is the client's handler.
      expect((await docs(a!))[0]).toMatchObject({
        firstName: stored!.firstName,
        lastName: stored!.lastName,
      });
    });

    it('two devices creating the same id offline end with one document', async () => {
      const [a, b] = await setup(2);
      await Promise.all([...a!.replications, ...b!.replications].map((r) => r.pause()));
      const { _deleted, ...one } = contact('dup', { firstName: 'One' });
      await a!.collection('contacts').insert(one);
      await b!.collection('contacts').insert({ ...one, firstName: 'Two' });
      await Promise.all([...a!.replications, ...b!.replications].map((r) => r.start()));
      await Promise.all([a!.settle(), b!.settle()]);
      const stored = (await pull(server.url, 'w1', 'contacts')).body.documents;
      expect(stored).toHaveLength(1);
      await eventually(
        async () =>
          (await docs(a!))[0]?.firstName === stored[0]!.firstName &&
          (await docs(b!))[0]?.firstName === stored[0]!.firstName,
      );
    });

    it('reports a document the shared schema refuses, and never stores it', async () => {
      const [a] = await setup(1);
      const { _deleted, ...bad } = contact('bad', { tags: 'not-a-list' });
      await a!.collection('contacts').insert(bad);
      await eventually(() => a!.rejected.length === 1);
      expect(a!.rejected[0]).toMatchObject({ id: 'bad', reason: expect.stringMatching(/tags/) });
      expect((await pull(server.url, 'w1', 'contacts')).body.documents).toEqual([]);
    });

    it('delivers server-written documents to every device', async () => {
      const [a, b] = await setup(2);
      const write = serverDocumentWriter(feed);
      const status = {
        id: 'c1',
        hubspot: {
          state: 'pending',
          remoteId: null,
          reason: null,
          attempts: 0,
          updatedAt: '2026-01-01T00:00:00Z',
        },
        lemlist: null,
        explorium: null,
        updatedAt: '2026-01-01T00:00:00Z',
        _deleted: false,
      };
      await store.transaction((tx) => write(tx, 'w1', 'delivery_status', [status]));
      for (const client of [a!, b!]) {
        await eventually(
          async () => (await client.collection('delivery_status').findOne('c1').exec()) !== null,
        );
      }
    });
  },
);
