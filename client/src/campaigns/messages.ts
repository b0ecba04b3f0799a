import { formatNumber } from '../ui/format.ts';

/** What "Enroll" reports: how many were added, and how many were in the campaign already. */
export function enrollmentReport(requested: number, added: number): string {
  const already = requested - added;
  const addedText = `${formatNumber(added)} enrolled`;
  if (already === 0) return `${addedText}.`;
  return `${addedText}, ${formatNumber(already)} ${already === 1 ? 'was' : 'were'} already in this campaign.`;
}
