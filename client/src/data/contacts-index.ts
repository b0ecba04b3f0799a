import type { Contact } from '../../../shared/documents/contact.ts';
import type {
  Connector,
  DeliveryState,
  DeliveryStatus,
  Enrichment,
} from '../../../shared/documents/server-written.ts';
import type { ScoringInput } from '../../../shared/icp/score.ts';
import { SortedRows } from './sorted-rows.ts';

/**
 * Every live contact of the device, in memory, for the Contacts page and the aggregates of
 * Dashboard and ICP. IndexedDB cannot answer "contains 'ann'" over 100,000 rows in one frame;
 * a scan of prepared strings in memory can (targets.md: keystroke to rendered <= 33 ms).
 * RxDB stays the source of truth: the index only mirrors its change stream.
 */

export type SortKey = 'name' | 'email' | 'company' | 'title' | 'country' | 'score' | 'createdAt';
export type DeliveryFilter = DeliveryState['state'] | 'none';

export interface ContactFilters {
  countries?: readonly string[];
  industries?: readonly string[];
  companySizes?: readonly string[];
  /** Contacts with at least one of these tags. */
  tags?: readonly string[];
  scoreMin?: number;
  scoreMax?: number;
  delivery?: { connector: Connector; state: DeliveryFilter };
  importId?: string;
}

export interface ContactQuery {
  search: string;
  filters: ContactFilters;
  sort: { key: SortKey; direction: 'asc' | 'desc' };
}

export const EMPTY_QUERY: ContactQuery = {
  search: '',
  filters: {},
  sort: { key: 'name', direction: 'asc' },
};

const BEYOND_ASCII = /[\u0080-\uffff]/;

