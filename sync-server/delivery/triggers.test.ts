import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../shared/documents/server-written.ts';
import { createLocalFeed } from '../replication/feed.ts';
import type { WriteServerDocuments } from '../replication/hooks.ts';
import { harnesses } from '../replication/test-support.ts';
import { applyPush } from '../replication/write.ts';
import type { Store } from '../store/store.ts';
import { memoryLog } from '../test-helpers.ts';
import { deleteCredential } from './credentials.ts';
import { contactDoc, deliveryHarness } from './fakes/harness.ts';
import { type FakeHubspot, startFakeHubspot } from './fakes/hubspot.ts';
import { saveDeliverySettings } from './settings.ts';
import { createOnAccepted } from './triggers.ts';

/**
 * What a push owes the connectors, as the devices see it at once (pending statuses), and the
 * workspace setting that archives deleted contacts in HubSpot; on both stores, against the fake
 * HubSpot (which validates every request and answer against the OpenAPI document).
 */
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const WS = 'ws-trig';
const NOW = '2026-01-01T00:00:00.000Z';

describe.each(harnesses())('delivery triggers on $kind', { timeout: 20_000 }, (h) => {
  let store: Store;
  let fake: FakeHubspot;
  beforeAll(() => h.setup(), 30_000);
  afterAll(() => h.teardown());
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await store.close();
  });

  async function setup() {
    store = await h.fresh();
    fake = await startFakeHubspot({ token: TOKEN });
    const t = deliveryHarness(store, memoryLog().log, {
      hubspot: fake.url,
      lemlist: 'http://127.0.0.1:9',
      explorium: 'http://127.0.0.1:9',
    });
    await t.credential(WS, 'hubspot', TOKEN);
    const hubspot = async (id: string) =>
      (await t.documents(WS, 'delivery_status', [id])).get(id)?.hubspot as DeliveryState | null;
    const drained = () => t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 0);
    return { ...t, hubspot, drained };
  }

  const archives = () => fake.requests.filter((r) => r.path.endsWith('/batch/archive'));
  const deleteInCrm = (on: boolean) =>
    saveDeliverySettings(store, {
      workspaceId: WS,
      settings: { deleteInCrm: on },
      userId: 'u-admin',
      now: Date.now(),
    });

  it('a pushed contact is pending on the devices at once, in one status write per push', async () => {
    const t = await setup();
    const writes: { collection: string; count: number }[] = [];
    const counting: WriteServerDocuments = async (tx, workspaceId, collection, docs) => {
      writes.push({ collection, count: docs.length });
      await t.writeDocuments(tx, workspaceId, collection, docs);
    };
    const rows = Array.from({ length: 500 }, (_, i) => ({
      assumedMasterState: null,
      newDocumentState: contactDoc(i),
    }));
    const deps = { store, feed: createLocalFeed(), onAccepted: createOnAccepted(counting) };
    expect((await applyPush(deps, WS, 'contacts', rows)).accepted).toBe(500);

    expect(writes).toEqual([{ collection: 'delivery_status', count: 500 }]);
    const docs = await t.documents(WS, 'delivery_status', ['c-0', 'c-499']);
    for (const doc of docs.values()) {
      const pending = { state: 'pending', remoteId: null, reason: null, attempts: 0 };
      // No Explorium key in this workspace: its enrichments wait unshown (next test).
      expect(doc).toMatchObject({ hubspot: pending, explorium: null, lemlist: null });
    }
    expect(docs.size).toBe(2);
    expect(fake.requests).toEqual([]);
  });

  it('a connector without a key gets its entries queued but no status on the devices until one is saved', async () => {
    const t = await setup();
    const push = (n: number) => t.push(WS, 'contacts', [contactDoc(n)]);
    await push(0);
    expect(await t.outboxCount('explorium')).toBe(1);
    expect((await t.documents(WS, 'delivery_status', ['c-0'])).get('c-0')).toMatchObject({
      explorium: null,
    });
    await t.credential(WS, 'explorium', 'explorium-key');
    await push(1);
    expect(await t.outboxCount('explorium')).toBe(2);
    expect((await t.documents(WS, 'delivery_status', ['c-1'])).get('c-1')).toMatchObject({
      explorium: { state: 'pending', attempts: 0 },
    });
  });

  it('saving a key shows the entries queued without one as pending; a failure stays shown', async () => {
    const t = await setup();
    fake.invalidEmails.add('person2@example.com');
    await t.push(WS, 'contacts', [contactDoc(1), contactDoc(2)]);
    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 1);
    const remoteId = fake.contacts.get('person1@example.com')!.id;
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'failed' });

    // Queued while the workspace has no key: no status (a new contact), or a stale one (an edit).
    await deleteCredential(store, WS, 'hubspot');
    await t.push(WS, 'contacts', [contactDoc(1, { firstName: 'Edited' }), contactDoc(3)]);
    expect(await t.hubspot('c-3')).toBeUndefined();
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered' });

    await t.credential(WS, 'hubspot', TOKEN);
    const pending = { state: 'pending', reason: null, attempts: 0 };
    expect(await t.hubspot('c-3')).toMatchObject({ ...pending, remoteId: null });
    expect(await t.hubspot('c-1')).toMatchObject({ ...pending, remoteId });
    expect(await t.hubspot('c-2')).toMatchObject({ state: 'failed' });
    // Enrichments wait for their own key, unshown.
    expect((await t.documents(WS, 'delivery_status', ['c-3'])).get('c-3')).toMatchObject({
      explorium: null,
    });

    await t.drain('hubspot', async () => (await t.outboxCount('hubspot')) === 1);
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered', remoteId });
    expect(await t.hubspot('c-3')).toMatchObject({ state: 'delivered' });
  });

  it('an edit of a delivered contact is pending again and keeps its HubSpot id; enrollments are pending for Lemlist', async () => {
    const t = await setup();
    await t.credential(WS, 'lemlist', 'lemlist-key');
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.drained();
    const remoteId = fake.contacts.get('person1@example.com')!.id;
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered', remoteId, attempts: 1 });

    await t.push(WS, 'contacts', [contactDoc(1, { firstName: 'Edited' })]);
    expect(await t.hubspot('c-1')).toMatchObject({
      state: 'pending',
      remoteId,
      reason: null,
      attempts: 0,
    });

    const campaign = {
      id: 'k1',
      name: 'Spring',
      lemlistCampaignId: 'cam_A1',
      archived: false,
      createdAt: NOW,
      updatedAt: NOW,
      clock: {},
      _deleted: false,
    };
    const enrollment = {
      id: 'k1.c-1',
      campaignId: 'k1',
      contactId: 'c-1',
      enrolledAt: NOW,
      updatedAt: NOW,
      clock: {},
      _deleted: false,
    };
    await t.push(WS, 'campaigns', [campaign]);
    await t.push(WS, 'enrollments', [enrollment]);
    const doc = (await t.documents(WS, 'delivery_status', ['c-1'])).get('c-1')!;
    expect(doc.lemlist).toMatchObject({ state: 'pending', attempts: 0 });
    expect(doc.hubspot).toMatchObject({ state: 'pending', remoteId });
  });

  it('delete in the CRM off (the default): a deleted contact stays in HubSpot', async () => {
    const t = await setup();
    await t.push(WS, 'contacts', [contactDoc(1)]);
    await t.drained();
    await t.push(WS, 'contacts', [contactDoc(1, { _deleted: true })]);
    expect(await t.outboxCount('hubspot')).toBe(0);
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'delivered', reason: null });
    expect(fake.contacts.has('person1@example.com')).toBe(true);
  });

  it('delete in the CRM on: deleted and merged-away contacts are archived in HubSpot, and the status says so', async () => {
    const t = await setup();
    await t.push(
      WS,
      'contacts',
      [1, 2, 3, 4, 5].map((n) => contactDoc(n)),
    );
    await t.drained();
    const id = (n: number) => fake.contacts.get(`person${n}@example.com`)!.id;
    const [id1, id2, id4] = [id(1), id(2), id(4)];
    // HubSpot holds c-4 and c-5 as one record (its email was added there): merging c-4 into c-5
    // must not archive the record c-5 lives on as.
    await store.query(
      "UPDATE delivery_state SET remote_id = $1 WHERE connector = 'hubspot' AND contact_id = 'c-5'",
      [id4],
    );
    await deleteInCrm(true);

    await t.push(WS, 'contacts', [
      contactDoc(1, { _deleted: true }),
      contactDoc(2, { mergedInto: 'c-3', _deleted: true }),
      contactDoc(4, { mergedInto: 'c-5', _deleted: true }),
    ]);
    const owed = await store.query<{ document_id: string; kind: string }>(
      "SELECT document_id, kind FROM outbox WHERE connector = 'hubspot' ORDER BY document_id",
    );
    expect(owed).toEqual([
      { document_id: 'c-1', kind: 'archive' },
      { document_id: 'c-2', kind: 'archive' },
    ]);
    expect(await t.hubspot('c-1')).toMatchObject({ state: 'pending', remoteId: id1 });

    await t.drained();
    expect(archives()).toHaveLength(1);
    const sent = (archives()[0]!.body as { inputs: { id: string }[] }).inputs;
    expect(sent.map((input) => input.id).toSorted()).toEqual([id1, id2].toSorted());
    expect(Object.fromEntries(fake.archived)).toEqual({ [id1]: 1, [id2]: 1 });
    expect(fake.contacts.has('person1@example.com')).toBe(false);
    expect(fake.contacts.has('person4@example.com')).toBe(true);
    for (const [contact, remoteId] of [
      ['c-1', id1],
      ['c-2', id2],
    ] as const) {
      expect(await t.hubspot(contact)).toMatchObject({
        state: 'delivered',
        remoteId,
        reason: 'archived in HubSpot',
      });
    }
    expect(await t.hubspot('c-4')).toMatchObject({ state: 'delivered', reason: null });
  });

  it('a contact deleted before HubSpot had it is never sent; an archive answered 404 is done', async () => {
    const t = await setup();
    await deleteInCrm(true);
    await t.push(WS, 'contacts', [contactDoc(1)]);
    // Deleted while its upsert waits: the archive replaces it, and nothing reaches HubSpot.
    await t.push(WS, 'contacts', [contactDoc(1, { _deleted: true })]);
    await t.drained();
    expect(fake.requests).toEqual([]);
    expect(await t.hubspot('c-1')).toMatchObject({
      state: 'delivered',
      remoteId: null,
      reason: 'never reached HubSpot: nothing to archive',
    });

    await t.push(WS, 'contacts', [contactDoc(2)]);
    await t.drained();
    const id2 = fake.contacts.get('person2@example.com')!.id;
    fake.faults.errorRate = 1;
    fake.faults.errorStatus = 404;
    await t.push(WS, 'contacts', [contactDoc(2, { _deleted: true })]);
    await t.drained();
    expect(archives().map((r) => r.status)).toEqual([404]);
    expect(await t.hubspot('c-2')).toMatchObject({
      state: 'delivered',
      remoteId: id2,
      reason: 'already gone from HubSpot',
    });
  });
});
