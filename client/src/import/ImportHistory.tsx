import { useState } from 'react';
import { downloadRejected, undoImport } from './actions.ts';
import { rejectedTotal } from './job-store.ts';
import { resumeImport } from './runs.ts';
import { useImportJobs, type JobRow } from './use-import-jobs.ts';

const number = new Intl.NumberFormat();
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function statusText(job: JobRow): string {
  if (job.interrupted) return job.status === 'undoing' ? 'Undo interrupted' : 'Interrupted';
  const labels: Record<JobRow['status'], string> = {
    running: 'Importing…',
    done: 'Done',
    cancelled: 'Stopped',
    failed: 'Failed',
    undoing: 'Undoing…',
    undone: 'Undone',
  };
  return labels[job.status];
}

/** The device's imports: resume an interrupted one, undo one, get its rejected rows. */
export function ImportHistory({ busy }: { busy: boolean }) {
  const jobs = useImportJobs();
  const [working, setWorking] = useState<string | null>(null);
  if (!jobs || jobs.length === 0) return null;
  const act = async (jobId: string, work: () => Promise<unknown>) => {
    setWorking(jobId);
    try {
      await work();
    } finally {
      setWorking(null);
    }
  };
  return (
    <section className="card import-history" aria-labelledby="history-title">
      <h2 id="history-title">Import history</h2>
      <ul>
        {jobs.map((job) => {
          const rejected = rejectedTotal(job.counts);
          const canResume =
            job.resumable &&
            ((job.interrupted && job.status === 'running') ||
              job.status === 'cancelled' ||
              job.status === 'failed');
          const canUndo =
            job.status !== 'undone' &&
            (job.status !== 'running' || job.interrupted) &&
            (job.status !== 'undoing' || job.interrupted);
          return (
            <li
              key={job.id}
              className="import-history__item"
              data-testid="import-job"
              data-status={job.interrupted ? 'interrupted' : job.status}
            >
              <div>
                <strong>{job.fileName}</strong>{' '}
                <span className="muted">{when.format(new Date(job.createdAt))}</span>
                <div className="muted">
                  {statusText(job)} · {number.format(job.counts.created)} new,{' '}
                  {number.format(job.counts.updated)} updated, {number.format(rejected)} rejected
                  {job.error ? ` · ${job.error}` : ''}
                </div>
              </div>
              <div className="import-actions">
                {canResume && (
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy || working !== null}
                    onClick={() => void resumeImport(job)}
                  >
                    Resume
                  </button>
                )}
                {canUndo && (
                  <button
                    type="button"
                    className="button button--danger-quiet"
                    disabled={busy || working !== null}
                    onClick={() => void act(job.id, () => undoImport(job.id))}
                  >
                    {working === job.id ? 'Undoing…' : 'Undo'}
                  </button>
                )}
                {rejected > 0 && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void downloadRejected(job)}
                  >
                    Rejected rows
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
