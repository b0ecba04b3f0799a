import { afterEach, describe, expect, it } from 'vitest';
import { sqliteHarness } from '../replication/test-support.ts';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import { type FakeExplorium, startFakeExplorium } from './fakes/explorium.ts';
import { contactDoc, deliveryHarness } from './fakes/harness.ts';
import { type FakeLemlist, startFakeLemlist } from './fakes/lemlist.ts';
import { OpenApiValidator, OPENAPI_FILES } from './fakes/openapi.ts';

const LEMLIST_KEY = 'lemlist-key-abcdef123456';
const EXPLORIUM_KEY = 'explorium-key-0987654321';
const WS = 'ws-le';
const NOW = '2026-01-01T00:00:00.000Z';

const campaign = (id: string, lemlistCampaignId: string | null) => ({
  id,
  name: `Campaign ${id}`,
  lemlistCampaignId,
  archived: false,
  createdAt: NOW,
  updatedAt: NOW,
  clock: {},
  _deleted: false,
});
const enrollment = (campaignId: string, contactId: string, deleted = false) => ({
  id: `${campaignId}.${contactId}`,
  campaignId,
  contactId,
  enrolledAt: NOW,
  updatedAt: NOW,
  clock: {},
  _deleted: deleted,
});

describe('Lemlist and Explorium delivery', { timeout: 20_000 }, () => {
  const h = sqliteHarness();
  let store: Store;
  let lemlist: FakeLemlist;
  let explorium: FakeExplorium;
  afterEach(async () => {
    expect(lemlist.violations).toEqual([]);
    expect(explorium.violations).toEqual([]);
    await lemlist.close();
    await explorium.close();
    await store.close();
  });

  async function setup() {
    store = await h.fresh();
    lemlist = await startFakeLemlist({
      apiKey: LEMLIST_KEY,
      campaigns: [
        { _id: 'cam_Linked', name: 'Linked' },
        { _id: 'cam_Other', name: 'Other' },
      ],
    });
    explorium = await startFakeExplorium({ apiKey: EXPLORIUM_KEY });
    const { log, lines } = memoryLog();
    // A generous timeout: these tests are about answers, not hangs (a timed-out add that Lemlist
    // applied would come back as "already in the campaign", which is right but not asserted).
    const t = deliveryHarness(
      store,
      log,
      { hubspot: 'http://127.0.0.1:9', lemlist: lemlist.url, explorium: explorium.url },
      { timeoutMs: 3_000 },
    );
    await t.credential(WS, 'lemlist', LEMLIST_KEY);
    await t.credential(WS, 'explorium', EXPLORIUM_KEY);
    return { ...t, lines };
  }

  it('adds enrolled leads to the linked Lemlist campaign; duplicates count as delivered; bad emails fail with the reason', async () => {
    const t = await setup();
    await t.push(WS, 'campaigns', [campaign('k1', 'cam_Linked'), campaign('k2', null)]);
    await t.push(
      WS,
      'contacts',
      [1, 2, 3, 4, 5].map((n) => contactDoc(n)),
    );
    // Already in this campaign, and already in another one.
    lemlist.leads.set(
      'cam_Linked',
      new Map([
        [
          'person2@example.com',
          { _id: 'lea_x', campaignId: 'cam_Linked', email: 'person2@example.com' },
        ],
      ]),
    );
    lemlist.leads.set(
      'cam_Other',
      new Map([
        [
          'person3@example.com',
          { _id: 'lea_y', campaignId: 'cam_Other', email: 'person3@example.com' },
        ],
      ]),
    );
    lemlist.invalidEmails.add('person4@example.com');
    await t.push(
      WS,
      'enrollments',
      [1, 2, 3, 4].map((n) => enrollment('k1', `c-${n}`)),
    );
    // Not linked to Lemlist: nothing to deliver.
    await t.push(WS, 'enrollments', [enrollment('k2', 'c-5')]);
    await t.drain(
      'lemlist',
      async () =>
        (
          await store.query(
            "SELECT 1 FROM outbox WHERE connector = 'lemlist' AND state = 'pending'",
          )
        ).length === 0,
    );

    expect([...lemlist.creates.entries()]).toEqual([['cam_Linked person1@example.com', 1]]);
    const docs = await t.documents(WS, 'delivery_status', ['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    const state = (id: string) =>
      docs.get(id)?.lemlist as
        { state: string; reason: string | null; remoteId: string | null } | undefined;
    expect(state('c-1')).toMatchObject({ state: 'delivered', reason: null });
    expect(state('c-1')!.remoteId).toMatch(/^lea_/);
    expect(state('c-2')).toMatchObject({
      state: 'delivered',
      reason: 'already in the Lemlist campaign',
    });
    expect(state('c-3')).toMatchObject({
      state: 'delivered',
      reason: expect.stringMatching(/another Lemlist campaign/),
    });
    expect(state('c-4')).toMatchObject({ state: 'failed', reason: 'Invalid email address' });
    expect(docs.get('c-5')?.lemlist ?? null).toBeNull();

    // Removing an enrollment unsubscribes the lead from that campaign.
    await t.push(WS, 'enrollments', [enrollment('k1', 'c-1', true)]);
    await t.drain(
      'lemlist',
      async () =>
        (
          await store.query(
            "SELECT 1 FROM outbox WHERE connector = 'lemlist' AND state = 'pending'",
          )
        ).length === 0,
    );
    expect(lemlist.leads.get('cam_Linked')!.has('person1@example.com')).toBe(false);
  });

  it('a campaign linked to Lemlist after its enrollments arrived adds those leads', async () => {
    const t = await setup();
    await t.push(WS, 'contacts', [contactDoc(1), contactDoc(2)]);
    // The enrollments arrive first (another collection's push can overtake the campaign's).
    await t.push(WS, 'enrollments', [enrollment('k9', 'c-1'), enrollment('k9', 'c-2', true)]);
    await t.push(WS, 'campaigns', [campaign('k9', null)]);
    await t.push(WS, 'campaigns', [campaign('k9', 'cam_Linked')]);
    await t.drain(
      'lemlist',
      async () =>
        (
          await store.query(
            "SELECT 1 FROM outbox WHERE connector = 'lemlist' AND state = 'pending'",
          )
        ).length === 0,
    );
    // The live enrollment's lead, not the removed one's.
    expect([...lemlist.creates.keys()]).toEqual(['cam_Linked person1@example.com']);
  });

  it('respects Lemlist 429 + Retry-After and 500s, then delivers', async () => {
    const t = await setup();
    await t.push(WS, 'campaigns', [campaign('k1', 'cam_Linked')]);
    await t.push(
      WS,
      'contacts',
      Array.from({ length: 30 }, (_, i) => contactDoc(i)),
    );
    lemlist.faults.rateLimitedUntil = Date.now() + 1_200;
    lemlist.faults.retryAfterSeconds = 1;
    await t.push(
      WS,
      'enrollments',
      Array.from({ length: 30 }, (_, i) => enrollment('k1', `c-${i}`)),
    );
    await t.drain('lemlist', async () => (await t.outboxCount('lemlist')) === 0);
    expect(lemlist.creates.size).toBe(30);
    expect([...lemlist.creates.values()].every((n) => n === 1)).toBe(true);
    expect(lemlist.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('enriches a new contact once: fields land in the enrichment document; edits do not enrich again', async () => {
    const t = await setup();
    explorium.known.set('person1@example.com', {
      title: 'VP Sales',
      level: 'vp',
      country: 'france',
      phone: '+33612345678',
    });
    explorium.companies.set('example.com', {
      size: '51-200',
      revenue: '5M-10M',
      industry: 'Software Development',
    });
    await t.push(WS, 'contacts', [contactDoc(1), contactDoc(2)]);
    await t.drain('explorium', async () => (await t.outboxCount('explorium')) === 0);
    const enriched = await t.documents(WS, 'enrichments', ['c-1', 'c-2']);
    expect(enriched.get('c-1')).toMatchObject({
      provider: 'explorium',
      title: 'VP Sales',
      seniority: 'vp',
      country: 'france',
      phone: '+33612345678',
      companySize: '51-200',
      revenue: '5M-10M',
      industry: 'Software Development',
    });
    expect(enriched.has('c-2')).toBe(false);
    const status = await t.documents(WS, 'delivery_status', ['c-2']);
    expect(status.get('c-2')!.explorium).toMatchObject({
      state: 'delivered',
      reason: 'no match in Explorium',
    });

    await t.push(WS, 'contacts', [contactDoc(1, { firstName: 'Changed' })]);
    expect(await t.outboxCount('explorium')).toBe(0);
    expect([...explorium.enrichments.values()]).toEqual([1]);
  });

  it('Explorium out of credits (403) pauses the connector and says so', async () => {
    const t = await setup();
    explorium.faults.dailyRemaining = 0;
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.delivery.runOnce('explorium');
    expect(await t.delivery.runOnce('explorium')).toBe(0);
    const [row] = await store.query<{ paused_reason: string }>(
      "SELECT paused_reason FROM connector_state WHERE connector = 'explorium'",
    );
    expect(row!.paused_reason).toMatch(/credits/);
  });
});

describe('OpenAPI checks', () => {
  it('catch a request that does not match the document', () => {
    const hubspot = new OpenApiValidator(OPENAPI_FILES.hubspot);
    expect(
      hubspot.checkRequest('POST', '/crm/v3/objects/contacts/batch/upsert', {
        inputs: [{ id: 'a@b.co', properties: {} }],
      }),
    ).toBeNull();
    expect(
      hubspot.checkRequest('POST', '/crm/v3/objects/contacts/batch/upsert', {
        inputs: [{ properties: { email: 1 } }],
      }),
    ).toMatch(/id/);
    const explorium = new OpenApiValidator(OPENAPI_FILES.explorium);
    expect(
      explorium.checkRequest('POST', '/v1/prospects/match', { prospects_to_match: [], extra: 1 }),
    ).not.toBeNull();
    expect(explorium.checkRequest('POST', '/v1/nowhere', {})).toMatch(/not in the API description/);
  });
});