/** Lowercase, accents stripped: what search and sorting compare. */
export function fold(text: string): string {
  // Most text has nothing to strip, and normalizing is the costly part.
  if (!BEYOND_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function allPositions(count: number): Int32Array {
  const all = new Int32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  return all;
}

/** The positions that pass, compacted in place. */
function keepWhere(positions: Int32Array, passes: (position: number) => boolean): Int32Array {
  let kept = 0;
  for (const position of positions) if (passes(position)) positions[kept++] = position;
  return positions.subarray(0, kept);
}

/** One search's matches, as positions in the sorted rows (null: all of them), and their ids. */
interface Answer {
  positions: Int32Array | null;
  ids: string[];
  reversed: string[] | null;
}

export interface Facet {
  value: string;
  count: number;
}

export class ContactsIndex {
  private rows = new Map<string, Contact>();
  private delivery = new Map<string, DeliveryStatus>();
  private enrichments = new Map<string, Enrichment>();
  private scores = new Map<string, number>();
  private sorted = new Map<SortKey, SortedRows>();
  private listeners = new Set<() => void>();
  private changeListeners = new Set<
    (changed: readonly Contact[], removedIds: readonly string[]) => void
  >();
  private notifyScheduled = false;
  /** Increases on every change; React reads it to know when to query again. */
  version = 0;

  get size(): number {
    return this.rows.size;
  }

  get(id: string): Contact | undefined {
    return this.rows.get(id);
  }

  contacts(): IterableIterator<Contact> {
    return Array.from(this.rows.values()).values();
  }

  score(id: string): number | undefined {
    return this.scores.get(id);
  }

  deliveryOf(id: string): DeliveryStatus | undefined {
    return this.delivery.get(id);
  }

  /** Every delivery document on the device (the Dashboard's offline counts). */
  deliveryStatuses(): IterableIterator<DeliveryStatus> {
    return this.delivery.values();
  }

  enrichmentOf(id: string): Enrichment | undefined {
    return this.enrichments.get(id);
  }

  /** What ICP scoring reads for a contact: its own fields, Explorium's where its own are empty. */
  scoringInput(contact: Contact): ScoringInput {
    return withEnrichment(contact, this.enrichments.get(contact.id));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hears exactly which contacts changed, or had their enrichment change (for work that follows
   * each contact, like ICP scoring), synchronously, before React does. A merged contact counts as
   * removed.
   */
  subscribeChanges(
    listener: (changed: readonly Contact[], removedIds: readonly string[]) => void,
  ): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Contacts written or deleted (a deleted or merged contact leaves the index). */
  applyContacts(changed: readonly Contact[], removedIds: readonly string[] = []): void {
    const live: Contact[] = [];
    const removed = [...removedIds];
    for (const id of removedIds) {
      this.rows.delete(id);
      this.scores.delete(id);
    }
    for (const contact of changed) {
      if (contact.mergedInto) {
        this.rows.delete(contact.id);
        this.scores.delete(contact.id);
        removed.push(contact.id);
      } else {
        this.rows.set(contact.id, contact);
        live.push(contact);
      }
    }
    for (const sorted of this.sorted.values()) {
      sorted.invalidate(removed);
      sorted.invalidate(live.map((contact) => contact.id));
    }
    for (const listener of this.changeListeners) listener(live, removed);
    this.changed();
  }

  applyDelivery(changed: readonly DeliveryStatus[], removedIds: readonly string[] = []): void {
    for (const id of removedIds) this.delivery.delete(id);
    for (const status of changed) this.delivery.set(status.id, status);
    this.changed();
  }

  /** Enrichments replicated from the server; the contacts they describe count as changed. */
  applyEnrichments(changed: readonly Enrichment[], removedIds: readonly string[] = []): void {
    const affected: Contact[] = [];
    const touch = (id: string) => {
      const contact = this.rows.get(id);
      if (contact) affected.push(contact);
    };
    for (const id of removedIds) if (this.enrichments.delete(id)) touch(id);
    for (const enrichment of changed) {
      this.enrichments.set(enrichment.id, enrichment);
      touch(enrichment.id);
    }
    if (affected.length > 0) for (const listener of this.changeListeners) listener(affected, []);
    this.changed();
  }

  setScores(entries: Iterable<readonly [string, number]>, replaceAll: boolean): void {
    if (replaceAll) this.scores.clear();
    for (const [id, score] of entries) this.scores.set(id, score);
    this.sorted.delete('score');
    this.changed();
  }

  /**
   * Answers for the searches typed lately under the same filters, sort and data: a letter more
   * rescans only the rows of the longest cached prefix; a letter less (Backspace) is a cached
   * answer, ids included, so it costs nothing at 100,000 contacts.
   */
  private recent: {
    version: number;
    filters: ContactFilters;
    key: SortKey;
    bySearch: Map<string, Answer>;
  } | null = null;

  /** Ids of the contacts matching the query, in its order. Shared: do not modify. */
  query(query: ContactQuery): readonly string[] {
    const search = fold(query.search).replace(/\s+/g, ' ').trimStart();
    let recent = this.recent;
    if (
      !recent ||
      recent.version !== this.version ||
      recent.filters !== query.filters ||
      recent.key !== query.sort.key
    ) {
      recent = {
        version: this.version,
        filters: query.filters,
        key: query.sort.key,
        bySearch: new Map(),
      };
      this.recent = recent;
    }
    let answer = recent.bySearch.get(search);
    if (!answer) {
      answer = this.scan(search, query, recent.bySearch);
      if (recent.bySearch.size > 64) recent.bySearch.clear();
      recent.bySearch.set(search, answer);
    }
    if (query.sort.direction === 'asc') return answer.ids;
    return (answer.reversed ??= answer.ids.toReversed());
  }

  private scan(search: string, query: ContactQuery, cached: Map<string, Answer>): Answer {
    const sorted = this.sortedRows(query.sort.key);
    const { rows, ids } = sorted;
    const terms = termsOf(search);
    const matches = this.filterPredicate(query.filters);
    if (terms.length === 0 && !matches) return { positions: null, ids, reversed: null };

    // A letter more narrows the answer of a prefix (filters included): only its rows are
    // checked, and only for the terms that changed. (Positions stay valid: the cached answers
    // are dropped whenever the data changes.)
    let positions: Int32Array | null = null;
    let rest = terms;
    for (let end = search.length - 1; end >= 0 && !positions; end--) {
      const prefix = search.slice(0, end);
      const narrowed = cached.get(prefix)?.positions;
      if (!narrowed) continue;
      positions = narrowed.slice();
      // The prefix's terms but its last one are this search's too, and its rows have them.
      rest = terms.slice(Math.max(0, termsOf(prefix).length - 1));
    }
    if (!positions) {
      // The longest term is the rarest: find it in the text, check the others per row.
      const longest = terms.reduce((best, term) => (term.length > best.length ? term : best), '');
      positions = longest ? sorted.occurrences(longest) : allPositions(rows.length);
      rest = terms.filter((term) => term !== longest);
      if (matches) positions = keepWhere(positions, (p) => matches(rows[p]!));
    }
    for (const term of rest) positions = sorted.keepContaining(positions, term);
    // A plain loop: Array.from with a map function costs several times more at 100,000.
    const found: string[] = [];
    for (const position of positions) found.push(ids[position]!);
    return { positions, ids: found, reversed: null };
  }

  /** Builds what a search in this order reads, ahead of the first keystroke. */
  prepareSearch(key: SortKey): void {
    this.sortedRows(key).prepareSearch();
  }

  /** Distinct values with counts, most frequent first, for filter pickers and charts. */
  facet(pick: (contact: Contact) => string | readonly string[]): Facet[] {
    const counts = new Map<string, number>();
    for (const contact of this.rows.values()) {
      const values = pick(contact);
      for (const value of typeof values === 'string' ? [values] : values) {
        if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }

  private filterPredicate(filters: ContactFilters): ((contact: Contact) => boolean) | null {
    const checks: ((contact: Contact) => boolean)[] = [];
    const inSet = (values: readonly string[] | undefined, get: (c: Contact) => string) => {
      if (!values?.length) return;
      const set = new Set(values);
      checks.push((c) => set.has(get(c)));
    };
    inSet(filters.countries, (c) => c.country);
    inSet(filters.industries, (c) => c.industry);
    inSet(filters.companySizes, (c) => c.companySize);
    if (filters.tags?.length) {
      const wanted = new Set(filters.tags.map((t) => t.toLowerCase()));
      checks.push((c) => c.tags.some((t) => wanted.has(t.toLowerCase())));
    }
    if (filters.scoreMin !== undefined || filters.scoreMax !== undefined) {
      const min = filters.scoreMin ?? 0;
      const max = filters.scoreMax ?? 100;
      // A contact not scored yet (no ICP, or scoring still running) is in no score range: a
      // 0 it never got would put it among the worst matches.
      checks.push((c) => {
        const score = this.scores.get(c.id);
        return score !== undefined && score >= min && score <= max;
      });
    }
    if (filters.delivery) {
      const { connector, state } = filters.delivery;
      checks.push((c) => (this.delivery.get(c.id)?.[connector]?.state ?? 'none') === state);
    }
    if (filters.importId) {
      const importId = filters.importId;
      checks.push((c) => c.source.importId === importId);
    }
    if (checks.length === 0) return null;
    return (contact) => checks.every((check) => check(contact));
  }

  /** Rows in ascending order of a key, kept up to date as contacts change. */
  private sortedRows(key: SortKey): SortedRows {
    let sorted = this.sorted.get(key);
    if (!sorted) {
      sorted = new SortedRows(this.rows, (contact) => this.sortKey(contact, key), searchText);
      this.sorted.set(key, sorted);
    }
    return sorted;
  }

  private sortKey(contact: Contact, key: SortKey): string | number {
    switch (key) {
      case 'name':
        // Empty names sort last, not first.
        return fold(
          `${contact.lastName} ${contact.firstName}`.trim() || `\uffff${contact.email ?? ''}`,
        );
      case 'email':
        return contact.email ?? '\uffff';
      case 'score':
        return this.scores.get(contact.id) ?? 0;
      case 'createdAt':
        return contact.createdAt;
      default:
        return fold(contact[key]) || '\uffff';
    }
  }

  private changed(): void {
    this.version++;
    // Many change events arrive together (an import chunk, another tab): tell React once.
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const listener of this.listeners) listener();
    });
  }
}

const ENRICHED_FOR_SCORING = ['title', 'seniority', 'companySize', 'industry', 'country'] as const;

/** The contact's scoring fields, each empty one filled from the enrichment when it has a value. */
export function withEnrichment(contact: ScoringInput, enrichment?: Enrichment): ScoringInput {
  if (!enrichment) return contact;
  const input: ScoringInput = {
    title: contact.title,
    seniority: contact.seniority,
    companySize: contact.companySize,
    industry: contact.industry,
    country: contact.country,
  };
  for (const field of ENRICHED_FOR_SCORING) {
    if (!input[field].trim() && enrichment[field]) input[field] = enrichment[field];
  }
  return input;
}

/** The words of a folded search (whitespace is single spaces by then). */
function termsOf(search: string): string[] {
  return search.split(' ').filter(Boolean);
}

/** What a search looks into: name, email, company, title and tags, folded. */
function searchText(contact: Contact): string {
  return fold(
    [
      contact.firstName,
      contact.lastName,
      contact.email ?? '',
      contact.company,
      contact.title,
      ...contact.tags,
    ].join('\u0001'),
  );
}
