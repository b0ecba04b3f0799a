import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import { type ChangeFeed, createPostgresFeed } from './feed.ts';
import {
  contact,
  eventually,
  openStream,
  postgresHarness,
  pull,
  push,
  SKIP_POSTGRES,
  startServer,
  type TestServer,
} from './test-support.ts';

/**
 * The scale path: several server instances (own pool, own LISTEN connection) on one
 * PostgreSQL database.
 */
describe.skipIf(SKIP_POSTGRES)(
  'two server instances on one PostgreSQL',
  { timeout: 30_000 },
  () => {
    const h = postgresHarness();
    const cleanup: (() => Promise<void> | void)[] = [];
    beforeAll(() => h.setup(), 30_000);
    afterAll(() => h.teardown());
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    async function instance(store: Store): Promise<{ server: TestServer; feed: ChangeFeed }> {
      const { log } = memoryLog();
      const feed = await createPostgresFeed(h.url, log);
      const server = await startServer({ store, log, feed });
      cleanup.push(
        () => store.close(),
        () => feed.close(),
        () => server.close(),
      );
      return { server, feed };
    }

    it('a push to one instance reaches streams on the other, and only its workspace', async () => {
      const one = await instance(await h.fresh());
      const two = await instance(h.another());
      const stream = openStream(two.server.url, 'w1');
      const other = openStream(two.server.url, 'w2');
      cleanup.push(
        () => stream.close(),
        () => other.close(),
      );
      await Promise.all([stream.opened, other.opened]);
      await eventually(() => stream.events.length === 1 && other.events.length === 1);
      const doc = contact('p1');
      await push(one.server.url, 'w1', 'contacts', [{ newDocumentState: doc }]);
      await eventually(() => stream.events.length === 2);
      expect(stream.events).toEqual([
        'RESYNC',
        { collection: 'contacts', documents: [doc], checkpoint: { seq: 1 } },
      ]);
      expect(other.events).toEqual(['RESYNC']);
    });

    it('tells streams to RESYNC after the LISTEN connection drops, and keeps delivering', async () => {
      const store = await h.fresh();
      const one = await instance(store);
      const stream = openStream(one.server.url, 'w1');
      cleanup.push(() => stream.close());
      await stream.opened;
      await eventually(() => stream.events.length === 1);
      // Only this run's database: other people's servers may share the PostgreSQL instance.
      await store.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'outpost-listen' AND datname = current_database()`,
      );
      await eventually(() => stream.events.length === 2);
      expect(stream.events[1]).toBe('RESYNC');
      await push(one.server.url, 'w1', 'contacts', [{ newDocumentState: contact('after') }]);
      await eventually(() => stream.events.length === 3);
    });

    it('never lets a checkpoint skip a change: pullers following concurrent pushes see them all', async () => {
      const one = await instance(await h.fresh());
      const two = await instance(h.another());
      const servers = [one.server, two.server];
      const ids = Array.from({ length: 60 }, (_, i) => `d${i}`);
      let pushing = true;
      const pushes = Promise.all(
        ids.map((id, i) =>
          push(servers[i % 2]!.url, 'w1', 'contacts', [{ newDocumentState: contact(id) }]),
        ),
      ).finally(() => {
        pushing = false;
      });
      // Follow the checkpoint while pushes commit; a change committed "behind" it would be lost.
      const seen = new Set<string>();
      let after = 0;
      for (;;) {
        const done = !pushing;
        const page = await pull(
          servers[after % 2]!.url,
          'w1',
          'contacts',
          `&after=${after}&limit=7`,
        );
        for (const d of page.body.documents) seen.add(d.id);
        after = page.body.checkpoint.seq;
        if (done && page.body.documents.length === 0) break;
      }
      await pushes;
      expect([...seen].sort()).toEqual([...ids].sort());
      expect(after).toBe(60);
    });
  },
);
