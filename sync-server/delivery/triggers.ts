import type { WireDocument } from '../../shared/sync/protocol.ts';
import type { AcceptedChange, OnAccepted } from '../replication/hooks.ts';
import type { Sql } from '../store/store.ts';
import { readDocuments } from '../replication/documents.ts';
import { enqueue } from './outbox.ts';

/**
 * What in an accepted push is owed to a connector (issue 6, "Outbox"), enqueued inside the
 * push's transaction:
 * - contact created or changed in a field HubSpot holds -> HubSpot upsert of the latest fields;
 * - contact created, with an email, never enriched -> Explorium match + enrich (each costs
 *   credits: a contact is enriched once unless a user asks again);
 * - enrollment created in a campaign linked to Lemlist -> add the lead; enrollment removed ->
 *   unsubscribe it from that campaign; a campaign linked to Lemlist (or to another Lemlist
 *   campaign) later, or whose push arrives after its enrollments' -> add its enrolled leads;
 * - contact deleted -> nothing: CRM records are not deleted (a workspace setting may turn that
 *   on later).
 */

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

const isLive = (doc: WireDocument | null): doc is WireDocument =>
  doc !== null && !doc._deleted && (doc.mergedInto ?? null) === null;

export function createOnAccepted(now: () => number = Date.now): OnAccepted {
  return async (tx, change) => {
    if (change.collection === 'contacts') await onContacts(tx, change, now());
    if (change.collection === 'enrollments') await onEnrollments(tx, change, now());
    if (change.collection === 'campaigns') await onCampaigns(tx, change, now());
  };
}

async function onContacts(tx: Sql, change: AcceptedChange, at: number) {
  const { workspaceId } = change;
  const created: WireDocument[] = [];
  for (const { previous, current } of change.documents) {
    if (!isLive(current) || typeof current.email !== 'string') continue;
    const properties = hubspotProperties(current);
    const before = isLive(previous) ? JSON.stringify(hubspotProperties(previous)) : null;
    if (before !== JSON.stringify(properties)) {
      await enqueue(
        tx,
        {
          workspaceId,
          connector: 'hubspot',
          documentId: current.id,
          contactId: current.id,
          kind: 'upsert',
          payload: { email: current.email, properties },
        },
        at,
      );
    }
    if (!isLive(previous)) created.push(current);
  }
  if (created.length === 0) return;
  const marks = created.map((_, i) => `$${i + 2}`).join(', ');
  const enriched = await tx.query<{ contact_id: string }>(
    `SELECT contact_id FROM delivery_state WHERE workspace_id = $1 AND connector = 'explorium'
       AND contact_id IN (${marks})`,
    [workspaceId, ...created.map((doc) => doc.id)],
  );
  const skip = new Set(enriched.map((row) => row.contact_id));
  for (const doc of created) {
    if (skip.has(doc.id)) continue;
    const fullName = `${String(doc.firstName ?? '')} ${String(doc.lastName ?? '')}`.trim();
    await enqueue(
      tx,
      {
        workspaceId,
        connector: 'explorium',
        documentId: doc.id,
        contactId: doc.id,
        kind: 'enrich',
        payload: { email: doc.email, fullName, company: String(doc.company ?? '') },
      },
      at,
      true,
    );
  }
}

async function onEnrollments(tx: Sql, change: AcceptedChange, at: number) {
  const { workspaceId } = change;
  const moves = change.documents.flatMap(({ previous, current }) => {
    const was = previous !== null && !previous._deleted;
    const is = !current._deleted;
    if (was === is) return [];
    return [{ doc: current, kind: is ? ('add_lead' as const) : ('unsubscribe' as const) }];
  });
  if (moves.length === 0) return;
  const campaigns = await readDocuments(
    tx,
    workspaceId,
    'campaigns',
    moves.map((m) => String(m.doc.campaignId)),
  );
  for (const { doc, kind } of moves) {
    const lemlistCampaignId = campaigns.get(String(doc.campaignId))?.lemlistCampaignId;
    if (typeof lemlistCampaignId !== 'string' || lemlistCampaignId === '') continue;
    await enqueue(
      tx,
      {
        workspaceId,
        connector: 'lemlist',
        documentId: doc.id,
        contactId: String(doc.contactId),
        kind,
        payload: { lemlistCampaignId, campaignId: doc.campaignId },
      },
      at,
    );
  }
}

/** A campaign newly linked to a Lemlist campaign owes Lemlist every lead already enrolled. */
async function onCampaigns(tx: Sql, change: AcceptedChange, at: number) {
  const { workspaceId } = change;
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
      await enqueue(
        tx,
        {
          workspaceId,
          connector: 'lemlist',
          documentId: enrollment.id,
          contactId: String(enrollment.contactId),
          kind: 'add_lead',
          payload: { lemlistCampaignId: linked, campaignId: current.id },
        },
        at,
      );
    }
  }
}
