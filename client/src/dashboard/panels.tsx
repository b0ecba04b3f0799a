import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { BarChart } from '../ui/BarChart.tsx';
import { formatDateTime, formatNumber, plural } from '../ui/format.ts';
import {
  bucketLabel,
  recentImports,
  topImports,
  type CampaignsSummary,
  type ContactsSummary,
  type SourceKind,
} from './aggregate.ts';

/** The Dashboard's cards. Each takes the numbers it shows; none reads the database. */

interface StatProps {
  testId: string;
  label: string;
  value: number | undefined;
  hint: ReactNode;
}

export function Stat({ testId, label, value, hint }: StatProps) {
  return (
    <section className="card stat" aria-label={label}>
      <h2 className="stat__label">{label}</h2>
      <p className="stat__value" data-testid={testId} data-value={value}>
        {value === undefined ? '…' : formatNumber(value)}
      </p>
      <p className="stat__hint">{hint}</p>
    </section>
  );
}

function Panel({
  title,
  action,
  className = '',
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className={`card panel ${className}`} aria-label={title} data-testid={testId}>
      <div className="panel__head">
        <h2>{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export function ScorePanel({ summary }: { summary: ContactsSummary }) {
  const scored = summary.total - summary.unscored;
  const bars = summary.scoreBuckets.map((value, bucket) => ({
    label: bucketLabel(bucket),
    shortLabel: String(bucket * 10),
    value,
  }));
  return (
    <Panel
      title="ICP score distribution"
      className="panel--wide"
      testId="score-panel"
      action={<Link to="/icp">Edit the profile</Link>}
    >
      {scored === 0 ? (
        <p className="panel__empty">
          {summary.total === 0
            ? 'No contacts yet.'
            : 'No contact has a score yet: define your ideal customer profile on the ICP page and every contact is scored.'}
        </p>
      ) : (
        <BarChart
          title="Contacts per ICP score"
          bars={bars}
          categoryHeader="ICP score"
          valueHeader="Contacts"
        />
      )}
      <p className="panel__note" data-testid="unscored" data-value={summary.unscored}>
        {summary.unscored === 0
          ? summary.total > 0 && `All ${plural(summary.total, 'contact')} scored.`
          : `${plural(summary.unscored, 'contact')} not scored yet.`}
      </p>
    </Panel>
  );
}

const SOURCE_NAMES: Record<SourceKind, string> = {
  manual: 'Added by hand',
  import: 'Imported',
  sync: 'From sync',
};

export function SourcesPanel({ summary }: { summary: ContactsSummary }) {
  const slices = topImports(summary.imports);
  return (
    <Panel title="Contacts by source" testId="sources-panel">
      <dl className="sources">
        {(Object.keys(SOURCE_NAMES) as SourceKind[]).map((kind) => (
          <div key={kind} className="sources__item">
            <dt>{SOURCE_NAMES[kind]}</dt>
            <dd data-testid={`source-${kind}`} data-value={summary.bySource[kind]}>
              {formatNumber(summary.bySource[kind])}
            </dd>
          </div>
        ))}
      </dl>
      <h3 className="panel__subhead">Per import</h3>
      {slices.length === 0 ? (
        <p className="panel__empty">
          No imports yet. <Link to="/import">Import a CSV</Link>
        </p>
      ) : (
        <BarChart
          title="Contacts per import"
          orientation="horizontal"
          bars={slices.map((slice) => ({
            label: slice.label,
            value: slice.value,
            muted: slice.other,
          }))}
          categoryHeader="Import"
          valueHeader="Contacts"
        />
      )}
    </Panel>
  );
}

export function CampaignsPanel({ summary }: { summary: CampaignsSummary | null }) {
  return (
    <Panel
      title="Campaign enrollments"
      testId="campaigns-panel"
      action={<Link to="/campaigns">All campaigns</Link>}
    >
      {!summary ? (
        <p className="muted">Loading…</p>
      ) : summary.perCampaign.length === 0 ? (
        <p className="panel__empty">
          No active campaigns. <Link to="/campaigns">Create one</Link>
        </p>
      ) : (
        <BarChart
          title="Enrolled contacts per campaign"
          orientation="horizontal"
          bars={summary.perCampaign.map((campaign) => ({
            label: campaign.name,
            value: campaign.count,
          }))}
          categoryHeader="Campaign"
          valueHeader="Enrolled contacts"
        />
      )}
    </Panel>
  );
}

export function RecentImportsPanel({ summary }: { summary: ContactsSummary }) {
  const recent = recentImports(summary.imports);
  return (
    <Panel title="Recent imports" testId="recent-imports">
      {recent.length === 0 ? (
        <p className="panel__empty">
          Nothing imported yet. <Link to="/import">Import a CSV</Link>
        </p>
      ) : (
        <ol className="recent-imports">
          {recent.map((batch) => (
            <li key={batch.importId} data-import-id={batch.importId}>
              <span className="recent-imports__label">{batch.label}</span>
              <span className="recent-imports__count">{plural(batch.count, 'contact')}</span>
              <time className="recent-imports__date" dateTime={batch.newestAt}>
                {formatDateTime(batch.newestAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

export { DeliveryPanel } from './DeliveryPanel.tsx';
