import {
  normalizeMangoQuery,
  prepareQuery,
  type RxChangeEventBulk,
  type RxCollection,
  type RxDocumentData,
} from 'rxdb/plugins/core';
import { fromDexieToStorage, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { ContactsIndex } from './contacts-index.ts';
import type { OutpostDatabase } from './database.ts';
import { nextTask } from './next-task.ts';

/** Documents applied per task: a large change bulk (an import chunk) is spread over tasks. */
export const APPLY_SLICE = 250;

/**
 * Keeps the in-memory index equal to the database: loads every document once, then applies
 * each change bulk, whether this tab, another tab (RxDB multiInstance) or replication wrote it.
 * Subscribes before loading and replays what arrived meanwhile, so no change falls in the gap.
 * Bulks are applied in order; one larger than APPLY_SLICE a slice per task, so that an import
 * writing thousands of contacts at a time never holds the page for long.
 */
export async function mirrorIntoIndex(
  db: OutpostDatabase,
  index: ContactsIndex,
): Promise<() => void> {
  const compact = contactCompactor();
  const stops = await Promise.all([
    mirror(db.contacts, (changed, removed) => index.applyContacts(changed, removed), compact),
    mirror(db.delivery_status, (changed, removed) => index.applyDelivery(changed, removed)),
    mirror(db.enrichments, (changed, removed) => index.applyEnrichments(changed, removed)),
  ]);
  return () => stops.forEach((stop) => stop());
}

type Change<T> = { id: string; data: RxDocumentData<T> | null };

async function mirror<T extends { id: string }>(
  collection: RxCollection<T>,
  apply: (changed: T[], removedIds: string[]) => void,
  prepare: (document: RxDocumentData<T>) => T = (document) => document,
): Promise<() => void> {
  /** Changes not applied yet, oldest first; `next` is where the first bulk's rest starts. */
  const queue: Change<T>[][] = [];
  let next = 0;
  let loaded = false;
  let draining = false;
  let stopped = false;

  /** Applies up to `limit` queued changes: removals, then the rest, as one index update. */
  const applySome = (limit: number) => {
    const changed: T[] = [];
    const removed: string[] = [];
    for (let n = 0; n < limit && queue.length > 0; n++) {
      const change = queue[0]![next++]!;
      if (change.data) changed.push(prepare(change.data));
      else removed.push(change.id);
      if (next === queue[0]!.length) {
        queue.shift();
        next = 0;
      }
    }
    apply(changed, removed);
  };
  /** A slice per task, starting in the next one (not in the task that delivered the bulk). */
  const drain = async () => {
    draining = true;
    try {
      while (queue.length > 0) {
        await nextTask();
        if (stopped) return;
        applySome(APPLY_SLICE);
      }
    } finally {
      draining = false;
    }
  };
  const schedule = () => {
    if (!loaded || draining || queue.length === 0) return;
    // A small bulk with nothing before it is applied at once, as it arrives.
    if (queue.length === 1 && queue[0]!.length <= APPLY_SLICE) applySome(APPLY_SLICE);
    else void drain();
  };

  const subscription = collection.eventBulks$.subscribe((bulk) => {
    const changes: Change<T>[] = [];
    for (const event of (bulk as RxChangeEventBulk<T>).events) {
      const data = event.documentData as RxDocumentData<T>;
      const gone = event.operation === 'DELETE' || data._deleted;
      changes.push({ id: event.documentId, data: gone ? null : data });
    }
    if (changes.length === 0) return;
    queue.push(changes);
    schedule();
  });
  apply((await readAll(collection)).map(prepare), []);
  loaded = true;
  schedule();
  return () => {
    stopped = true;
    subscription.unsubscribe();
  };
}

/** The tags of every contact without any: one shared, frozen array. */
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];
/** Likewise the custom fields of every contact without any. */
const NO_CUSTOM: Record<string, string> = Object.freeze({});

/**
 * The index holds every contact for the page's lifetime, so each one is kept in one compact
 * shape: only the contact's own fields (not RxDB's _rev, _meta...), and the values that repeat
 * from contact to contact shared instead of copied. A contact written by an import or a sync
 * carries the same clock stamp in every field, the same times and source as its neighbours,
 * and words like countries, industries and titles that many contacts have; as they arrive,
 * each is a fresh copy. The values stay exactly equal; shared objects are frozen.
 */
