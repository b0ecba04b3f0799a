import { ComingSoon } from '../ui/ComingSoon.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

export function CampaignsPage() {
  return (
    <>
      <PageHeader title="Campaigns" />
      <ComingSoon
        summary="Your campaigns and who is enrolled in them."
        items={[
          'Local campaigns, optionally linked to a Lemlist campaign',
          'Enroll contacts offline; two devices enrolling the same contact end up with one enrollment',
        ]}
      />
    </>
  );
}
