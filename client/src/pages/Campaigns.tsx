import { useSearchParams } from 'react-router';
import { CampaignDetail } from '../campaigns/CampaignDetail.tsx';
import { CampaignList } from '../campaigns/CampaignList.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';

/**
 * The campaign list, or one campaign when the address says `?campaign=<id>`: a search parameter
 * rather than a nested route, so the route table (built from the sidebar) stays flat.
 */
export function CampaignsPage() {
  const [params] = useSearchParams();
  const id = params.get('campaign');
  return (
    <div className="campaigns-page">
      <PageHeader
        title="Campaigns"
        subtitle="Group contacts for outreach; a campaign linked to Lemlist sends its contacts there."
      />
      {id ? <CampaignDetail key={id} id={id} /> : <CampaignList />}
    </div>
  );
}
