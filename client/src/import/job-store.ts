import { Dexie, type EntityTable } from 'dexie';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { CsvEncoding } from './decode.ts';
import type { Delimiter, Newline } from './csv.ts';
import type { ColumnMapping } from './mapping.ts';
import type { MergePolicy } from './merge.ts';
import type { RejectReason } from './rows.ts';

/**
 * The device's import jobs, in a plain Dexie database of its own (`outpost-imports`): local
 * bookkeeping that never replicates. A chunk's contacts live in RxDB's database and cannot share
 * its transaction, so each chunk is recorded here before it is written (status `planned`, with
 * the before-images of what it changes, recorded before the write that changes them) and marked
 * `committed` after, with what it did. On resume a planned chunk
 * is rolled back from its record and done again; undo replays every record backwards.
 */

export type JobStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'undoing' | 'undone';

export interface ImportCounts {
  /** Data rows read (blank lines are not rows). */
  rows: number;
  accepted: number;
  /** Contacts this import created. */
  created: number;
  /** Contacts that existed and were changed. */
  updated: number;
  /** Contacts that existed and were left as they were. */
  unchanged: number;
  /** Accepted rows whose contact an earlier row of the file already named. */
  duplicateRows: number;
  rejected: Partial<Record<RejectReason, number>>;
}

export function emptyCounts(): ImportCounts {
  return {
    rows: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    duplicateRows: 0,
    rejected: {},
  };
}

export function rejectedTotal(counts: ImportCounts): number {
  return Object.values(counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
}

export interface ImportJob {
  id: string;
  fileName: string;
  fileSize: number;
  fileLastModified: number;
  encoding: CsvEncoding;
  delimiter: Delimiter;
  newline: Newline;
  headers: string[];
  mapping: ColumnMapping;
  policy: MergePolicy;
  /** Shown as the contacts' source, e.g. "Import of hubspot.csv". */
  label: string;
  deviceId: string;
  status: JobStatus;
  error: string | null;
  /** Data records consumed by committed chunks: resume skips this many. */
  recordsDone: number;
  chunksDone: number;
  counts: ImportCounts;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What happened to a contact during the import, as far as its counts and undo care. */
export type TouchState = 'created' | 'updated' | 'unchanged';

export interface ChunkRecord {
  jobId: string;
  index: number;
  status: 'planned' | 'committed';
  /**
   * Ids this chunk created: undo removes them. While `planned`, every id it might create (the
   * rollback removes only those whose source is this import).
   */
  created: string[];
  /** Contacts as they were before this chunk first changed them: undo puts them back. */
  before: Contact[];
  /**
   * Each other contact the chunk touched (it existed) and its state after it; with `created`,
   * what rebuilds the dedup map on resume. Filled at the commit.
   */
  touched: [string, TouchState][];
}

export interface RejectedRow {
  seq?: number;
  jobId: string;
  chunk: number;
  line: number;
  reason: RejectReason;
  values: string[];
}

export interface StoredFile {
  jobId: string;
  file: Blob;
}

export interface RememberedMapping {
  key: string;
  mapping: ColumnMapping;
  policy: MergePolicy;
  updatedAt: string;
}

export type ImportsDb = Dexie & {
  jobs: EntityTable<ImportJob, 'id'>;
  chunks: Dexie.Table<ChunkRecord, [string, number]>;
  rejected: EntityTable<RejectedRow, 'seq'>;
  files: EntityTable<StoredFile, 'jobId'>;
  mappings: EntityTable<RememberedMapping, 'key'>;
};

export const IMPORTS_DATABASE_NAME = 'outpost-imports';

export function openImportsDb(
  name = IMPORTS_DATABASE_NAME,
  dependencies?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange },
): ImportsDb {
  const db = new Dexie(name, dependencies) as ImportsDb;
  db.version(1).stores({
    jobs: 'id, createdAt',
    chunks: '[jobId+index], jobId',
    rejected: '++seq, jobId, [jobId+chunk]',
    files: 'jobId',
    mappings: 'key',
  });
  return db;
}

/** Name of the Web Lock a running import holds: a `running` job without it was interrupted. */
export function jobLockName(jobId: string): string {
  return `outpost-import:${jobId}`;
}
