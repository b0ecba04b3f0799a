import { useState } from 'react';
import { Link } from 'react-router';
import type { Campaign } from '../../../shared/documents/campaign.ts';
import { updateCampaign } from '../data/campaigns.ts';
import { useData } from '../data/DataProvider.tsx';
import { formatDate, formatNumber } from '../ui/format.ts';
import { RenameForm } from './RenameForm.tsx';
import { useWrite } from './use-write.ts';

export function campaignHref(id: string): string {
  return `/campaigns?campaign=${encodeURIComponent(id)}`;
}

interface CampaignRowProps {
  campaign: Campaign;
  /** Enrollments of live contacts; undefined while they load. */
  enrolled: number | undefined;
}

/** One campaign in the list: what it is, how many are enrolled, rename and (un)archive. */
export function CampaignRow({ campaign, enrolled }: CampaignRowProps) {
  const { db } = useData();
  const [renaming, setRenaming] = useState(false);
  const archive = useWrite();
  const setArchived = (archived: boolean) =>
    archive.run(async () => {
      const result = await updateCampaign(db, campaign.id, { archived });
      return result.ok ? null : result.message;
    });

  return (
    <li
      className="campaign-row"
      data-campaign-id={campaign.id}
      data-archived={campaign.archived || undefined}
    >
      <div className="campaign-row__main">
        {renaming ? (
          <RenameForm campaign={campaign} onDone={() => setRenaming(false)} />
        ) : (
          <>
            <Link className="campaign-row__name" to={campaignHref(campaign.id)}>
              {campaign.name}
            </Link>
            <p className="campaign-row__meta">
              <LemlistLink id={campaign.lemlistCampaignId} />
              <span>
                Created <time dateTime={campaign.createdAt}>{formatDate(campaign.createdAt)}</time>
              </span>
            </p>
          </>
        )}
        {archive.error && (
          <p className="form-error" role="alert">
            {archive.error}
          </p>
        )}
      </div>
      <p className="campaign-row__count" data-testid="enrollment-count" data-count={enrolled}>
        <strong>{enrolled === undefined ? '…' : formatNumber(enrolled)}</strong>
        <span>enrolled</span>
      </p>
      {!renaming && (
        <div className="campaign-row__actions">
          <button type="button" className="button" onClick={() => setRenaming(true)}>
            Rename
          </button>
          {campaign.archived ? (
            <button
              type="button"
              className="button"
              disabled={archive.busy}
              onClick={() => setArchived(false)}
            >
              Unarchive
            </button>
          ) : (
            <button
              type="button"
              className="button"
              disabled={archive.busy}
              onClick={() => setArchived(true)}
            >
              Archive
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** The Lemlist campaign a campaign sends to; `bare` leaves out the word where a label says it. */
export function LemlistLink({ id, bare = false }: { id: string | null; bare?: boolean }) {
  return id ? (
    <span className="lemlist-link">
      {!bare && 'Lemlist '}
      <code>{id}</code>
    </span>
  ) : (
    <span className="lemlist-link lemlist-link--none">Not linked to Lemlist</span>
  );
}
