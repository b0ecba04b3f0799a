import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnesses, postgresHarness, SKIP_POSTGRES } from '../replication/test-support.ts';
import type { Store } from '../store/store.ts';
import { memoryLog, tempDir } from '../test-helpers.ts';
import { contactDoc, deliveryHarness, TEST_KEYS } from './fakes/harness.ts';
import { type FakeHubspot, startFakeHubspot } from './fakes/hubspot.ts';

/**
 * Crashes and several instances: a worker process SIGKILLed in the middle of a batch the
 * provider had already applied, and two server instances draining one PostgreSQL outbox.
 */
const TOKEN = 'pat-na1-instances-0000-1111';
const WS = 'ws-inst';
const WORKER = new URL('./fakes/worker-process.ts', import.meta.url).pathname;

const upsertInputs = (fake: FakeHubspot) =>
  fake.requests
    .filter((r) => r.path.endsWith('/batch/upsert') && r.status === 200)
    .flatMap((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));

describe.each(harnesses())('SIGKILL mid-batch on $kind', { timeout: 60_000 }, (h) => {
  const dir = tempDir('delivery-kill');
  beforeAll(() => h.setup(), 30_000);
  afterAll(async () => {
    await h.teardown();
    dir.remove();
  });

  it('after a restart every owed delivery is made, none duplicated at the provider', async () => {
    const store = await h.fresh();
    const location =
      h.kind === 'postgres' ? h.url : (store as Store & { location: string }).location;
    const fake = await startFakeHubspot({ token: TOKEN });
    const { log } = memoryLog();
    const t = deliveryHarness(store, log, { hubspot: fake.url, lemlist: '', explorium: '' });
    await t.credential(WS, 'hubspot', TOKEN);
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 300 }, (_, i) => contactDoc(i)),
    );
    // The first batch reaches HubSpot, which creates its contacts, and the answer never comes.
    fake.faults.hangsAfterApply = 1;

    const child: ChildProcess = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        STORE: location,
        HUBSPOT_URL: fake.url,
        SERVER_KEY: TEST_KEYS.current.bytes.toString('base64'),
        LEASE_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    while (!fake.requests.some((r) => r.status === 'hang'))
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await once(child, 'exit');
    const applied = fake.creates.size;
    expect(applied).toBeGreaterThan(0);
    expect(await t.outboxCount('hubspot')).toBeGreaterThan(0);

    // The restarted server: the killed worker's claims expire after their lease.
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(fake.creates.size).toBe(300);
    expect([...fake.creates.values()].every((n) => n === 1)).toBe(true);
    const docs = await t.documents(WS, 'delivery_status', ['c-0', 'c-299']);
    expect(docs.get('c-0')!.hubspot).toMatchObject({ state: 'delivered' });
    expect(docs.get('c-299')!.hubspot).toMatchObject({ state: 'delivered' });
    expect(fake.violations).toEqual([]);
    await fake.close();
    await store.close();
  });
});

describe.skipIf(SKIP_POSTGRES)(
  'two server instances on one PostgreSQL',
  { timeout: 60_000 },
  () => {
    const h = postgresHarness();
    beforeAll(() => h.setup(), 30_000);
    afterAll(() => h.teardown());

    it('drain one outbox together, each entry sent once', async () => {
      const first = await h.fresh();
      const second = h.another();
      const fake = await startFakeHubspot({ token: TOKEN });
      const urls = {
        hubspot: fake.url,
        lemlist: 'http://127.0.0.1:9',
        explorium: 'http://127.0.0.1:9',
      };
      const a = deliveryHarness(first, memoryLog().log, urls, {
        leaseMs: 30_000,
        timeoutMs: 5_000,
      });
      const b = deliveryHarness(second, memoryLog().log, urls, {
        leaseMs: 30_000,
        timeoutMs: 5_000,
      });
      await a.credential(WS, 'hubspot', TOKEN);
      await a.push(
        WS,
        'contacts',
        Array.from({ length: 1_000 }, (_, i) => contactDoc(i)),
      );

      a.delivery.start();
      b.delivery.start();
      while ((await a.outboxCount('hubspot')) > 0) await new Promise((r) => setTimeout(r, 50));
      await Promise.all([a.delivery.stop(), b.delivery.stop()]);

      const sent = upsertInputs(fake);
      expect(sent).toHaveLength(1_000);
      expect(new Set(sent).size).toBe(1_000);
      expect([...fake.creates.values()].every((n) => n === 1)).toBe(true);
      expect(fake.violations).toEqual([]);
      await fake.close();
      await first.close();
      await second.close();
    });
  },
);
