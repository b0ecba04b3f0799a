import Papa from 'papaparse';
import type { RxCollection } from 'rxdb/plugins/core';
import type { Contact } from '../../../shared/documents/contact.ts';
import { randomId } from '../../../shared/ids.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { BOM, FORMULA_START } from '../contacts/export-csv.ts';
import { measureBulkPut } from './baseline.ts';
import { runJob, type ImportProgress, type RunControl } from './engine.ts';
import { inspectFile, type FileShape } from './inspect.ts';
import { emptyCounts, jobLockName, type ImportJob, type ImportsDb } from './job-store.ts';
import {
  autoMap,
  headerSetKey,
  mappingProblem,
  REASON_HEADER,
  type ColumnMapping,
} from './mapping.ts';
import type { MergePolicy } from './merge.ts';
import { undoChunks, type StoreDeps } from './undo.ts';

export interface Inspection extends FileShape {
  mapping: ColumnMapping;
  policy: MergePolicy;
  /** Whether the mapping is the one chosen last time for these headers. */
  remembered: boolean;
}

export interface StartOptions {
  mapping: ColumnMapping;
  policy: MergePolicy;
  deviceId: string;
}

export type ProgressCallback = (progress: ImportProgress) => void;

/** Runs under the job's Web Lock, so another tab sees the job as live, not interrupted. */
async function withLock<T>(jobId: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request(jobLockName(jobId), { ifAvailable: true }, async (lock) => {
    if (!lock) throw new Error('This import is already running in another tab.');
    return work();
  });
}

/**
 * What the import worker answers (import-worker.ts exposes it over comlink). Every per-row step
 * happens here; the page only shows progress. `open` gives the contacts collection: the worker
 * opens the same RxDB database as the page, whose multi-instance channel tells every tab.
 */
