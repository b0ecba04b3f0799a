import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function IcpPage() {
  return (
    <>
      <PageHeader title="ICP" subtitle="Ideal customer profile" />
      <ComingSoon
        summary="Describe the customers you want, and see how well every contact fits."
        items={[
          'Industries, company size, countries, titles and seniority, each with a weight',
          'Every contact scored from 0 to 100 at once',
          'A chart of how the scores are distributed',
        ]}
      />
    </>
  );
}
