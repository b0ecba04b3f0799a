import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { harnesses } from '../replication/test-support.ts';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import { hubspot as hubspotModule } from './connectors/hubspot.ts';
import { contactDoc, deliveryHarness, seededRandom } from './fakes/harness.ts';
import { type FakeHubspot, startFakeHubspot } from './fakes/hubspot.ts';
import type { DeliveryOptions } from './service.ts';

/**
 * The reliability rows of targets.md that concern HubSpot, on both stores, against the fake
 * HubSpot (which validates every request and answer against the OpenAPI document).
 */
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const WS = 'ws-hub';

describe.each(harnesses())('HubSpot delivery on $kind', { timeout: 20_000 }, (h) => {
  let store: Store;
  let fake: FakeHubspot;
  beforeAll(() => h.setup(), 30_000);
  afterAll(() => h.teardown());
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await store.close();
  });

  async function setup(
    options: { random?: () => number; connectors?: DeliveryOptions['connectors'] } = {},
  ) {
    store = await h.fresh();
    fake = await startFakeHubspot({ token: TOKEN, random: options.random });
    const { log, lines } = memoryLog();
    const harness = deliveryHarness(
      store,
      log,
      { hubspot: fake.url, lemlist: 'http://127.0.0.1:9', explorium: 'http://127.0.0.1:9' },
      options.connectors ? { connectors: options.connectors } : {},
    );
    await harness.credential(WS, 'hubspot', TOKEN);
    const hubspot = async (id: string) =>
      (await harness.documents(WS, 'delivery_status', [id])).get(id)?.hubspot;
    return { ...harness, lines, hubspot };
  }

  const upserts = () => fake.requests.filter((r) => r.path.endsWith('/batch/upsert'));
  const allCreatedOnce = (n: number) =>
    fake.creates.size === n && [...fake.creates.values()].every((count) => count === 1);

  it('delivers contacts in batches of 100 and writes the HubSpot id back to the device', async () => {
    const t = await setup();
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 250 }, (_, i) => contactDoc(i)),
    );
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(250)).toBe(true);
    const sizes = upserts().map((r) => (r.body as { inputs: unknown[] }).inputs.length);
    expect(sizes.toSorted((a, b) => b - a)).toEqual([100, 100, 50]);
    const docs = await t.documents(WS, 'delivery_status', ['c-7']);
    const status = docs.get('c-7')!.hubspot as {
      state: string;
      remoteId: string;
      attempts: number;
    };
    expect(status.state).toBe('delivered');
    expect(status.remoteId).toBe(fake.contacts.get('person7@example.com')!.id);
  });

  it('ten edits during an outage are one delivery of the latest state', async () => {
    const t = await setup();
    fake.faults.outageUntil = Date.now() + 60_000;
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.delivery.runOnce('hubspot');
    for (let edit = 1; edit <= 10; edit++) {
      await t.push(WS, 'contacts', [contactDoc(1, { firstName: `Edit${edit}` })]);
    }
    expect(await t.outboxCount('hubspot')).toBe(1);
    fake.heal();
    const before = upserts().length;
    await store.query('UPDATE outbox SET due_at = 0');
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    const after = upserts()
      .slice(before)
      .filter((r) => r.status === 200);
    expect(after).toHaveLength(1);
    expect(fake.contacts.get('person1@example.com')!.properties.firstname).toBe('Edit10');
  });

  it('a 429 storm with Retry-After: no request before it elapses, then delivery resumes', async () => {
    const t = await setup();
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 120 }, (_, i) => contactDoc(i)),
    );
    fake.faults.retryAfterSeconds = 1;
    fake.faults.rateLimitedUntil = Date.now() + 2_500;
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(120)).toBe(true);
    const log = fake.requests;
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    // Requests already in flight when a 429 left may land just after it; none is sent after.
    for (const r of limited) {
      const early = log.filter((o) => o.at > r.at + 100 && o.at < r.at + 1_000);
      expect(early).toEqual([]);
    }
  });

  it('30% 5xx on 1,000 contacts: each created exactly once, retries and breaker logged', async () => {
    const t = await setup({ random: seededRandom(7) });
    fake.faults.errorRate = 0.3;
    fake.faults.errorStatus = 503;
    // Half of the failures happen after HubSpot applied the batch: the retry must not duplicate.
    fake.faults.applyBeforeError = true;
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 1_000 }, (_, i) => contactDoc(i)),
    );
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(1_000)).toBe(true);
    expect(fake.requests.some((r) => r.status === 503)).toBe(true);
    const retries = t.lines.filter((l) => l.event === 'delivery_retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ connector: 'hubspot', status: 503 });
    expect(retries[0]).toHaveProperty('attempt');
    expect(retries[0]).toHaveProperty('delayMs');
    expect(retries[0]).toHaveProperty('correlationId');
  });

  it('an outage opens the breaker, which half-opens, closes, and the queue drains', async () => {
    const t = await setup();
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 300 }, (_, i) => contactDoc(i)),
    );
    fake.faults.outageUntil = Date.now() + 1_500;
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(300)).toBe(true);
    const states = t.lines.filter((l) => l.event === 'breaker_state').map((l) => l.state);
    expect(states[0]).toBe('open');
    expect(states.indexOf('half-open')).toBeGreaterThan(0);
    expect(states.at(-1)).toBe('closed');
    // The breaker's state was persisted for a restart.
    const saved = await store.query<{ breaker: string }>('SELECT breaker FROM connector_state');
    expect(saved[0]?.breaker).toContain('ownState');
  });

  it('a provider that hangs: the attempt times out and the worker carries on', async () => {
    const t = await setup();
    fake.faults.hangs = 2;
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 10 }, (_, i) => contactDoc(i)),
    );
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(10)).toBe(true);
    expect(fake.requests.filter((r) => r.status === 'hang')).toHaveLength(2);
    expect(
      t.lines.some((l) => l.event === 'delivery_retry' && /timed out/.test(String(l.reason))),
    ).toBe(true);
  });

  it('connection resets are retried', async () => {
    const t = await setup();
    fake.faults.resets = 2;
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(1)).toBe(true);
  });

  it('DAILY quota: the connector pauses until the reset and says so', async () => {
    const t = await setup();
    fake.faults.dailyRemaining = 0;
    await t.push(WS, 'contacts', [contactDoc(1), contactDoc(2)]);
    await t.delivery.runOnce('hubspot');
    expect(await t.delivery.runOnce('hubspot')).toBe(0);
    expect(upserts()).toHaveLength(1);
    const [state] = await store.query<{ paused_until: number; paused_reason: string }>(
      'SELECT paused_until, paused_reason FROM connector_state',
    );
    expect(state!.paused_until).toBeGreaterThan(Date.now());
    expect(state!.paused_reason).toMatch(/daily/i);
    const status = (await t.documents(WS, 'delivery_status', ['c-1'])).get('c-1')!.hubspot;
    expect(status).toMatchObject({ state: 'paused' });
    expect(await t.outboxCount('hubspot')).toBe(2);
  });

  it('a refused token pauses the connector until a new one is saved', async () => {
    const t = await setup();
    await t.credential(WS, 'hubspot', 'pat-na1-wrong-token-0000');
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.delivery.runOnce('hubspot');
    expect(await t.delivery.runOnce('hubspot')).toBe(0);
    const status = (await t.documents(WS, 'delivery_status', ['c-1'])).get('c-1')!.hubspot as {
      state: string;
      reason: string;
    };
    expect(status.state).toBe('paused');
    expect(status.reason).toMatch(/credential was refused/);
    // Owed while paused: paused at once; a new key shows the whole queue pending again.
    await t.push(WS, 'contacts', [contactDoc(2)]);
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'paused', reason: status.reason });
    await t.credential(WS, 'hubspot', TOKEN);
    for (const id of ['c-1', 'c-2'])
      expect(await t.hubspot(id)).toMatchObject({ state: 'pending', reason: null, attempts: 0 });
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(2)).toBe(true);
  });

  it('a paused connector shows its whole queue paused with the reason, and pending once it resumes', async () => {
    const t = await setup();
    fake.faults.dailyRemaining = 0;
    await t.push(WS, 'contacts', [contactDoc(1), contactDoc(2)]);
    // c-2 waits out a backoff: queued, but not in the batch that meets the quota.
    await store.query("UPDATE outbox SET due_at = $1 WHERE document_id = 'c-2'", [
      Date.now() + 60_000,
    ]);
    await t.delivery.runOnce('hubspot');
    const paused = { state: 'paused', reason: expect.stringMatching(/daily/i) };
    expect(await t.hubspot('c-1')).toMatchObject(paused);
    expect(await t.hubspot('c-2')).toMatchObject(paused);
    // Owed while paused: paused at once, not pending.
    await t.push(WS, 'contacts', [contactDoc(3)]);
    expect(await t.hubspot('c-3')).toMatchObject(paused);

    // The reset time passes: the next round resumes the connector and its whole queue.
    fake.heal();
    await store.query('UPDATE connector_state SET paused_until = $1', [Date.now() - 1]);
    await t.delivery.runOnce('hubspot');
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered' });
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'pending', reason: null });
    expect(
      await store.query('SELECT 1 FROM connector_state WHERE paused_until IS NOT NULL'),
    ).toEqual([]);
  });

  it('an edit that arrives while the older version is being delivered: pending, not delivered or failed, until it is', async () => {
    // Called once HubSpot has applied a batch, before its answer is recorded.
    let applied: (() => Promise<void>) | null = null;
    const t = await setup({
      connectors: [
        {
          ...hubspotModule,
          deliver: async (ctx, entries) => {
            const results = await hubspotModule.deliver(ctx, entries);
            await applied?.();
            return results;
          },
        },
      ],
    });
    await t.push(WS, 'contacts', [contactDoc(1)]);
    applied = async () => {
      applied = null;
      await t.push(WS, 'contacts', [contactDoc(1, { firstName: 'Edited' })]);
    };
    await t.delivery.runOnce('hubspot');
    const remoteId = fake.contacts.get('person1@example.com')!.id;
    expect(fake.contacts.get('person1@example.com')!.properties.firstname).toBe('First1');
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'pending', remoteId, reason: null });
    expect(await t.outboxCount('hubspot')).toBe(1);

    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(fake.contacts.get('person1@example.com')!.properties.firstname).toBe('Edited');
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered', remoteId });

    // Likewise a refusal of the older version: the edit is owed, not failed.
    fake.invalidEmails.add('person2@example.com');
    await t.push(WS, 'contacts', [contactDoc(2)]);
    applied = async () => {
      applied = null;
      fake.invalidEmails.clear();
      await t.push(WS, 'contacts', [contactDoc(2, { firstName: 'Fixed' })]);
    };
    await t.delivery.runOnce('hubspot');
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'pending', reason: null });
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'delivered' });
  });

  it('a per-item validation error fails that contact with the reason; the others proceed; retry works', async () => {
    const t = await setup();
    fake.invalidEmails.add('person3@example.com');
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 5 }, (_, i) => contactDoc(i)),
    );
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 1);
    expect(fake.creates.size).toBe(4);
    const status = (await t.documents(WS, 'delivery_status', ['c-3'])).get('c-3')!.hubspot as {
      state: string;
      reason: string;
    };
    expect(status.state).toBe('failed');
    expect(status.reason).toMatch(/not a valid email/);
    expect(await t.delivery.runOnce('hubspot')).toBe(0);
    fake.invalidEmails.clear();
    const { retryFailed } = await import('./outbox.ts');
    expect(await retryFailed(store, WS, 'hubspot', Date.now(), 'c-3')).toEqual(['c-3']);
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(allCreatedOnce(5)).toBe(true);
  });
});
