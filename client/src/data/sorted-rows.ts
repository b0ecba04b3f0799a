import type { Contact } from '../../../shared/documents/contact.ts';

/** A contact as the index holds it: replaced whole when the contact changes. */
export interface Row {
  contact: Contact;
  /** Folded name, email, company, title and tags, for search. */
  haystack: string;
}

export type RowKey = (row: Row) => string | number;

/** Never in a search term: whitespace is folded to single spaces before the terms are split. */
const SEPARATOR = '\n';

/** Rows that changed since the last sort beyond this share are sorted again from scratch. */
const RESORT_SHARE = 0.25;

/**
 * The live rows in ascending order of one key (ties by id), kept up to date cheaply: a write of
 * a few thousand contacts (an import chunk, a bulk tag) merges just those rows back in, in linear
 * time, instead of sorting 100,000 again. For search, every haystack is joined into one text
 * (built on the first search after a change): a search is then a few `indexOf` calls over
 * contiguous memory instead of 100,000 `includes` on strings scattered over the heap.
 */
export class SortedRows {
  private order: Row[] = [];
  /** Each row's key, at the same position (kept so a merge need not compute them again). */
  private keys: (string | number)[] = [];
  private orderIds: string[] | null = null;
  private search: { text: string; starts: Int32Array } | null = null;
  /** Ids written or removed since the order was last brought up to date. */
  private stale = new Set<string>();
  private whole = true;

  private readonly live: ReadonlyMap<string, Row>;
  private readonly keyOf: RowKey;

  constructor(live: ReadonlyMap<string, Row>, keyOf: RowKey) {
    this.live = live;
    this.keyOf = keyOf;
  }

  /** Contacts written or removed: their rows move on the next read. */
  invalidate(ids: Iterable<string>): void {
    if (this.whole) return;
    for (const id of ids) this.stale.add(id);
    if (this.stale.size > this.live.size * RESORT_SHARE) this.whole = true;
  }

  get rows(): readonly Row[] {
    this.refresh();
    return this.order;
  }

  get ids(): string[] {
    this.refresh();
    return (this.orderIds ??= this.order.map((row) => row.contact.id));
  }

  /** The joined haystacks, built once per change of the rows. */
  prepareSearch(): { text: string; starts: Int32Array } {
    this.refresh();
    return (this.search ??= joinHaystacks(this.order));
  }

  /** Positions of the rows whose haystack contains the term, in order. */
  occurrences(term: string): Int32Array {
    const { text, starts } = this.prepareSearch();
    const found = new Int32Array(this.order.length);
    let count = 0;
    let row = 0;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, starts[row]!)) {
      while (starts[row + 1]! <= at) row++;
      found[count++] = row++;
    }
    return found.slice(0, count); // a cached answer keeps only what it needs
  }

  private refresh(): void {
    if (!this.whole && this.stale.size === 0) return;
    const sorted = this.whole ? this.sortAll() : this.mergeStale();
    this.order = sorted.map((entry) => entry.row);
    this.keys = sorted.map((entry) => entry.key);
    this.orderIds = null;
    this.search = null;
    this.stale.clear();
    this.whole = false;
  }

  private sortAll(): Keyed[] {
    const keyed = Array.from(this.live.values(), (row) => ({ row, key: this.keyOf(row) }));
    return keyed.sort(compareKeyed);
  }

  /** The unchanged rows keep their order; the changed ones are sorted and merged in. */
  private mergeStale(): Keyed[] {
    const moved: Keyed[] = [];
    for (const id of this.stale) {
      const row = this.live.get(id);
      if (row) moved.push({ row, key: this.keyOf(row) });
    }
    moved.sort(compareKeyed);
    const merged: Keyed[] = [];
    let next = 0;
    this.order.forEach((row, i) => {
      if (this.stale.has(row.contact.id)) return;
      const kept = { row, key: this.keys[i]! };
      while (next < moved.length && compareKeyed(moved[next]!, kept) < 0)
        merged.push(moved[next++]!);
      merged.push(kept);
    });
    while (next < moved.length) merged.push(moved[next++]!);
    return merged;
  }
}

interface Keyed {
  row: Row;
  key: string | number;
}

function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.row.contact.id < b.row.contact.id ? -1 : 1;
}

function joinHaystacks(rows: readonly Row[]): { text: string; starts: Int32Array } {
  const starts = new Int32Array(rows.length + 1);
  let offset = 0;
  rows.forEach((row, i) => {
    starts[i] = offset;
    offset += row.haystack.length + SEPARATOR.length;
  });
  starts[rows.length] = offset;
  return { text: rows.map((row) => row.haystack + SEPARATOR).join(''), starts };
}
