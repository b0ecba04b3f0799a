import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function DashboardPage() {
  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle="How your data is getting to HubSpot, Lemlist and Explorium."
      />
      <ComingSoon
        summary="This page will show each connector's health once syncing with the team server is built."
        items={[
          'Queue depth: how many changes are still owed to each provider',
          'Circuit breaker state, and the last error with its reason',
          'Throughput over the last minutes',
        ]}
      />
    </>
  );
}
