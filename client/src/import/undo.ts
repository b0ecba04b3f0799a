import type { RxCollection } from 'rxdb/plugins/core';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { HlcClock } from '../../../shared/sync/hlc.ts';
import type { ChunkRecord, ImportsDb } from './job-store.ts';
import { CONTACT_FIELDS } from '../../../shared/documents/contact.ts';

export interface StoreDeps {
  contacts: RxCollection<Contact>;
  imports: ImportsDb;
  clock: HlcClock;
}

async function checked(write: Promise<{ error: { status: number; documentId: string }[] }>) {
  const { error } = await write;
  // 404: already removed (a rollback done twice); anything else is a real failure.
  const real = error.filter((e) => e.status !== 404);
  if (real.length > 0) throw new Error(`Writing contacts failed (${real[0]!.status})`);
}

/**
 * Undoes one chunk: contacts it created are removed, contacts it changed get their earlier
 * values back (with new clock stamps on the fields that differ, so the restore replicates as
 * the latest edit). Safe to run twice. A chunk that never committed lists every contact it
 * might have created: only those that carry this import as their source are its own.
 */
export async function rollbackChunk(deps: StoreDeps, chunk: ChunkRecord): Promise<void> {
  if (chunk.created.length > 0) {
    const found = await deps.contacts.findByIds(chunk.created).exec();
    const own = [...found.values()]
      .filter((doc) => doc.source.importId === chunk.jobId)
      .map((doc) => doc.id);
    if (own.length > 0) await checked(deps.contacts.bulkRemove(own));
  }
  if (chunk.before.length > 0) {
    const found = await deps.contacts.findByIds(chunk.before.map((c) => c.id)).exec();
    const now = new Date().toISOString();
    const restored: Contact[] = [];
    for (const before of chunk.before) {
      const doc = found.get(before.id);
      if (!doc) {
        restored.push({ ...before, updatedAt: now });
        continue;
      }
      const current = doc.toMutableJSON();
      const changed = CONTACT_FIELDS.filter(
        (f) => JSON.stringify(before[f]) !== JSON.stringify(current[f]),
      );
      const stamp = deps.clock.now();
      restored.push({
        ...before,
        updatedAt: now,
        clock: { ...current.clock, ...Object.fromEntries(changed.map((f) => [f, stamp])) },
      });
    }
    await checked(deps.contacts.bulkUpsert(restored));
  }
}

/** Every chunk of the job, last first; each one's record goes once it is undone. */
export async function undoChunks(
  deps: StoreDeps,
  jobId: string,
  onChunk: (left: number) => void,
): Promise<void> {
  const indexes = (await deps.imports.chunks.where('jobId').equals(jobId).primaryKeys()).map(
    (key) => key[1],
  );
  indexes.sort((a, b) => b - a);
  let left = indexes.length;
  for (const index of indexes) {
    const chunk = await deps.imports.chunks.get([jobId, index]);
    if (chunk) await rollbackChunk(deps, chunk);
    await deps.imports.chunks.delete([jobId, index]);
    onChunk(--left);
  }
}
