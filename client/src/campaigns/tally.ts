import type { EnrollmentLink } from './live.ts';

export interface EnrollmentTally {
  /** Enrollments per campaign id, counting only contacts that still exist. */
  perCampaign: Map<string, number>;
  /** Contacts in at least one of the counted campaigns. */
  contacts: Set<string>;
}

/**
 * Counts enrollments of live contacts. A deleted contact keeps its enrollments (they come back
 * if the contact is restored) but is in no campaign meanwhile. `countCampaign` leaves archived
 * campaigns out of "contacts in campaigns" where the caller wants that.
 */
export function tallyEnrollments(
  enrollments: Iterable<Pick<EnrollmentLink, 'campaignId' | 'contactId'>>,
  isLiveContact: (contactId: string) => boolean,
  countCampaign: (campaignId: string) => boolean = () => true,
): EnrollmentTally {
  const perCampaign = new Map<string, number>();
  const contacts = new Set<string>();
  for (const { campaignId, contactId } of enrollments) {
    if (!isLiveContact(contactId) || !countCampaign(campaignId)) continue;
    perCampaign.set(campaignId, (perCampaign.get(campaignId) ?? 0) + 1);
    contacts.add(contactId);
  }
  return { perCampaign, contacts };
}
