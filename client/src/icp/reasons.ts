import type { Criterion, Reason } from '../../../shared/icp/score.ts';

export const CRITERION_NAMES: Record<Criterion, string> = {
  industry: 'Industry',
  companySize: 'Company size',
  country: 'Country',
  title: 'Title',
  seniority: 'Seniority',
};

/**
 * What matched, as people read it: "Country: United States (USA)", "Seniority: VP (from the
 * title)". The contact's own text is shown when it differs from the profile's value.
 */
export function describeReason(reason: Reason): string {
  const head = `${CRITERION_NAMES[reason.criterion]}: ${reason.value}`;
  if (reason.inferredFromTitle) return `${head} (from the title)`;
  if (reason.criterion === 'title') return head;
  const matched = reason.matched.trim();
  return matched && matched !== reason.value ? `${head} (${matched})` : head;
}
