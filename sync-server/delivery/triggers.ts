import type { CollectionName } from '../../shared/documents/collections.ts';
import type { WireDocument } from '../../shared/sync/protocol.ts';
import { lockWorkspace, readDocuments } from '../replication/documents.ts';
import type { AcceptedChange, OnAccepted, WriteServerDocuments } from '../replication/hooks.ts';
import type { Sql } from '../store/store.ts';
import { type EnqueueInput, enqueue } from './outbox.ts';
import { markOwed } from './results.ts';
import { readDeliverySettings } from './settings.ts';

/**
 * What in an accepted push is owed to a connector (issue 6, "Outbox"), enqueued inside the
 * push's transaction and shown pending on the devices at once:
 * - contact created or changed in a field HubSpot holds -> HubSpot upsert of the latest fields;
 * - contact created, with an email, never enriched -> Explorium match + enrich (each costs
 *   credits: a contact is enriched once unless a user asks again, routes.ts);
 * - enrollment created in a campaign linked to Lemlist -> add the lead; enrollment removed ->
 *   unsubscribe it from that campaign; a campaign linked to Lemlist (or to another Lemlist
 *   campaign) later, or whose push arrives after its enrollments' -> add its enrolled leads;
 * - contact deleted or merged away -> nothing, unless the workspace turned on "delete in the
 *   CRM" (settings.ts): then HubSpot archives the record.
 */

/** An entry a change owes; `onlyIfAbsent` keeps one already queued (an enrichment). */
export interface Owed {
  input: EnqueueInput;
  onlyIfAbsent?: boolean;
}

/** Contact field -> HubSpot default contact property. */
const HUBSPOT_PROPERTIES = {
  email: 'email',
  firstName: 'firstname',
  lastName: 'lastname',
  company: 'company',
  title: 'jobtitle',
  phone: 'phone',
  country: 'country',
  industry: 'industry',
  website: 'website',
} as const;

export function hubspotProperties(doc: Record<string, unknown>): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [field, property] of Object.entries(HUBSPOT_PROPERTIES)) {
    const value = doc[field];
    if (typeof value === 'string' && value !== '') properties[property] = value;
  }
  return properties;
}

type Trigger = (tx: Sql, change: AcceptedChange) => Promise<Owed[]>;

/** Not deleted, not merged into another contact. */
export const isLive = (doc: WireDocument | null | undefined): doc is WireDocument =>
  doc != null && !doc._deleted && (doc.mergedInto ?? null) === null;

export function createOnAccepted(
  writeDocuments: WriteServerDocuments,
  now: () => number = Date.now,
): OnAccepted {
  const triggers: Partial<Record<CollectionName, Trigger>> = {
    contacts: onContacts,
    enrollments: onEnrollments,
    campaigns: onCampaigns,
  };
  return async (tx, change) => {
    const owed = (await triggers[change.collection]?.(tx, change)) ?? [];
    await enqueueOwed(tx, writeDocuments, change.workspaceId, owed, now());
  };
}

/**
 * Enqueues what is owed and marks it pending (or paused) on the devices, in the caller's
 * transaction. The workspace lock comes first (a push already holds it): every writer of the
 * outbox and of delivery_state takes it first, so none of them deadlocks another on PostgreSQL.
 * Only connectors the workspace has a key for are marked: the rest wait in the outbox unsent
 * (claim skips them) until a key is saved (which shows them, service.ts), and a "pending" on
 * every contact for a connector the team does not use would be noise that doubles what each
 * device syncs.
 */
export async function enqueueOwed(
  tx: Sql,
  writeDocuments: WriteServerDocuments,
  workspaceId: string,
  owed: readonly Owed[],
  at: number,
): Promise<void> {
  if (owed.length === 0) return;
  await lockWorkspace(tx, workspaceId);
  const inputs = (onlyIfAbsent: boolean) =>
    owed.filter((o) => (o.onlyIfAbsent ?? false) === onlyIfAbsent).map((o) => o.input);
  await enqueue(tx, inputs(false), at);
  await enqueue(tx, inputs(true), at, true);
  const configured = new Set(
    (
      await tx.query<{ connector: string }>(
        `SELECT connector FROM connector_credentials WHERE workspace_id = $1`,
        [workspaceId],
      )
    ).map((row) => row.connector),
  );
  const shown = owed.map((o) => o.input).filter((input) => configured.has(input.connector));
  await markOwed(tx, writeDocuments, workspaceId, shown, at);
}

/** Explorium match + enrich of a contact (which has an email). */
export function enrichment(workspaceId: string, doc: WireDocument): EnqueueInput {
  const fullName = `${String(doc.firstName ?? '')} ${String(doc.lastName ?? '')}`.trim();
  return {
    workspaceId,
    connector: 'explorium',
    documentId: doc.id,
    contactId: doc.id,
    kind: 'enrich',
    payload: { email: doc.email, fullName, company: String(doc.company ?? '') },
  };
}

