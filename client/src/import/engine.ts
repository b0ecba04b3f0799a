import type { Contact, ContactFields } from '../../../shared/documents/contact.ts';
import { CONTACT_FIELDS } from '../../../shared/documents/contact.ts';
import { CsvRecordReader, type CsvRecord } from './csv.ts';
import { decodeFile } from './decode.ts';
import type { ChunkRecord, ImportCounts, ImportJob, RejectedRow, TouchState } from './job-store.ts';
import { mergeFields, pickFields } from './merge.ts';
import { rowToContact, type RowResult } from './rows.ts';
import { rollbackChunk, type StoreDeps } from './undo.ts';

/** Rows per chunk: one planned record, one contacts write, one commit. */
export const CHUNK_ROWS = 2_000;

export interface ImportProgress {
  jobId: string;
  phase: 'importing' | 'undoing';
  recordsDone: number;
  bytesRead: number;
  totalBytes: number;
  /** Rows per second since this run started (a resumed run counts from its own start). */
  rowsPerSecond: number;
  counts: ImportCounts;
}

export interface RunControl {
  cancelled: boolean;
  /** Rows per chunk; CHUNK_ROWS unless a test wants many small chunks. */
  chunkRows?: number;
  onProgress?: (progress: ImportProgress) => void;
}

interface ParsedRow {
  line: number;
  values: string[];
  result: RowResult;
}

/**
 * Runs (or resumes) a job to its end: a planned-but-uncommitted chunk left by a closed tab is
 * rolled back first, then the file is read from the start and the committed records skipped.
 * The next chunk is parsed and validated while the previous one is being written.
 */
export async function runJob(deps: StoreDeps, job: ImportJob, control: RunControl) {
  const { imports } = deps;
  const stored = await imports.files.get(job.id);
  if (!stored) throw new Error('The file of this import is no longer on this device.');

  // Undo the chunk that was planned but never committed, then rebuild who was seen.
  const records = await imports.chunks.where('jobId').equals(job.id).sortBy('index');
  const touched = new Map<string, TouchState>();
  let chunkIndex = 0;
  for (const chunk of records) {
    if (chunk.status === 'planned') {
      await rollbackChunk(deps, chunk);
      await imports.transaction('rw', imports.chunks, imports.rejected, async () => {
        await imports.rejected.where({ jobId: job.id, chunk: chunk.index }).delete();
        await imports.chunks.delete([job.id, chunk.index]);
      });
      continue;
    }
    for (const [id, state] of chunk.touched) touched.set(id, state);
    chunkIndex = chunk.index + 1;
  }

  const started = performance.now();
  let bytesRead = 0;
  let recordsDone = job.recordsDone;
  let recordsThisRun = 0;
  const counts = structuredClone(job.counts);
  const headers = job.headers;

  const report = () =>
    control.onProgress?.({
      jobId: job.id,
      phase: 'importing',
      recordsDone,
      bytesRead,
      totalBytes: stored.file.size,
      rowsPerSecond: Math.round(recordsThisRun / ((performance.now() - started) / 1000)),
      counts: structuredClone(counts),
    });
  const commit = async (rows: ParsedRow[], index: number) => {
    await writeChunk(deps, job, index, rows, touched, counts, recordsDone + rows.length);
    recordsDone += rows.length;
    recordsThisRun += rows.length;
    report();
  };
  // The page learns the job's id (for cancel) before the first chunk is in.
  report();

  const reader = new CsvRecordReader(job.delimiter, job.newline);
  let skip = job.recordsDone + 1; // the header, then what committed chunks consumed
  let batch: ParsedRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  const take = (found: CsvRecord[]) => {
    for (const record of found) {
      if (skip > 0) {
        skip--;
        continue;
      }
      const result = rowToContact(headers, job.mapping, record.values);
      batch.push({ line: record.line, values: record.values, result });
    }
  };
  const size = control.chunkRows ?? CHUNK_ROWS;
  const flush = async (all: boolean) => {
    const least = all ? 1 : size;
    while (batch.length >= least) {
      const rows = batch.slice(0, size);
      batch = batch.slice(rows.length);
      await writing;
      if (control.cancelled) return;
      writing = commit(rows, chunkIndex++);
    }
  };

  for await (const text of decodeFile(stored.file, job.encoding, (n) => (bytesRead = n))) {
    take(reader.push(text));
    await flush(false);
    if (control.cancelled) break;
  }
  if (!control.cancelled) {
    take(reader.end());
    await flush(true);
  }
  await writing;
  return { cancelled: control.cancelled, counts, recordsDone };
}

