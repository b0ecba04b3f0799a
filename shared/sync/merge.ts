import { compareHlc, type Hlc } from './hlc.ts';

/**
 * Field-by-field merge of two versions of a user-written document (architecture.md, "Ownership
 * splits conflicts away"). Every edited field carries the hybrid-logical-clock stamp of its last
 * edit in `clock`, so:
 * - a field edited on one side only keeps that edit (its stamp is the later one);
 * - the same field edited on both sides takes the later stamp;
 * - equal stamps with different values (only possible from a broken device) fall back to the
 *   larger JSON text, so every device picks the same value whichever side it sees first.
 * Fields without stamps follow fixed rules: `createdAt` keeps the earliest, `updatedAt` the
 * latest, anything else comes from the side with the latest stamp overall.
 *
 * Deletion (`_deleted`) has no stamp: the side whose flag differs from the common ancestor (the
 * master state this device last saw) changed it and wins; without an ancestor, deleted wins. A
 * deleted document keeps the merged fields, so no edit disappears without a trace.
 */

export interface MergeableDocument {
  id: string;
  _deleted: boolean;
  clock?: Record<string, Hlc>;
  [field: string]: unknown;
}

/** Bookkeeping of the local database and the merge itself; never merged as fields. */
const NOT_FIELDS = new Set(['id', '_deleted', 'clock', '_meta', '_rev', '_attachments']);

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** -1 when `a` wins, 1 when `b` wins; decided by stamp, then by value. Never 0 for unequal values. */
function pick(stampA: Hlc, a: unknown, stampB: Hlc, b: unknown): -1 | 1 {
  const byStamp = compareHlc(stampA, stampB);
  if (byStamp !== 0) return byStamp > 0 ? -1 : 1;
  return json(a) >= json(b) ? -1 : 1;
}

function latestStamp(clock: Record<string, Hlc> | undefined): Hlc {
  let latest = '';
  for (const stamp of Object.values(clock ?? {})) if (compareHlc(stamp, latest) > 0) latest = stamp;
  return latest;
}

function mergeDeleted<T extends MergeableDocument>(local: T, remote: T, ancestor?: T): boolean {
  if (local._deleted === remote._deleted) return local._deleted;
  if (ancestor) return ancestor._deleted === local._deleted ? remote._deleted : local._deleted;
  return true;
}

export function mergeDocuments<T extends MergeableDocument>(local: T, remote: T, ancestor?: T): T {
  if (local.id !== remote.id) {
    throw new Error(`cannot merge document ${local.id} with document ${remote.id}`);
  }
  const localClock = local.clock ?? {};
  const remoteClock = remote.clock ?? {};
  const merged: Record<string, unknown> = { id: local.id };
  const clock: Record<string, Hlc> = {};
  // The side with the latest edit supplies the fields nobody stamps (source, mergedInto, ...).
  const newerSide = pick(latestStamp(localClock), local, latestStamp(remoteClock), remote);

  const fields = new Set([...Object.keys(local), ...Object.keys(remote)]);
  for (const field of fields) {
    if (NOT_FIELDS.has(field)) continue;
    const a = local[field];
    const b = remote[field];
    if ((field === 'createdAt' || field === 'updatedAt') && a !== undefined && b !== undefined) {
      const aFirst = json(a) <= json(b);
      merged[field] = aFirst === (field === 'createdAt') ? a : b;
      continue;
    }
    const stampA = localClock[field];
    const stampB = remoteClock[field];
    if (stampA === undefined && stampB === undefined) {
      merged[field] = a === undefined ? b : b === undefined ? a : newerSide < 0 ? a : b;
      continue;
    }
    const winner = pick(stampA ?? '', a, stampB ?? '', b);
    merged[field] = winner < 0 ? a : b;
    const stamp = winner < 0 ? stampA : stampB;
    if (stamp !== undefined) clock[field] = stamp;
  }
  // Stamps of fields neither document has any more still order future merges.
  for (const [field, stamp] of Object.entries({ ...remoteClock, ...localClock })) {
    if (!(field in clock) && !fields.has(field)) {
      const other = localClock[field] === stamp ? remoteClock[field] : localClock[field];
      clock[field] = other !== undefined && compareHlc(other, stamp) > 0 ? other : stamp;
    }
  }
  if ('clock' in local || 'clock' in remote) merged.clock = clock;
  merged._deleted = mergeDeleted(local, remote, ancestor);
  return merged as T;
}
