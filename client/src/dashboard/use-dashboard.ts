import { useDeferredValue, useMemo } from 'react';
import { useAllEnrollments, useCampaigns } from '../campaigns/live.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactsVersion } from '../data/hooks.ts';
import { summarizeCampaigns, summarizeContacts, type CampaignsSummary } from './aggregate.ts';

/**
 * The Dashboard's numbers, live. The pass over all contacts runs once per change of the contacts
 * index (its version), never per render; the version is deferred so that a burst of changes
 * (an import landing chunk after chunk) keeps the page responsive while it catches up.
 */
export function useDashboard() {
  const { contacts } = useData();
  const version = useDeferredValue(useContactsVersion());
  const campaigns = useCampaigns();
  const enrollments = useAllEnrollments();

  const summary = useMemo(
    () => summarizeContacts(contacts.contacts(), (id) => contacts.score(id), new Date()),
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
    [contacts, version],
  );
  const campaignsSummary = useMemo<CampaignsSummary | null>(
    () =>
      campaigns && enrollments
        ? summarizeCampaigns(campaigns, enrollments, (id) => contacts.get(id) !== undefined)
        : null,
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
    [campaigns, enrollments, contacts, version],
  );
  return { summary, campaigns: campaignsSummary };
}