/** A job about to run: the file's shape, the chosen mapping and policy, nothing done yet. */
export function newImportJob(file: File, shape: FileShape, options: StartOptions): ImportJob {
  const now = new Date().toISOString();
  return {
    id: randomId('imp'),
    fileName: file.name,
    fileSize: file.size,
    fileLastModified: file.lastModified,
    encoding: shape.encoding,
    delimiter: shape.delimiter,
    newline: shape.newline,
    headers: shape.headers,
    mapping: options.mapping,
    policy: options.policy,
    label: `Import of ${file.name}`.slice(0, 300),
    deviceId: options.deviceId,
    status: 'running',
    error: null,
    recordsDone: 0,
    chunksDone: 0,
    counts: emptyCounts(),
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

export function createImportApi(
  open: () => Promise<{ contacts: RxCollection<Contact>; imports: ImportsDb }>,
) {
  const running = new Map<string, RunControl>();
  let stores: Promise<{ contacts: RxCollection<Contact>; imports: ImportsDb }> | null = null;
  const deps = async (deviceId: string): Promise<StoreDeps> => {
    stores ??= open();
    const { contacts, imports } = await stores;
    return { contacts, imports, clock: createHlcClock(deviceId) };
  };

  const run = async (jobId: string, deviceId: string, onProgress?: ProgressCallback) => {
    const store = await deps(deviceId);
    return withLock(jobId, async () => {
      const job = await store.imports.jobs.get(jobId);
      if (!job) throw new Error('No such import.');
      if (job.status !== 'running' && job.status !== 'cancelled' && job.status !== 'failed')
        throw new Error(`This import is ${job.status}.`);
      await store.imports.jobs.update(jobId, { status: 'running', error: null });
      const control: RunControl = { cancelled: false, onProgress };
      running.set(jobId, control);
      try {
        const result = await runJob(store, { ...job, status: 'running' }, control);
        const finishedAt = new Date().toISOString();
        const status = result.cancelled ? 'cancelled' : 'done';
        await store.imports.jobs.update(jobId, { status, finishedAt, updatedAt: finishedAt });
        if (!result.cancelled) await store.imports.files.delete(jobId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await store.imports.jobs.update(jobId, { status: 'failed', error: message });
        throw error;
      } finally {
        running.delete(jobId);
      }
      return (await store.imports.jobs.get(jobId))!;
    });
  };

  return {
    /** Benchmark baseline only: raw Dexie bulkPut of the file's parsed rows (baseline.ts). */
    measureBulkPut,

    async inspect(file: Blob): Promise<Inspection> {
      const shape = await inspectFile(file);
      const { imports } = await (stores ??= open());
      const known = await imports.mappings.get(headerSetKey(shape.headers));
      const usable = known && known.mapping.length === shape.headers.length;
      return {
        ...shape,
        mapping: usable ? known.mapping : autoMap(shape.headers),
        policy: usable ? known.policy : 'fill',
        remembered: Boolean(usable),
      };
    },

    /** Records the job (and keeps the file on the device for a resume), then runs it. */
    async start(
      file: File,
      options: StartOptions,
      onProgress?: ProgressCallback,
    ): Promise<ImportJob> {
      const problem = mappingProblem(options.mapping);
      if (problem) throw new Error(problem);
      const shape = await inspectFile(file);
      if (options.mapping.length !== shape.headers.length)
        throw new Error('The mapping does not match the file’s columns.');
      const { imports } = await deps(options.deviceId);
      const job = newImportJob(file, shape, options);
      const now = job.createdAt;
      await imports.transaction('rw', imports.jobs, imports.files, imports.mappings, async () => {
        await imports.jobs.add(job);
        await imports.files.put({ jobId: job.id, file });
        await imports.mappings.put({
          key: headerSetKey(shape.headers),
          mapping: options.mapping,
          policy: options.policy,
          updatedAt: now,
        });
      });
      return run(job.id, options.deviceId, onProgress);
    },

    resume(jobId: string, deviceId: string, onProgress?: ProgressCallback): Promise<ImportJob> {
      return run(jobId, deviceId, onProgress);
    },

    /** Stops after the chunk being written; the job can then be resumed or undone. */
    cancel(jobId: string): boolean {
      const control = running.get(jobId);
      if (control) control.cancelled = true;
      return Boolean(control);
    },

    async undo(jobId: string, deviceId: string, onProgress?: (chunksLeft: number) => void) {
      const store = await deps(deviceId);
      return withLock(jobId, async () => {
        const job = await store.imports.jobs.get(jobId);
        if (!job) throw new Error('No such import.');
        await store.imports.jobs.update(jobId, { status: 'undoing' });
        await undoChunks(store, jobId, (left) => onProgress?.(left));
        const now = new Date().toISOString();
        await store.imports.jobs.update(jobId, {
          status: 'undone',
          updatedAt: now,
          finishedAt: now,
        });
        await store.imports.files.delete(jobId);
        return (await store.imports.jobs.get(jobId))!;
      });
    },

    /**
     * The rejected rows as a CSV to fix and import again: the file's columns, then the reason
     * (a column the importer skips). Formula-looking cells get the export's apostrophe.
     */
    async rejectedCsv(jobId: string): Promise<Blob> {
      const { imports } = await (stores ??= open());
      const job = await imports.jobs.get(jobId);
      if (!job) throw new Error('No such import.');
      const rows = await imports.rejected.where('jobId').equals(jobId).sortBy('line');
      const width = job.headers.length;
      const data = rows.map((r) => [
        ...Array.from({ length: width }, (_, i) => r.values[i] ?? ''),
        `${r.reason} (line ${r.line})`,
      ]);
      const csv = Papa.unparse(
        { fields: [...job.headers, REASON_HEADER], data },
        { escapeFormulae: FORMULA_START, newline: '\r\n' },
      );
      return new Blob([BOM, csv], { type: 'text/csv;charset=utf-8' });
    },
  };
}

export type ImportApi = ReturnType<typeof createImportApi>;
export type { ImportProgress };
