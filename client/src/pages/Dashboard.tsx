import {
  CampaignsPanel,
  DeliveryPanel,
  RecentImportsPanel,
  ScorePanel,
  SourcesPanel,
  Stat,
} from '../dashboard/panels.tsx';
import { useDashboard } from '../dashboard/use-dashboard.ts';
import { PageHeader } from '../ui/PageHeader.tsx';

export function DashboardPage() {
  const { summary, campaigns } = useDashboard();
  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle="Your contacts and campaigns on this device, updated as they change."
      />
      <div className="dashboard">
        <div className="dashboard__stats">
          <Stat
            testId="stat-contacts"
            label="Contacts"
            value={summary.total}
            hint="on this device"
          />
          <Stat
            testId="stat-new-this-week"
            label="New this week"
            value={summary.newThisWeek}
            hint="added in the last 7 days"
          />
          <Stat
            testId="stat-in-campaigns"
            label="In campaigns"
            value={campaigns?.inCampaigns}
            hint="in at least one active campaign"
          />
        </div>
        <div className="dashboard__panels">
          <ScorePanel summary={summary} />
          <SourcesPanel summary={summary} />
          <CampaignsPanel summary={campaigns} />
          <RecentImportsPanel summary={summary} />
          <DeliveryPanel />
        </div>
      </div>
    </>
  );
}
