import { readdirSync, readFileSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorSummary, DeliveryStats } from '../../shared/api/delivery.ts';
import type { DeliveryState } from '../../shared/documents/server-written.ts';
import { API_BASE } from '../../shared/version.ts';
import { requireAdmin } from '../auth/middleware.ts';
import type { AppEnv } from '../http/env.ts';
import { errorHandler, notFound } from '../http/errors.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { memoryLog, tempDir } from '../test-helpers.ts';
import { startFakeExplorium } from './fakes/explorium.ts';
import { contactDoc, deliveryHarness } from './fakes/harness.ts';
import { startFakeHubspot } from './fakes/hubspot.ts';
import { startFakeLemlist } from './fakes/lemlist.ts';
import { deliveryRoutes } from './routes.ts';
import type { Delivery } from './service.ts';

/**
 * The connector routes (shared/api/delivery.ts) behind a session injected from a test header,
 * then the storage dump: the SQLite file and every log line of the run hold no plaintext key.
 */
const HUBSPOT_TOKEN = 'pat-na1-aaaabbbb-cccc-dddd-eeee-SECRETHUBSPOT';
const LEMLIST_KEY = 'lemlist-SECRETLEMLISTKEY-9876';
const WS = 'ws-routes';
const EXPLORIUM_KEY = 'explorium-key-0987654321';

