import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function ImportPage() {
  return (
    <>
      <PageHeader title="Import" />
      <ComingSoon
        summary="Import contacts from a CSV exported from LinkedIn Sales Navigator, Apollo, HubSpot or Excel."
        items={[
          'Any common encoding and delimiter, quoted newlines included',
          'Map the columns and preview the result before importing',
          'A report of rejected rows, and never a duplicate contact',
        ]}
      />
    </>
  );
}
