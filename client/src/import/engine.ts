import type { BulkWriteRow, RxDocumentData } from 'rxdb/plugins/core';
import type { Contact, ContactFields } from '../../../shared/documents/contact.ts';
import { CONTACT_FIELDS } from '../../../shared/documents/contact.ts';
import { CsvRecordReader, type CsvRecord } from './csv.ts';
import { decodeFile } from './decode.ts';
import type { ChunkRecord, ImportCounts, ImportJob, RejectedRow, TouchState } from './job-store.ts';
import { mergeFields, pickFields } from './merge.ts';
import { rowToContact, type RowResult } from './rows.ts';
import { TouchedContacts } from './touched-contacts.ts';
import { rollbackChunk, type StoreDeps } from './undo.ts';

/** Rows per chunk: one planned record, the contacts written (in parts), one commit. */
export const CHUNK_ROWS = 5_000;

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
  const touched = new TouchedContacts();
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
    for (const id of chunk.created) touched.set(id, 'created');
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

/** What RxDB stores: the contact and its revision, deleted flag and write time. */
type StoredContact = RxDocumentData<Contact>;

/** The context RxDB's change events carry for the import's writes. */
const IMPORT_WRITE_CONTEXT = 'outpost-import';

/** Contacts per storage write: each write's change events reach every tab as one message. */
const WRITE_PART = 500;

/** Rounds of writes against contacts that another writer keeps changing, before giving up. */
const MAX_WRITE_ROUNDS = 5;

function plainContact(stored: StoredContact): Contact {
  const { _meta, _rev, _deleted, _attachments, ...contact } = stored;
  return contact;
}

/**
 * The same fields, each text its own copy in one byte per character where it can be. Cells are
 * slices of the decoded file, which V8 keeps at two bytes per character as soon as one character
 * of it is beyond Latin-1 (a "Ł" in one name is enough); JSON.parse makes compact strings. Half
 * the bytes for IndexedDB to store, for the change events to carry and for every tab to hold.
 */
function compactStrings(incoming: Map<string, ContactFields>): Map<string, ContactFields> {
  return new Map(JSON.parse(JSON.stringify([...incoming])) as [string, ContactFields][]);
}

/** What writeContacts did to one contact: created it, or the state an existing one is left in. */
type Outcome = { created: true } | { created: false; state: TouchState };

/**
 * One chunk: rows merged by contact id (a later non-empty value wins), the plan recorded, the
 * contacts written, then the chunk committed with what it did (created ids, before-images,
 * touched states) and the job's counts.
 */
async function writeChunk(
  deps: StoreDeps,
  job: ImportJob,
  index: number,
  rows: ParsedRow[],
  touched: TouchedContacts,
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

  // Until the commit, `created` lists every contact the chunk may create: a rollback removes
  // those of them that carry this import's id (rollbackChunk), not the ones that existed.
  const plan: ChunkRecord = {
    jobId: job.id,
    index,
    status: 'planned',
    created: [...incoming.keys()].filter((id) => touched.get(id) !== 'created'),
    before: [],
    touched: [],
  };
  const { imports } = deps;
  await imports.transaction('rw', imports.chunks, imports.rejected, async () => {
    await imports.chunks.put(plan);
    if (rejected.length > 0) await imports.rejected.bulkAdd(rejected);
  });
  const now = new Date().toISOString();
  const outcomes = await writeContacts(deps, job, compactStrings(incoming), touched, plan, now);

  plan.created = [];
  for (const [id, outcome] of outcomes) {
    const prior = touched.get(id);
    if (outcome.created) {
      plan.created.push(id);
      if (prior === 'updated') next.updated--;
      if (prior === 'unchanged') next.unchanged--;
      if (prior !== 'created') next.created++;
      continue;
    }
    const { state } = outcome;
    if (prior === undefined) next[state === 'updated' ? 'updated' : 'unchanged']++;
    else if (prior === 'unchanged' && state === 'updated') {
      next.unchanged--;
      next.updated++;
    }
    plan.touched.push([id, state]);
  }
  await imports.transaction('rw', imports.chunks, imports.jobs, async () => {
    await imports.chunks.put({ ...plan, status: 'committed' });
    await imports.jobs.update(job.id, {
      recordsDone: recordsEnd,
      chunksDone: index + 1,
      counts: next,
      updatedAt: now,
    });
  });
  for (const id of plan.created) touched.set(id, 'created');
  for (const [id, state] of plan.touched) touched.set(id, state);
  Object.assign(counts, next);
}