describe('delivery routes', { timeout: 30_000 }, () => {
  const dir = tempDir('delivery-routes');
  const file = `${dir.path}/outpost.sqlite`;
  afterAll(() => dir.remove());

  it('save, list, test, campaigns, stats, retry; nothing whole leaves; nothing plain is stored or logged', async () => {
    const store = openSqliteStore(file);
    await store.migrate();
    const hubspot = await startFakeHubspot({ token: HUBSPOT_TOKEN });
    const lemlist = await startFakeLemlist({
      apiKey: LEMLIST_KEY,
      campaigns: [{ _id: 'cam_A1', name: 'Spring' }],
    });
    const { log, lines } = memoryLog();
    const t = deliveryHarness(store, log, {
      hubspot: hubspot.url,
      lemlist: lemlist.url,
      explorium: 'http://127.0.0.1:9',
    });

    const call = mount(store, log, t.delivery);

    // Saving: admin only, validated, answered with the last 4 characters only.
    expect(
      (await call('PUT', '/connectors/hubspot/credential', { value: HUBSPOT_TOKEN }, 'member'))
        .status,
    ).toBe(403);
    expect(
      (await call('PUT', '/connectors/hubspot/credential', { value: 'short' })).json,
    ).toMatchObject({ error: { code: 'validation_failed' } });
    expect(
      (await call('PUT', '/connectors/hubspot/credential', { value: HUBSPOT_TOKEN, extra: 1 }))
        .status,
    ).toBe(400);
    expect((await call('PUT', '/connectors/hubspot/credential', '{not json')).json).toMatchObject({
      error: { code: 'malformed_json' },
    });
    expect(
      (await call('PUT', '/connectors/salesforce/credential', { value: HUBSPOT_TOKEN })).status,
    ).toBe(404);
    const saved = await call('PUT', '/connectors/hubspot/credential', { value: HUBSPOT_TOKEN });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ connector: 'hubspot', configured: true, last4: 'SPOT' });
    expect(saved.text).not.toContain('SECRETHUBSPOT');
    expect(
      (await call('PUT', '/connectors/lemlist/credential', { value: LEMLIST_KEY })).status,
    ).toBe(200);

    const list = await call('GET', '/connectors', undefined, 'member');
    expect(list.json as ConnectorSummary[]).toEqual([
      { connector: 'hubspot', configured: true, last4: 'SPOT', updatedAt: expect.any(String) },
      { connector: 'lemlist', configured: true, last4: '9876', updatedAt: expect.any(String) },
      { connector: 'explorium', configured: false, last4: '', updatedAt: null },
    ]);
    expect(list.text).not.toMatch(/SECRET/);
    // Another workspace sees none of it.
    expect((await call('GET', '/connectors', undefined, 'admin', 'ws-other')).json).toMatchObject([
      { configured: false },
      { configured: false },
      { configured: false },
    ]);

    // Test connection: the saved key, and a candidate before saving it.
    expect((await call('POST', '/connectors/hubspot/test', {})).json).toEqual({
      ok: true,
      message: 'hubspot accepted the credential',
    });
    const wrong = await call('POST', '/connectors/hubspot/test', {
      value: 'pat-na1-not-the-right-one',
    });
    expect(wrong.json).toMatchObject({ ok: false, message: expect.stringMatching(/^401/) });
    expect((await call('POST', '/connectors/explorium/test', {})).status).toBe(400);

    // Lemlist campaigns for linking.
    expect((await call('GET', '/connectors/lemlist/campaigns', undefined, 'member')).json).toEqual([
      { id: 'cam_A1', name: 'Spring', status: 'running', labels: [] },
    ]);

    // A delivery run with one refused contact, then the stats and a retry.
    hubspot.invalidEmails.add('person2@example.com');
    await t.push(
      WS,
      'contacts',
      [1, 2, 3].map((n) => contactDoc(n)),
    );
    await t.drain(
      'hubspot',
      async () =>
        (
          await store.query(
            "SELECT 1 FROM outbox WHERE connector = 'hubspot' AND state = 'pending'",
          )
        ).length === 0,
    );
    const stats = (await call('GET', '/delivery/stats', undefined, 'member')).json as DeliveryStats;
    const hub = stats.connectors.find((c) => c.connector === 'hubspot')!;
    expect(hub).toMatchObject({
      configured: true,
      breaker: 'closed',
      queue: { pending: 0, failed: 1 },
      pausedUntil: null,
      pausedIndefinitely: false,
    });
    expect(hub.perMinute).toHaveLength(60);
    expect(hub.perMinute.reduce((sum, m) => sum + m.delivered, 0)).toBe(2);
    expect(hub.failuresByReason).toEqual([
      { reason: expect.stringMatching(/not a valid email/), count: 1 },
    ]);

    hubspot.invalidEmails.clear();
    expect(
      (await call('POST', '/delivery/hubspot/retry', { contactId: 'c-2' }, 'member')).json,
    ).toEqual({ requeued: 1 });
    // The device stops showing the failure at once, not when the retry is done.
    const retried = (await t.documents(WS, 'delivery_status', ['c-2'])).get('c-2')!;
    expect(retried.hubspot as DeliveryState).toMatchObject({
      state: 'pending',
      reason: null,
      attempts: 0,
    });
    expect((await call('POST', '/delivery/hubspot/retry', {}, 'member')).json).toEqual({
      requeued: 0,
    });
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    expect(hubspot.creates.size).toBe(3);

    expect(hubspot.violations).toEqual([]);
    expect(lemlist.violations).toEqual([]);
    await hubspot.close();
    await lemlist.close();
    await store.close();

    // The storage dump: database files and logs.
    const secrets = [HUBSPOT_TOKEN, LEMLIST_KEY, 'pat-na1-not-the-right-one'];
    for (const name of readdirSync(dir.path)) {
      const bytes = readFileSync(`${dir.path}/${name}`);
      for (const secret of secrets)
        expect(bytes.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    const logged = JSON.stringify(lines);
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(lines.some((l) => l.event === 'credential_saved')).toBe(true);
  });

  it('delivery settings: admins read and change them per workspace; members cannot; bad bodies are refused', async () => {
    const store = openSqliteStore(`${dir.path}/settings.sqlite`);
    await store.migrate();
    const { log } = memoryLog();
    const t = deliveryHarness(store, log, {
      hubspot: 'http://127.0.0.1:9',
      lemlist: 'http://127.0.0.1:9',
      explorium: 'http://127.0.0.1:9',
    });
    const call = mount(store, log, t.delivery);

    expect((await call('GET', '/delivery/settings')).json).toEqual({ deleteInCrm: false });
    expect((await call('GET', '/delivery/settings', undefined, 'member')).status).toBe(403);
    expect((await call('PUT', '/delivery/settings', { deleteInCrm: true }, 'member')).status).toBe(
      403,
    );
    for (const bad of [{}, { deleteInCrm: 'yes' }, { deleteInCrm: true, extra: 1 }]) {
      const refused = await call('PUT', '/delivery/settings', bad);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await call('PUT', '/delivery/settings', '{not json')).status).toBe(400);
    expect((await call('GET', '/delivery/settings')).json).toEqual({ deleteInCrm: false });

    const saved = await call('PUT', '/delivery/settings', { deleteInCrm: true });
    expect(saved).toMatchObject({ status: 200, json: { deleteInCrm: true } });
    expect((await call('GET', '/delivery/settings')).json).toEqual({ deleteInCrm: true });
    expect((await call('GET', '/delivery/settings', undefined, 'admin', 'ws-other')).json).toEqual({
      deleteInCrm: false,
    });
    expect((await call('PUT', '/delivery/settings', { deleteInCrm: false })).status).toBe(200);
    expect((await call('GET', '/delivery/settings')).json).toEqual({ deleteInCrm: false });
    await store.close();
  });

  it('enrich again: a member asks, Explorium is called a second time and the enrichment is updated', async () => {
    const store = openSqliteStore(`${dir.path}/enrich.sqlite`);
    await store.migrate();
    const explorium = await startFakeExplorium({ apiKey: EXPLORIUM_KEY });
    const { log } = memoryLog();
    const t = deliveryHarness(store, log, {
      hubspot: 'http://127.0.0.1:9',
      lemlist: 'http://127.0.0.1:9',
      explorium: explorium.url,
    });
    await t.credential(WS, 'explorium', EXPLORIUM_KEY);
    const call = mount(store, log, t.delivery);
    const drained = () =>
      t.drain('explorium', async () => (await t.outboxCount('explorium')) === 0);
    const person = { title: 'VP Sales', level: 'vp', country: 'france', phone: '+33612345678' };
    explorium.known.set('person1@example.com', person);
    await t.push(WS, 'contacts', [
      contactDoc(1),
      contactDoc(2, { _deleted: true }),
      contactDoc(3, { email: null }),
    ]);
    await drained();
    expect([...explorium.enrichments.values()]).toEqual([1]);
    const enriched = async () => (await t.documents(WS, 'enrichments', ['c-1'])).get('c-1');
    expect(await enriched()).toMatchObject({ title: 'VP Sales' });

    // Refused: no such contact (here, deleted, or in another workspace), or a bad body.
    for (const [contactId, ws] of [
      ['c-404', WS],
      ['c-2', WS],
      ['c-1', 'ws-other'],
    ]) {
      const missing = await call('POST', '/delivery/explorium/enrich', { contactId }, 'member', ws);
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ error: { code: 'not_found' } });
    }
    for (const bad of [{}, { contactId: '' }, { contactId: 'c-1', extra: 1 }]) {
      expect((await call('POST', '/delivery/explorium/enrich', bad, 'member')).status).toBe(400);
    }
    const noEmail = await call('POST', '/delivery/explorium/enrich', { contactId: 'c-3' });
    expect(noEmail).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
    expect(await t.outboxCount('explorium')).toBe(0);

    explorium.known.set('person1@example.com', { ...person, title: 'Chief Revenue Officer' });
    const asked = await call('POST', '/delivery/explorium/enrich', { contactId: 'c-1' }, 'member');
    expect(asked).toMatchObject({ status: 200, json: { queued: true } });
    const status = (await t.documents(WS, 'delivery_status', ['c-1'])).get('c-1')!;
    expect(status.explorium as DeliveryState).toMatchObject({ state: 'pending', attempts: 0 });
    await drained();
    expect([...explorium.enrichments.values()]).toEqual([2]);
    expect(await enriched()).toMatchObject({ title: 'Chief Revenue Officer' });
    expect(explorium.violations).toEqual([]);
    await explorium.close();
    await store.close();
  });
});

/** A session of the role and workspace the test headers name. */
const session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const role = c.req.header('x-test-role');
  if (role !== 'admin' && role !== 'member')
    return c.json({ error: { code: 'unauthorized', message: 'no' } }, 401);
  c.set('session', {
    sessionId: 's',
    userId: `u-${role}`,
    workspaceId: c.req.header('x-test-ws') ?? WS,
    role,
  });
  await next();
};

/** The delivery routes behind a session taken from test headers; `call` answers status and body. */
function mount(store: Store, log: Logger, delivery: Delivery) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(log));
  app.notFound(notFound);
  app.use(requestId());
  app.route(
    API_BASE,
    deliveryRoutes({
      store,
      delivery,
      log,
      requireSession: session,
      requireAdmin,
    }),
  );
  return async (method: string, path: string, body?: unknown, role = 'admin', ws = WS) => {
    const res = await app.request(`${API_BASE}${path}`, {
      method,
      headers: {
        'x-test-role': role,
        'x-test-ws': ws,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as unknown) : null };
  };
}