function contactCompactor(): (document: Contact) => Contact {
  /** Values seen lately, each kept once; restarted when it gets large. */
  let words = new Map<string, string>();
  const word = (text: string) => {
    const known = words.get(text);
    if (known !== undefined) return known;
    if (words.size >= 100_000) words = new Map();
    words.set(text, text);
    return text;
  };
  let lastClock: Readonly<Record<string, string>> = {};
  let lastClockSize = 0;
  const clockOf = (clock: Record<string, string>) => {
    let size = 0;
    let same = true;
    for (const key in clock) {
      size++;
      if (lastClock[key] !== clock[key]) {
        same = false;
        break;
      }
    }
    if (same && size === lastClockSize) return lastClock;
    const shared: Record<string, string> = {};
    for (const key in clock) shared[key] = word(clock[key]!);
    lastClock = Object.freeze(shared);
    lastClockSize = Object.keys(shared).length;
    return lastClock;
  };
  let lastSource: Contact['source'] | null = null;
  const sourceOf = (source: Contact['source']) => {
    if (
      lastSource?.kind !== source.kind ||
      lastSource.importId !== source.importId ||
      lastSource.label !== source.label
    ) {
      lastSource = Object.freeze({ ...source });
    }
    return lastSource;
  };
  const custom = (values: Record<string, string>) => {
    let out: Record<string, string> | null = null;
    for (const key in values) (out ??= {})[word(key)] = values[key]!;
    return out ?? NO_CUSTOM;
  };
  return (c) => ({
    id: c.id,
    email: c.email,
    firstName: word(c.firstName),
    lastName: word(c.lastName),
    company: word(c.company),
    title: word(c.title),
    seniority: word(c.seniority),
    phone: c.phone,
    country: word(c.country),
    industry: word(c.industry),
    companySize: word(c.companySize),
    website: word(c.website),
    linkedinUrl: c.linkedinUrl,
    notes: word(c.notes),
    tags: c.tags.length === 0 ? NO_TAGS : c.tags.map(word),
    custom: custom(c.custom),
    source: sourceOf(c.source),
    createdAt: word(c.createdAt),
    updatedAt: word(c.updatedAt),
    mergedInto: c.mergedInto,
    clock: clockOf(c.clock),
  });
}

/**
 * Every live document as plain data, straight from the storage: at 100,000 contacts, building
 * RxDocument objects (collection.find()) costs seconds the index does not need, and so does
 * RxDB's own storage query, which walks an IndexedDB cursor one round trip per document. On the
 * Dexie storage one `getAll` (Dexie's toArray) reads the whole table at once.
 */
async function readAll<T>(collection: RxCollection<T>): Promise<RxDocumentData<T>[]> {
  const started = performance.now();
  const documents = (await readAllFromDexie(collection)) ?? (await readAllByQuery(collection));
  performance.measure(`load ${collection.name}`, { start: started });
  return documents;
}

async function readAllFromDexie<T>(
  collection: RxCollection<T>,
): Promise<RxDocumentData<T>[] | null> {
  // RxDB wraps the storage instance; `internals` is the Dexie storage's own state.
  const { internals } = collection.storageInstance.originalStorageInstance as Partial<
    RxStorageInstanceDexie<T>
  >;
  if (!(internals instanceof Promise)) return null; // another storage (tests use memory storage)
  const { dexieTable, booleanIndexes } = await internals;
  const stored = await dexieTable.toArray();
  const live: RxDocumentData<T>[] = [];
  for (const raw of stored) {
    // Undo what the Dexie storage changes on the way in (booleans of indexes, `|` keys).
    const document = fromDexieToStorage<T>(booleanIndexes, raw);
    if (!document._deleted) live.push(document);
  }
  return live;
}

async function readAllByQuery<T>(collection: RxCollection<T>): Promise<RxDocumentData<T>[]> {
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery(schema, { selector: {} });
  // What RxQuery adds to every query: deleted documents are not results.
  query.selector = { ...query.selector, _deleted: { $eq: false } } as typeof query.selector;
  if (query.index) query.index.unshift('_deleted');
  const { documents } = await collection.storageInstance.query(prepareQuery(schema, query));
  return documents;
}
