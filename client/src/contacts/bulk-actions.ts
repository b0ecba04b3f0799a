import type { Contact } from '../../../shared/documents/contact.ts';
import { enroll } from '../data/campaigns.ts';
import { addTags, deleteContacts, removeTags } from '../data/contacts.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { plural } from './format.ts';
import { yieldToMain } from './export-csv.ts';

/**
 * Bulk actions over a selection that can be every one of 100,000 contacts: done in chunks of
 * 2,000 (one IndexedDB transaction each), so the page keeps painting and shows progress.
 */
const CHUNK = 2_000;

export type Progress = (done: number, total: number) => void;

async function inChunks(
  ids: readonly string[],
  onProgress: Progress,
  run: (chunk: string[]) => Promise<number | void>,
): Promise<number> {
  let sum = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    sum += (await run(chunk)) ?? 0;
    onProgress(start + chunk.length, ids.length);
    await yieldToMain();
  }
  return sum;
}

export async function bulkAddTag(
  db: OutpostDatabase,
  ids: readonly string[],
  tag: string,
  onProgress: Progress,
): Promise<string> {
  const changed = await inChunks(ids, onProgress, (chunk) => addTags(db, chunk, [tag]));
  return `Tag “${tag}” added to ${plural(changed, 'contact')}${
    changed < ids.length ? ` (${formatAlready(ids.length - changed)} had it)` : ''
  }`;
}

export async function bulkRemoveTag(
  db: OutpostDatabase,
  ids: readonly string[],
  tag: string,
  onProgress: Progress,
): Promise<string> {
  const changed = await inChunks(ids, onProgress, (chunk) => removeTags(db, chunk, [tag]));
  return `Tag “${tag}” removed from ${plural(changed, 'contact')}`;
}

export async function bulkDelete(
  db: OutpostDatabase,
  ids: readonly string[],
  onProgress: Progress,
): Promise<string> {
  await inChunks(ids, onProgress, (chunk) => deleteContacts(db, chunk));
  return `Deleted ${plural(ids.length, 'contact')}`;
}

export interface EnrollOutcome {
  enrolled: number;
  already: number;
}

export async function bulkEnroll(
  db: OutpostDatabase,
  campaignId: string,
  ids: readonly string[],
  onProgress: Progress,
): Promise<EnrollOutcome> {
  const unique = [...new Set(ids)];
  const enrolled = await inChunks(unique, onProgress, (chunk) => enroll(db, campaignId, chunk));
  return { enrolled, already: unique.length - enrolled };
}

/** "3 enrolled, 2 already in the campaign". */
export function describeEnroll({ enrolled, already }: EnrollOutcome, campaign: string): string {
  return `${enrolled.toLocaleString('en')} enrolled, ${already.toLocaleString('en')} already in the campaign “${campaign}”`;
}

function formatAlready(n: number): string {
  return n.toLocaleString('en');
}

/** The tags present on the selection, for the "Remove tag" suggestions. */
export function tagsOf(contacts: Iterable<Contact | undefined>, limit = 200): string[] {
  const seen = new Map<string, string>();
  for (const contact of contacts) {
    for (const tag of contact?.tags ?? []) {
      if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
      if (seen.size >= limit) return [...seen.values()];
    }
  }
  return [...seen.values()];
}
