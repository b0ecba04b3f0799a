import { downloadCsv } from '../contacts/export-csv.ts';
import { importWorker } from './client.ts';
import type { ImportJob } from './job-store.ts';

/** Saves the job's rejected rows as a CSV to fix and import again. */
export async function downloadRejected(job: Pick<ImportJob, 'id' | 'fileName'>): Promise<void> {
  const blob = await importWorker().api.rejectedCsv(job.id);
  downloadCsv(blob, `rejected-${job.fileName.replace(/\.[^.]*$/, '')}.csv`);
}

/** Removes the contacts the import created and restores the ones it changed. */
export async function undoImport(jobId: string): Promise<ImportJob> {
  const { api, deviceId } = importWorker();
  return api.undo(jobId, deviceId);
}
