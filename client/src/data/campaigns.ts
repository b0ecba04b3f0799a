import type { Campaign, Enrollment } from '../../../shared/documents/campaign.ts';
import { enrollmentId, randomId } from '../../../shared/ids.ts';
import type { OutpostDatabase } from './database.ts';
import { deviceClock } from './device.ts';
import { guardWrite } from './write-errors.ts';

export type CampaignResult = { ok: true; campaign: Campaign } | { ok: false; message: string };

const LEMLIST_ID = /^[A-Za-z0-9_-]{1,100}$/;

function checkCampaign(name: string, lemlistCampaignId: string | null): string | null {
  if (!name.trim()) return 'A campaign needs a name';
  if (name.trim().length > 200) return 'A campaign name has at most 200 characters';
  if (lemlistCampaignId !== null && !LEMLIST_ID.test(lemlistCampaignId)) {
    return `"${lemlistCampaignId}" is not a Lemlist campaign id (letters, digits, _ and - only)`;
  }
  return null;
}

export async function createCampaign(
  db: OutpostDatabase,
  name: string,
  lemlistCampaignId: string | null = null,
): Promise<CampaignResult> {
  const lemlist = lemlistCampaignId?.trim() || null;
  const problem = checkCampaign(name, lemlist);
  if (problem) return { ok: false, message: problem };
  const stamp = deviceClock().now();
  const now = new Date().toISOString();
  const campaign: Campaign = {
    id: randomId('cp'),
    name: name.trim(),
    lemlistCampaignId: lemlist,
    archived: false,
    createdAt: now,
    updatedAt: now,
    clock: { name: stamp, lemlistCampaignId: stamp, archived: stamp },
  };
  await guardWrite(() => db.campaigns.insert(campaign));
  return { ok: true, campaign };
}

/** Changes name, Lemlist link or archived flag; only changed fields get a new stamp. */
export async function updateCampaign(
  db: OutpostDatabase,
  id: string,
  patch: Partial<Pick<Campaign, 'name' | 'lemlistCampaignId' | 'archived'>>,
): Promise<CampaignResult> {
  const doc = await db.campaigns.findOne(id).exec();
  if (!doc) return { ok: false, message: 'This campaign no longer exists' };
  const current = doc.toMutableJSON();
  const next = {
    name: patch.name?.trim() ?? current.name,
    lemlistCampaignId:
      patch.lemlistCampaignId === undefined
        ? current.lemlistCampaignId
        : patch.lemlistCampaignId?.trim() || null,
    archived: patch.archived ?? current.archived,
  };
  const problem = checkCampaign(next.name, next.lemlistCampaignId);
  if (problem) return { ok: false, message: problem };
  const stamp = deviceClock().now();
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
    (k) => next[k] !== current[k],
  );
  if (changed.length === 0) return { ok: true, campaign: current };
  const updated: Campaign = {
    ...current,
    ...next,
    updatedAt: new Date().toISOString(),
    clock: { ...current.clock, ...Object.fromEntries(changed.map((k) => [k, stamp])) },
  };
  await guardWrite(() =>
    doc.incrementalPatch({ ...next, updatedAt: updated.updatedAt, clock: updated.clock }),
  );
  return { ok: true, campaign: updated };
}

/**
 * Enrolls contacts; the enrollment id is derived from (campaign, contact), so enrolling twice,
 * in two tabs or on two devices, writes the same document: one enrollment. Returns how many
 * were new.
 */
export async function enroll(
  db: OutpostDatabase,
  campaignId: string,
  contactIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(contactIds)].map((contactId) => enrollmentId(campaignId, contactId));
  const existing = await db.enrollments.findByIds(ids).exec();
  const stamp = deviceClock().now();
  const now = new Date().toISOString();
  const fresh: Enrollment[] = [...new Set(contactIds)]
    .filter((contactId) => !existing.has(enrollmentId(campaignId, contactId)))
    .map((contactId) => ({
      id: enrollmentId(campaignId, contactId),
      campaignId,
      contactId,
      enrolledAt: now,
      updatedAt: now,
      clock: { enrolledAt: stamp },
    }));
  // Insert is the fast path; an enrollment removed earlier (soft-deleted, same id) answers with
  // a conflict and is revived by an upsert instead.
  await guardWrite(async () => {
    const { error } = await db.enrollments.bulkInsert(fresh);
    const revive = new Set(error.filter((e) => e.status === 409).map((e) => e.documentId));
    if (error.length > revive.size)
      throw new Error(`enrolling failed: ${JSON.stringify(error[0])}`);
    if (revive.size > 0) await db.enrollments.bulkUpsert(fresh.filter((e) => revive.has(e.id)));
  });
  return fresh.length;
}

export async function unenroll(
  db: OutpostDatabase,
  campaignId: string,
  contactIds: readonly string[],
): Promise<void> {
  await guardWrite(() =>
    db.enrollments.bulkRemove(contactIds.map((contactId) => enrollmentId(campaignId, contactId))),
  );
}
