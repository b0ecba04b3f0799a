import { useMemo } from 'react';
import { map } from 'rxjs';
import type { Campaign, Enrollment } from '../../../shared/documents/campaign.ts';
import { useData } from '../data/DataProvider.tsx';
import { useObservable } from '../data/hooks.ts';

/**
 * Live views of campaigns and enrollments: RxDB reactive queries, so a change made in another
 * tab (or arriving by replication) shows up without a reload. `null` until the first result.
 */

export type EnrollmentLink = Pick<Enrollment, 'id' | 'campaignId' | 'contactId' | 'enrolledAt'>;

/** Every campaign, archived ones included, newest first. */
export function useCampaigns(): Campaign[] | null {
  const { db } = useData();
  const campaigns$ = useMemo(
    () =>
      db.campaigns
        .find()
        .$.pipe(
          map((docs) =>
            docs
              .map((doc) => doc.toMutableJSON())
              .sort((a, b) => newestFirst(a.createdAt, b.createdAt)),
          ),
        ),
    [db],
  );
  return useObservable<Campaign[] | null>(campaigns$, null);
}

export function useCampaign(id: string): Campaign | null | undefined {
  const { db } = useData();
  const campaign$ = useMemo(
    () => db.campaigns.findOne(id).$.pipe(map((doc) => doc?.toMutableJSON() ?? null)),
    [db, id],
  );
  // undefined: still loading; null: no such campaign.
  return useObservable<Campaign | null | undefined>(campaign$, undefined);
}

/** Every enrollment of every campaign (the campaign list and the Dashboard count them). */
export function useAllEnrollments(): EnrollmentLink[] | null {
  const { db } = useData();
  const enrollments$ = useMemo(() => db.enrollments.find().$.pipe(map(toLinks)), [db]);
  return useObservable<EnrollmentLink[] | null>(enrollments$, null);
}

/**
 * The enrollments of one campaign, most recent first. Filtered from the query of all
 * enrollments rather than a query of its own: RxDB keeps that one query's result up to date for
 * the list, the Dashboard and this view alike, so opening a campaign reads nothing again.
 */
export function useCampaignEnrollments(campaignId: string): EnrollmentLink[] | null {
  const all = useAllEnrollments();
  return useMemo(
    () =>
      all &&
      all
        .filter((enrollment) => enrollment.campaignId === campaignId)
        .sort((a, b) => newestFirst(a.enrolledAt, b.enrolledAt)),
    [all, campaignId],
  );
}

/** Comparator for ISO timestamps, latest first. */
export function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

function toLinks(docs: readonly Enrollment[]): EnrollmentLink[] {
  return docs.map(({ id, campaignId, contactId, enrolledAt }) => ({
    id,
    campaignId,
    contactId,
    enrolledAt,
  }));
}
