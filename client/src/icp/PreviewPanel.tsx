import { useId } from 'react';
import { Link } from 'react-router';
import { BarChart, type Bar } from '../ui/BarChart.tsx';
import { formatNumber, plural } from '../ui/format.ts';
import { TopMatches } from './TopMatches.tsx';
import { STRONG_SCORE, type PreviewState } from './use-icp-preview.ts';

interface PreviewPanelProps {
  preview: PreviewState;
  /** Contacts on this device. */
  contactCount: number;
  /** The draft has no criteria at all. */
  emptyProfile: boolean;
  dirty: boolean;
}

const compactFine = new Intl.NumberFormat(undefined, {
  notation: 'compact',
  maximumFractionDigits: 1,
});
const compactCoarse = new Intl.NumberFormat(undefined, {
  notation: 'compact',
  maximumFractionDigits: 0,
});

/** At most four characters ("6.8K", "25K"), so ten counts fit over ten narrow columns. */
export function formatCount(count: number): string {
  if (count < 1_000) return formatNumber(count);
  return (count < 10_000 ? compactFine : compactCoarse).format(count);
}

const BUCKET_LABELS = Array.from({ length: 10 }, (_, i) =>
  i === 9 ? '90-100' : `${i * 10}-${i * 10 + 9}`,
);

/** How every contact would score under the draft: the distribution, the strong fits, the best. */
export function PreviewPanel({ preview, contactCount, emptyProfile, dirty }: PreviewPanelProps) {
  const headingId = useId();
  const { result, pending, error } = preview;
  const bars: Bar[] = BUCKET_LABELS.map((label, i) => ({
    label,
    shortLabel: String(i * 10),
    value: result?.histogram[i] ?? 0,
  }));
  const total = result?.total ?? 0;
  const strong = result?.strong ?? 0;
  const share = total > 0 ? Math.round((100 * strong) / total) : 0;

  return (
    <section
      className="card icp-preview"
      aria-labelledby={headingId}
      aria-busy={pending}
      data-pending={pending ? 'true' : undefined}
    >
      <div className="icp-preview__head">
        <h2 id={headingId}>Preview</h2>
        <span className="icp-preview__state" data-dirty={dirty ? 'true' : undefined}>
          {pending ? 'Updating…' : dirty ? 'Unsaved draft' : 'Saved profile'}
        </span>
      </div>
      {error && (
        <p className="icp-error" role="alert">
          {error}
        </p>
      )}
      {contactCount === 0 ? (
        <p className="icp-preview__note">
          No contacts on this device yet. <Link to="/import">Import contacts</Link> to see how they
          fit the profile.
        </p>
      ) : (
        <>
          <p className="icp-strong">
            <strong>{formatNumber(strong)}</strong>
            <span>
              {strong === 1 ? 'contact scores' : 'contacts score'} {STRONG_SCORE} or more
              <span className="icp-strong__share">
                {' '}
                ({share}% of {plural(total, 'contact')})
              </span>
            </span>
          </p>
          {emptyProfile && (
            <p className="icp-preview__note">
              With nothing in the profile, every contact scores 0.
            </p>
          )}
        </>
      )}
      <div
        className="icp-histogram"
        data-testid="icp-histogram"
        data-total={result ? total : undefined}
      >
        {contactCount > 0 && (
          <>
            <h3 className="icp-preview__subhead">Contacts per score</h3>
            <BarChart
              title="Contacts per score"
              bars={bars}
              categoryHeader="Score"
              valueHeader="Contacts"
              formatValue={formatCount}
            />
          </>
        )}
      </div>
      {contactCount > 0 && <h3 className="icp-preview__subhead">Top matches</h3>}
      {contactCount > 0 && result && result.top.length === 0 && (
        <p className="icp-preview__note">
          {emptyProfile
            ? 'The best-fitting contacts will show here.'
            : 'No contact matches any criterion yet.'}
        </p>
      )}
      <TopMatches matches={result?.top ?? []} />
    </section>
  );
}
