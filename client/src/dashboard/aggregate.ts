import type { Campaign } from '../../../shared/documents/campaign.ts';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { EnrollmentLink } from '../campaigns/live.ts';
import { tallyEnrollments } from '../campaigns/tally.ts';

/**
 * The Dashboard's numbers, as pure functions: one pass over the contacts (recomputed when the
 * contacts index changes) and one over the enrollments. No React, no database: tested as is.
 */

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
export const SCORE_BUCKETS = 10;
/** Import batches shown by name in "contacts per import"; the rest are summed as "Other". */
export const TOP_IMPORTS = 8;
export const RECENT_IMPORTS = 5;

export type SourceKind = Contact['source']['kind'];

export interface ImportBatch {
  importId: string;
  label: string;
  count: number;
  /** createdAt of the batch's newest contact: when it was (last) imported. */
  newestAt: string;
}

export interface ContactsSummary {
  total: number;
  newThisWeek: number;
  /** Contacts per score bucket: [0] is 0-9, ..., [9] is 90-100. */
  scoreBuckets: number[];
  /** Contacts without a score yet (no ICP, or scoring still running). */
  unscored: number;
  bySource: Record<SourceKind, number>;
  /** Every import batch, most contacts first. */
  imports: ImportBatch[];
}

export function scoreBucket(score: number): number {
  return Math.min(SCORE_BUCKETS - 1, Math.max(0, Math.floor(score / 10)));
}

export function bucketLabel(bucket: number): string {
  return bucket === SCORE_BUCKETS - 1 ? '90-100' : `${bucket * 10}-${bucket * 10 + 9}`;
}

/** One pass over the contacts. `now` decides "this week" (the last 7 days). */
export function summarizeContacts(
  contacts: Iterable<Contact>,
  scoreOf: (id: string) => number | undefined,
  now: Date,
): ContactsSummary {
  const weekAgo = new Date(now.getTime() - WEEK_MS).toISOString();
  const scoreBuckets: number[] = Array.from({ length: SCORE_BUCKETS }, () => 0);
  const bySource: Record<SourceKind, number> = { manual: 0, import: 0, sync: 0 };
  const batches = new Map<string, ImportBatch>();
  let total = 0;
  let newThisWeek = 0;
  let unscored = 0;

  for (const contact of contacts) {
    total++;
    // ISO timestamps in UTC compare as strings.
    if (contact.createdAt >= weekAgo) newThisWeek++;
    const score = scoreOf(contact.id);
    if (score === undefined) unscored++;
    else {
      const bucket = scoreBucket(score);
      scoreBuckets[bucket] = (scoreBuckets[bucket] ?? 0) + 1;
    }
    const { kind, importId, label } = contact.source;
    bySource[kind]++;
    if (importId) {
      const batch = batches.get(importId);
      if (!batch) {
        batches.set(importId, {
          importId,
          label: label || 'Unnamed import',
          count: 1,
          newestAt: contact.createdAt,
        });
      } else {
        batch.count++;
        if (contact.createdAt > batch.newestAt) batch.newestAt = contact.createdAt;
      }
    }
  }

  const imports = [...batches.values()].sort(
    (a, b) => b.count - a.count || (a.newestAt < b.newestAt ? 1 : -1),
  );
  return { total, newThisWeek, scoreBuckets, unscored, bySource, imports };
}

export interface Slice {
  label: string;
  value: number;
  /** The sum of everything past the top ones. */
  other?: boolean;
}

/** The `top` biggest import batches by name, the rest summed as one "Other" slice. */
export function topImports(imports: readonly ImportBatch[], top = TOP_IMPORTS): Slice[] {
  const slices: Slice[] = imports.slice(0, top).map((batch) => ({
    label: batch.label,
    value: batch.count,
  }));
  const rest = imports.slice(top);
  if (rest.length > 0) {
    const label = `Other (${rest.length} ${rest.length === 1 ? 'import' : 'imports'})`;
    slices.push({ label, value: rest.reduce((sum, b) => sum + b.count, 0), other: true });
  }
  return slices;
}

/** The most recently imported batches, newest first. */
export function recentImports(imports: readonly ImportBatch[], count = RECENT_IMPORTS) {
  return [...imports].sort((a, b) => (a.newestAt < b.newestAt ? 1 : -1)).slice(0, count);
}

export interface CampaignsSummary {
  /** Contacts in at least one active (not archived) campaign. */
  inCampaigns: number;
  /** Active campaigns with their enrollments, most enrolled first. */
  perCampaign: { id: string; name: string; count: number }[];
}

/** Archived campaigns are left out: they are done, and no longer "in campaigns". */
export function summarizeCampaigns(
  campaigns: readonly Pick<Campaign, 'id' | 'name' | 'archived'>[],
  enrollments: Iterable<Pick<EnrollmentLink, 'campaignId' | 'contactId'>>,
  isLiveContact: (id: string) => boolean,
): CampaignsSummary {
  const active = campaigns.filter((campaign) => !campaign.archived);
  const activeIds = new Set(active.map((campaign) => campaign.id));
  const tally = tallyEnrollments(enrollments, isLiveContact, (id) => activeIds.has(id));
  const perCampaign = active
    .map(({ id, name }) => ({ id, name, count: tally.perCampaign.get(id) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { inCampaigns: tally.contacts.size, perCampaign };
}