function freshContact(
  job: ImportJob,
  id: string,
  fields: ContactFields,
  stamp: string,
  now: string,
): Contact {
  return {
    ...fields,
    id,
    source: { kind: 'import', importId: job.id, label: job.label },
    createdAt: now,
    updatedAt: now,
    mergedInto: null,
    clock: Object.fromEntries(CONTACT_FIELDS.map((f) => [f, stamp])),
  };
}

/**
 * One chunk: rows merged by contact id (a later non-empty value wins), the job's policy applied
 * to contacts that existed, the plan and before-images recorded, the contacts written in one
 * bulk write, and the chunk marked committed with the job's counts.
 */
async function writeChunk(
  deps: StoreDeps,
  job: ImportJob,
  index: number,
  rows: ParsedRow[],
  touched: Map<string, TouchState>,
  counts: ImportCounts,
  recordsEnd: number,
) {
  const next = structuredClone(counts);
  const incoming = new Map<string, ContactFields>();
  const rejected: RejectedRow[] = [];
  for (const row of rows) {
    next.rows++;
    const { result } = row;
    if (!result.ok) {
      next.rejected[result.reason] = (next.rejected[result.reason] ?? 0) + 1;
      rejected.push({
        jobId: job.id,
        chunk: index,
        line: row.line,
        reason: result.reason,
        values: row.values,
      });
      continue;
    }
    next.accepted++;
    const earlier = incoming.get(result.id);
    if (earlier) {
      next.duplicateRows++;
      incoming.set(result.id, mergeFields(earlier, result.fields, 'overwrite').fields);
    } else {
      if (touched.has(result.id)) next.duplicateRows++;
      incoming.set(result.id, result.fields);
    }
  }

  const existing = await deps.contacts.findByIds([...incoming.keys()]).exec();
  const now = new Date().toISOString();
  const stamp = deps.clock.now();
  const writes: Contact[] = [];
  const plan: ChunkRecord = {
    jobId: job.id,
    index,
    status: 'planned',
    created: [],
    before: [],
    touched: [],
  };
  for (const [id, fields] of incoming) {
    const prior = touched.get(id);
    const doc = existing.get(id);
    if (!doc) {
      writes.push(freshContact(job, id, fields, stamp, now));
      plan.created.push(id);
      plan.touched.push([id, 'created']);
      if (prior === 'updated') next.updated--;
      if (prior === 'unchanged') next.unchanged--;
      if (prior !== 'created') next.created++;
      continue;
    }
    const current = doc.toMutableJSON();
    // A contact this import created merges like rows of one file; others follow the policy.
    const policy = prior === 'created' ? 'overwrite' : job.policy;
    const merged = mergeFields(pickFields(current), fields, policy);
    let state: TouchState = prior ?? 'unchanged';
    if (merged.changed.length > 0) {
      writes.push({
        ...current,
        ...merged.fields,
        updatedAt: now,
        clock: { ...current.clock, ...Object.fromEntries(merged.changed.map((f) => [f, stamp])) },
      });
      if (prior === undefined || prior === 'unchanged') plan.before.push(current);
      if (prior !== 'created') state = 'updated';
    }
    if (prior === undefined) next[state === 'updated' ? 'updated' : 'unchanged']++;
    else if (prior === 'unchanged' && state === 'updated') {
      next.unchanged--;
      next.updated++;
    }
    plan.touched.push([id, state]);
  }

  const { imports } = deps;
  await imports.transaction('rw', imports.chunks, imports.rejected, async () => {
    await imports.chunks.put(plan);
    if (rejected.length > 0) await imports.rejected.bulkAdd(rejected);
  });
  if (writes.length > 0) {
    const { error } = await deps.contacts.bulkUpsert(writes);
    if (error.length > 0) throw new Error(`Writing contacts failed (${error[0]!.status})`);
  }
  await imports.transaction('rw', imports.chunks, imports.jobs, async () => {
    await imports.chunks.update([job.id, index], { status: 'committed' });
    await imports.jobs.update(job.id, {
      recordsDone: recordsEnd,
      chunksDone: index + 1,
      counts: next,
      updatedAt: now,
    });
  });
  for (const [id, state] of plan.touched) touched.set(id, state);
  Object.assign(counts, next);
}
