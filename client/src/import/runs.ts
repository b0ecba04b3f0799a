import { useSyncExternalStore } from 'react';
import { importWorker, progressCallback } from './client.ts';
import type { ImportProgress, StartOptions } from './api.ts';
import type { ImportJob } from './job-store.ts';

/**
 * The page's view of the import this tab is running (at most one): kept outside React so that
 * leaving the Import page and coming back shows the same progress.
 */
export type ActiveRun =
  | { phase: 'running'; jobId: string | null; fileName: string; progress: ImportProgress | null }
  | { phase: 'finished'; job: ImportJob }
  | { phase: 'failed'; message: string; jobId: string | null };

let active: ActiveRun | null = null;
const listeners = new Set<() => void>();

function set(next: ActiveRun | null) {
  active = next;
  for (const listener of listeners) listener();
}

export function useActiveRun(): ActiveRun | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => active,
  );
}

export function clearRun(): void {
  set(null);
}

async function track(
  fileName: string,
  work: (onProgress: (p: ImportProgress) => void) => Promise<ImportJob>,
) {
  set({ phase: 'running', jobId: null, fileName, progress: null });
  try {
    const job = await work(
      progressCallback((progress: ImportProgress) =>
        set({ phase: 'running', jobId: progress.jobId, fileName, progress }),
      ),
    );
    set({ phase: 'finished', job });
  } catch (error) {
    const jobId = active?.phase === 'running' ? active.jobId : null;
    set({
      phase: 'failed',
      message: error instanceof Error ? error.message : String(error),
      jobId,
    });
  }
}

export function startImport(file: File, options: Omit<StartOptions, 'deviceId'>): Promise<void> {
  const { api, deviceId } = importWorker();
  return track(file.name, (onProgress) => api.start(file, { ...options, deviceId }, onProgress));
}

export function resumeImport(job: ImportJob): Promise<void> {
  const { api, deviceId } = importWorker();
  return track(job.fileName, (onProgress) => api.resume(job.id, deviceId, onProgress));
}

export async function cancelImport(jobId: string): Promise<void> {
  await importWorker().api.cancel(jobId);
}
