import { useState } from 'react';
import { downloadRejected, undoImport } from './actions.ts';
import { rejectedTotal, type ImportJob } from './job-store.ts';

const number = new Intl.NumberFormat();

interface ImportReportProps {
  job: ImportJob;
  onDone: () => void;
}

/** What the import did, the rejected rows to download, and undo. */
export function ImportReport({ job, onDone }: ImportReportProps) {
  const [busy, setBusy] = useState(false);
  const [undone, setUndone] = useState(job.status === 'undone');
  const { counts } = job;
  const rejected = rejectedTotal(counts);
  const title =
    job.status === 'cancelled' ? `Import of ${job.fileName} stopped` : `Imported ${job.fileName}`;
  return (
    <section
      className="card import-report"
      aria-labelledby="report-title"
      data-testid="import-report"
      data-status={undone ? 'undone' : job.status}
      data-rows={counts.rows}
      data-accepted={counts.accepted}
      data-created={counts.created}
      data-updated={counts.updated}
      data-unchanged={counts.unchanged}
      data-duplicates={counts.duplicateRows}
      data-rejected-invalid-email={counts.rejected['invalid email'] ?? 0}
      data-rejected-no-identity={counts.rejected['no identity'] ?? 0}
      data-rejected-too-long={counts.rejected['value too long'] ?? 0}
    >
      <h2 id="report-title">{title}</h2>
      <dl className="facts import-report__facts">
        <dt>Rows read</dt>
        <dd>{number.format(counts.rows)}</dd>
        <dt>New contacts</dt>
        <dd>{number.format(counts.created)}</dd>
        <dt>Updated</dt>
        <dd>{number.format(counts.updated)}</dd>
        <dt>Already up to date</dt>
        <dd>{number.format(counts.unchanged)}</dd>
        <dt>Duplicate rows merged</dt>
        <dd>{number.format(counts.duplicateRows)}</dd>
        <dt>Rejected</dt>
        <dd>
          {rejected === 0
            ? 'none'
            : Object.entries(counts.rejected)
                .map(([reason, n]) => `${number.format(n ?? 0)} ${reason}`)
                .join(', ')}
        </dd>
      </dl>
      {counts.created === 0 && counts.accepted > 0 && (
        <p className="muted">No new contacts: every row names a contact already on this device.</p>
      )}
      {undone && <p role="status">Undone: the contacts are as they were before this import.</p>}
      <div className="import-actions">
        {rejected > 0 && (
          <button type="button" className="button" onClick={() => void downloadRejected(job)}>
            Download rejected rows
          </button>
        )}
        {!undone && (
          <button
            type="button"
            className="button button--danger-quiet"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await undoImport(job.id);
                setUndone(true);
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy ? 'Undoing…' : 'Undo import'}
          </button>
        )}
        <button type="button" className="button button--primary" onClick={onDone}>
          Import another file
        </button>
      </div>
    </section>
  );
}
