import type { ImportProgress } from './api.ts';

function timeLeft(progress: ImportProgress): string {
  const { bytesRead, totalBytes, rowsPerSecond, recordsDone } = progress;
  if (!rowsPerSecond || !bytesRead) return 'estimating…';
  const rowsLeft = (recordsDone / bytesRead) * (totalBytes - bytesRead);
  const seconds = Math.max(0, Math.round(rowsLeft / rowsPerSecond));
  return seconds < 60 ? `${seconds} s left` : `${Math.round(seconds / 60)} min left`;
}

interface ProgressPanelProps {
  fileName: string;
  progress: ImportProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}

const number = new Intl.NumberFormat();

/** Bar, rows/s and time left; cancel stops after the chunk being written. */
export function ProgressPanel({ fileName, progress, cancelling, onCancel }: ProgressPanelProps) {
  const fraction = progress
    ? Math.min(1, progress.bytesRead / Math.max(1, progress.totalBytes))
    : 0;
  return (
    <section className="card import-progress" aria-labelledby="progress-title">
      <h2 id="progress-title">Importing {fileName}</h2>
      <div
        className="usage__bar"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="usage__fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="muted" aria-live="polite" data-testid="import-progress-text">
        {progress
          ? `${number.format(progress.recordsDone)} rows · ${number.format(progress.rowsPerSecond)} rows/s · ${timeLeft(progress)}`
          : 'Reading the file…'}
      </p>
      <div className="import-actions">
        <button type="button" className="button" disabled={cancelling} onClick={onCancel}>
          {cancelling ? 'Stopping…' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
