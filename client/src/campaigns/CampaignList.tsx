import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useData } from '../data/DataProvider.tsx';
import { useContactsVersion } from '../data/hooks.ts';
import { plural } from '../ui/format.ts';
import { campaignHref, CampaignRow } from './CampaignRow.tsx';
import { useAllEnrollments, useCampaigns } from './live.ts';
import { tallyEnrollments } from './tally.ts';
import { NewCampaignForm } from './NewCampaignForm.tsx';

/** Active campaigns, then the archived ones folded away; "New campaign" opens the form. */
export function CampaignList() {
  const { contacts } = useData();
  const version = useContactsVersion();
  const campaigns = useCampaigns();
  const enrollments = useAllEnrollments();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);

  const counts = useMemo(
    () =>
      enrollments &&
      tallyEnrollments(enrollments, (id) => contacts.get(id) !== undefined).perCampaign,
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
    [enrollments, contacts, version],
  );

  if (!campaigns) {
    return (
      <p className="muted" role="status">
        Loading campaigns…
      </p>
    );
  }
  const active = campaigns.filter((campaign) => !campaign.archived);
  const archived = campaigns.filter((campaign) => campaign.archived);
  const countOf = (id: string) => (counts ? (counts.get(id) ?? 0) : undefined);

  return (
    <div className="campaigns">
      <div className="campaigns__toolbar">
        <p className="muted">
          {campaigns.length > 0 && plural(active.length, 'active campaign')}
          {archived.length > 0 && `, ${archived.length} archived`}
        </p>
        {!creating && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New campaign
          </button>
        )}
      </div>

      {creating && (
        <NewCampaignForm
          onCancel={() => setCreating(false)}
          onCreated={(campaign) => {
            setCreating(false);
            setCreated({ id: campaign.id, name: campaign.name });
          }}
        />
      )}
      <p className="campaigns__created" role="status">
        {created && (
          <>
            Created “{created.name}”.{' '}
            <Link to={campaignHref(created.id)}>Enroll contacts in it</Link>
          </>
        )}
      </p>

      {active.length === 0 ? (
        <div className="card empty-state">
          <p>
            <strong>No campaigns yet.</strong>
          </p>
          <p className="muted">
            Create one, then enroll contacts in it. It works offline; enrollments reach Lemlist once
            the device syncs.
          </p>
        </div>
      ) : (
        <ul className="campaign-list" aria-label="Campaigns">
          {active.map((campaign) => (
            <CampaignRow key={campaign.id} campaign={campaign} enrolled={countOf(campaign.id)} />
          ))}
        </ul>
      )}

      {archived.length > 0 && (
        <details className="archived">
          <summary>Archived ({archived.length})</summary>
          <ul className="campaign-list" aria-label="Archived campaigns">
            {archived.map((campaign) => (
              <CampaignRow key={campaign.id} campaign={campaign} enrolled={countOf(campaign.id)} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
