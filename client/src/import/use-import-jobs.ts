import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { jobLockName, openImportsDb, type ImportJob, type ImportsDb } from './job-store.ts';

let db: ImportsDb | null = null;
export function importsDb(): ImportsDb {
  db ??= openImportsDb();
  return db;
}

export interface JobRow extends ImportJob {
  /** `running` in the record but no tab holds its lock: the tab closed mid-import. */
  interrupted: boolean;
  /** The file is still on the device, so the import can go on. */
  resumable: boolean;
}

/** The device's imports, newest first, live; interrupted ones told apart by their Web Lock. */
export function useImportJobs(): JobRow[] | null {
  const [jobs, setJobs] = useState<ImportJob[] | null>(null);
  const [files, setFiles] = useState<Set<string>>(new Set());
  const [held, setHeld] = useState<Set<string> | null>(null);

  useEffect(() => {
    const subscription = liveQuery(async () => {
      const all = await importsDb().jobs.orderBy('createdAt').reverse().limit(50).toArray();
      const stored = await importsDb().files.toCollection().primaryKeys();
      return { all, stored };
    }).subscribe({
      next: ({ all, stored }) => {
        setJobs(all);
        setFiles(new Set(stored));
      },
      error: () => setJobs([]),
    });
    return () => subscription.unsubscribe();
  }, []);

  useEffect(() => {
    let stopped = false;
    const check = async () => {
      const locks = navigator.locks ? await navigator.locks.query() : { held: [] };
      if (!stopped) setHeld(new Set((locks.held ?? []).map((l) => l.name ?? '')));
    };
    void check();
    const timer = setInterval(() => void check(), 1_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  if (!jobs || !held) return null;
  return jobs.map((job) => {
    const live = held.has(jobLockName(job.id));
    const interrupted = (job.status === 'running' || job.status === 'undoing') && !live;
    return { ...job, interrupted, resumable: files.has(job.id) && !live };
  });
}