/**
 * Writes the chunk's contacts straight to RxDB's storage, so each costs the one read RxDB's
 * write does anyway (no lookup before it, no RxDocument after it). Every contact is first
 * written as new; the storage refuses those that exist (409) and hands back the stored
 * document, which is then merged by the policy and written against that revision; a contact
 * another writer changed in between goes round again. Before-images reach the plan before
 * the write that changes their contact.
 */
async function writeContacts(
  deps: StoreDeps,
  job: ImportJob,
  incoming: Map<string, ContactFields>,
  touched: TouchedContacts,
  plan: ChunkRecord,
  now: string,
): Promise<Map<string, Outcome>> {
  const storage = deps.contacts.storageInstance;
  const stamp = deps.clock.now();
  const outcomes = new Map<string, Outcome>();
  const before = new Map<string, Contact>();
  let round = new Map<string, StoredContact | undefined>(
    Array.from(incoming.keys(), (id) => [id, undefined]),
  );
  for (let attempt = 1; round.size > 0; attempt++) {
    if (attempt > MAX_WRITE_ROUNDS)
      throw new Error('Contacts kept changing during the import; try again.');
    const writes: BulkWriteRow<Contact>[] = [];
    let imagesChanged = false;
    for (const [id, stored] of round) {
      const fields = incoming.get(id)!;
      const prior = touched.get(id);
      if (!stored || stored._deleted) {
        const contact = freshContact(job, id, fields, stamp, now);
        // RxDB sets _rev and _meta itself.
        const document = {
          ...contact,
          _deleted: false,
          _attachments: {},
          _rev: '',
          _meta: { lwt: 0 },
        };
        writes.push({ document, previous: stored });
        outcomes.set(id, { created: true });
        imagesChanged = before.delete(id) || imagesChanged;
        continue;
      }
      const current = plainContact(stored);
      // A contact this import created merges like rows of one file; others follow the policy.
      const policy = prior === 'created' ? 'overwrite' : job.policy;
      const merged = mergeFields(pickFields(current), fields, policy);
      let state: TouchState = prior ?? 'unchanged';
      if (merged.changed.length > 0) {
        writes.push({
          previous: stored,
          document: {
            ...stored,
            ...merged.fields,
            updatedAt: now,
            clock: {
              ...current.clock,
              ...Object.fromEntries(merged.changed.map((f) => [f, stamp])),
            },
          },
        });
        if (prior === undefined || prior === 'unchanged') {
          before.set(id, current);
          imagesChanged = true;
        }
        if (prior !== 'created') state = 'updated';
      }
      outcomes.set(id, { created: false, state });
    }
    if (imagesChanged) {
      plan.before = [...before.values()];
      await deps.imports.chunks.put(plan);
    }
    round = new Map();
    // In parts, all sent at once: IndexedDB runs them back to back, and every tab receives each
    // part's change events as a message of its own, small enough to handle in one short task.
    const parts: BulkWriteRow<Contact>[][] = [];
    for (let at = 0; at < writes.length; at += WRITE_PART)
      parts.push(writes.slice(at, at + WRITE_PART));
    const results = await Promise.all(
      parts.map((part) => storage.bulkWrite(part, IMPORT_WRITE_CONTEXT)),
    );
    for (const failure of results.flatMap((result) => result.error)) {
      if (failure.status !== 409) throw new Error(`Writing contacts failed (${failure.status})`);
      round.set(failure.documentId, failure.documentInDb);
    }
  }
  return outcomes;
}