async function onContacts(tx: Sql, change: AcceptedChange): Promise<Owed[]> {
  const { workspaceId } = change;
  const owed: Owed[] = [];
  const created: WireDocument[] = [];
  const gone: WireDocument[] = [];
  for (const { previous, current } of change.documents) {
    if (isLive(previous) && !isLive(current)) gone.push(current);
    if (!isLive(current) || typeof current.email !== 'string') continue;
    const properties = hubspotProperties(current);
    const before = isLive(previous) ? JSON.stringify(hubspotProperties(previous)) : null;
    if (before !== JSON.stringify(properties)) {
      owed.push({
        input: {
          workspaceId,
          connector: 'hubspot',
          documentId: current.id,
          contactId: current.id,
          kind: 'upsert',
          payload: { email: current.email, properties },
        },
      });
    }
    if (!isLive(previous)) created.push(current);
  }
  owed.push(...(await archives(tx, workspaceId, gone)));
  if (created.length === 0) return owed;
  const marks = created.map((_, i) => `$${i + 2}`).join(', ');
  // Queued or done before (its state row is written at enqueue): not again unless asked.
  const enriched = await tx.query<{ contact_id: string }>(
    `SELECT contact_id FROM delivery_state WHERE workspace_id = $1 AND connector = 'explorium'
       AND contact_id IN (${marks})`,
    [workspaceId, ...created.map((doc) => doc.id)],
  );
  const skip = new Set(enriched.map((row) => row.contact_id));
  for (const doc of created) {
    if (!skip.has(doc.id)) owed.push({ input: enrichment(workspaceId, doc), onlyIfAbsent: true });
  }
  return owed;
}

/**
 * Contacts deleted or merged away, when the workspace archives them in HubSpot: those HubSpot
 * knows (a remote id) or may be about to (an entry still owed, whose remote id the connector
 * reads when it archives). The archive replaces that entry, so a pending upsert is not sent.
 */
async function archives(tx: Sql, workspaceId: string, gone: WireDocument[]): Promise<Owed[]> {
  if (gone.length === 0 || !(await readDeliverySettings(tx, workspaceId)).deleteInCrm) return [];
  const targets = gone.flatMap((doc) =>
    typeof doc.mergedInto === 'string' ? [doc.mergedInto] : [],
  );
  const ids = [...new Set([...gone.map((doc) => doc.id), ...targets])];
  const marks = ids.map((_, i) => `$${i + 2}`).join(', ');
  const rows = await tx.query<{ id: string; remote_id: string | null }>(
    `SELECT contact_id AS id, remote_id FROM delivery_state
       WHERE workspace_id = $1 AND connector = 'hubspot' AND contact_id IN (${marks})
     UNION ALL
     SELECT document_id AS id, NULL AS remote_id FROM outbox
       WHERE workspace_id = $1 AND connector = 'hubspot' AND document_id IN (${marks})`,
    [workspaceId, ...ids],
  );
  const known = new Map<string, string | null>();
  for (const row of rows) known.set(row.id, row.remote_id ?? known.get(row.id) ?? null);
  return gone.flatMap((doc): Owed[] => {
    if (!known.has(doc.id)) return [];
    const remoteId = known.get(doc.id);
    // Merged into a contact that is the same HubSpot record: that record lives on.
    if (remoteId && typeof doc.mergedInto === 'string' && known.get(doc.mergedInto) === remoteId)
      return [];
    const input: EnqueueInput = {
      workspaceId,
      connector: 'hubspot',
      documentId: doc.id,
      contactId: doc.id,
      kind: 'archive',
      payload: {},
    };
    return [{ input }];
  });
}

async function onEnrollments(tx: Sql, change: AcceptedChange): Promise<Owed[]> {
  const { workspaceId } = change;
  const moves = change.documents.flatMap(({ previous, current }) => {
    const was = previous !== null && !previous._deleted;
    const is = !current._deleted;
    if (was === is) return [];
    return [{ doc: current, kind: is ? ('add_lead' as const) : ('unsubscribe' as const) }];
  });
  if (moves.length === 0) return [];
  const campaigns = await readDocuments(
    tx,
    workspaceId,
    'campaigns',
    moves.map((m) => String(m.doc.campaignId)),
  );
  return moves.flatMap(({ doc, kind }): Owed[] => {
    const lemlistCampaignId = campaigns.get(String(doc.campaignId))?.lemlistCampaignId;
    if (typeof lemlistCampaignId !== 'string' || lemlistCampaignId === '') return [];
    const input: EnqueueInput = {
      workspaceId,
      connector: 'lemlist',
      documentId: doc.id,
      contactId: String(doc.contactId),
      kind,
      payload: { lemlistCampaignId, campaignId: doc.campaignId },
    };
    return [{ input }];
  });
}

/** A campaign newly linked to a Lemlist campaign owes Lemlist every lead already enrolled. */
async function onCampaigns(tx: Sql, change: AcceptedChange): Promise<Owed[]> {
  const { workspaceId } = change;
  const owed: Owed[] = [];
  for (const { previous, current } of change.documents) {
    const linked = current.lemlistCampaignId;
    if (current._deleted || typeof linked !== 'string' || linked === '') continue;
    if (previous && !previous._deleted && previous.lemlistCampaignId === linked) continue;
    // Enrollment ids are `${campaignId}.${contactId}` (shared/ids.ts enrollmentId).
    const prefix = `${current.id}.`;
    const rows = await tx.query<{ data: string }>(
      `SELECT data FROM documents
       WHERE workspace_id = $1 AND collection = 'enrollments' AND substr(id, 1, CAST($2 AS INTEGER)) = $3`,
      [workspaceId, prefix.length, prefix],
    );
    for (const row of rows) {
      const enrollment = JSON.parse(row.data) as WireDocument;
      if (enrollment._deleted || enrollment.campaignId !== current.id) continue;
      owed.push({
        input: {
          workspaceId,
          connector: 'lemlist',
          documentId: enrollment.id,
          contactId: String(enrollment.contactId),
          kind: 'add_lead',
          payload: { lemlistCampaignId: linked, campaignId: current.id },
        },
      });
    }
  }
  return owed;
}
