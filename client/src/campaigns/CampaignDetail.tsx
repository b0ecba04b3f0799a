import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Campaign } from '../../../shared/documents/campaign.ts';
import { updateCampaign } from '../data/campaigns.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactsVersion } from '../data/hooks.ts';
import { formatDate, formatNumber } from '../ui/format.ts';
import { LemlistLink } from './CampaignRow.tsx';
import { EnrollmentsTable, type EnrolledContact } from './EnrollmentsTable.tsx';
import { EnrollPicker } from './EnrollPicker.tsx';
import { useCampaign, useCampaignEnrollments } from './live.ts';
import { RenameForm } from './RenameForm.tsx';
import { LemlistPicker } from './LemlistPicker.tsx';
import { useWrite } from './use-write.ts';

/** One campaign: its settings, who is enrolled with their Lemlist state, enroll and unenroll. */
export function CampaignDetail({ id }: { id: string }) {
  const campaign = useCampaign(id);
  if (campaign === undefined) {
    return (
      <p className="muted" role="status">
        Loading the campaign…
      </p>
    );
  }
  if (campaign === null) {
    return (
      <div className="card empty-state" role="alert">
        <p>
          <strong>This campaign does not exist on this device.</strong>
        </p>
        <p>
          <Link to="/campaigns">Back to all campaigns</Link>
        </p>
      </div>
    );
  }
  return <CampaignView campaign={campaign} />;
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { contacts } = useData();
  const version = useContactsVersion();
  const enrollments = useCampaignEnrollments(campaign.id);
  const [picking, setPicking] = useState(false);
  const [report, setReport] = useState('');

  // Joined with the contacts index: a deleted contact is in no campaign until it comes back.
  const rows = useMemo(() => {
    const out: EnrolledContact[] = [];
    for (const enrollment of enrollments ?? []) {
      const contact = contacts.get(enrollment.contactId);
      if (!contact) continue;
      out.push({
        enrollment,
        contact,
        lemlist: contacts.deliveryOf(contact.id)?.lemlist ?? null,
      });
    }
    return out;
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
  }, [enrollments, contacts, version]);
  const enrolledIds = useMemo(() => new Set(rows.map((row) => row.contact.id)), [rows]);

  return (
    <div className="campaign-detail" data-campaign-id={campaign.id}>
      <Link className="back-link" to="/campaigns">
        ← All campaigns
      </Link>
      <CampaignSummary campaign={campaign} enrolled={enrollments ? rows.length : undefined} />

      <div className="campaign-detail__section-head">
        <h3>Enrolled contacts</h3>
        {!picking && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setReport('');
              setPicking(true);
            }}
          >
            Enroll contacts
          </button>
        )}
      </div>
      <p className="enroll-report" role="status" data-testid="enroll-report">
        {report}
      </p>
      {picking && (
        <EnrollPicker
          campaignId={campaign.id}
          enrolled={enrolledIds}
          onEnrolled={setReport}
          onClose={() => setPicking(false)}
        />
      )}
      {enrollments === null ? (
        <p className="muted" role="status">
          Loading enrollments…
        </p>
      ) : (
        <EnrollmentsTable
          campaignId={campaign.id}
          linkedToLemlist={campaign.lemlistCampaignId !== null}
          rows={rows}
        />
      )}
    </div>
  );
}

function CampaignSummary({ campaign, enrolled }: { campaign: Campaign; enrolled?: number }) {
  const { db } = useData();
  const [mode, setMode] = useState<'view' | 'rename' | 'link'>('view');
  const archive = useWrite();
  const setArchived = (archived: boolean) =>
    archive.run(async () => {
      const result = await updateCampaign(db, campaign.id, { archived });
      return result.ok ? null : result.message;
    });

  return (
    <section className="card campaign-summary" aria-label="Campaign">
      {mode === 'rename' ? (
        <RenameForm campaign={campaign} onDone={() => setMode('view')} />
      ) : (
        <div className="campaign-summary__title">
          <h2>{campaign.name}</h2>
          {campaign.archived && <span className="badge">Archived</span>}
        </div>
      )}
      {mode === 'link' ? (
        <LemlistLinkForm campaign={campaign} onDone={() => setMode('view')} />
      ) : (
        <dl className="campaign-summary__facts">
          <div>
            <dt>Enrolled</dt>
            <dd data-testid="campaign-enrolled">
              {enrolled === undefined ? '…' : formatNumber(enrolled)}
            </dd>
          </div>
          <div>
            <dt>Lemlist</dt>
            <dd>
              <LemlistLink id={campaign.lemlistCampaignId} bare />
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <time dateTime={campaign.createdAt}>{formatDate(campaign.createdAt)}</time>
            </dd>
          </div>
        </dl>
      )}
      {archive.error && (
        <p className="form-error" role="alert">
          {archive.error}
        </p>
      )}
      {mode === 'view' && (
        <div className="campaign-summary__actions">
          <button type="button" className="button" onClick={() => setMode('rename')}>
            Rename
          </button>
          <button type="button" className="button" onClick={() => setMode('link')}>
            {campaign.lemlistCampaignId ? 'Change Lemlist link' : 'Link to Lemlist'}
          </button>
          <button
            type="button"
            className="button"
            disabled={archive.busy}
            onClick={() => setArchived(!campaign.archived)}
          >
            {campaign.archived ? 'Unarchive' : 'Archive'}
          </button>
        </div>
      )}
    </section>
  );
}

function LemlistLinkForm({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
  const { db } = useData();
  const [value, setValue] = useState(campaign.lemlistCampaignId ?? '');
  const { busy, error, run } = useWrite();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      const result = await updateCampaign(db, campaign.id, { lemlistCampaignId: value });
      if (!result.ok) return result.message;
      onDone();
      return null;
    });
  };
  return (
    <form className="rename-form" onSubmit={submit} noValidate>
      <div className="rename-form__row">
        <LemlistPicker
          value={value}
          onChange={setValue}
          idLabel="Lemlist campaign id"
          placeholder="Empty to unlink"
          autoFocus
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
