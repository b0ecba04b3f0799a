import type { Contact } from '../../../shared/documents/contact.ts';

export type RowKey = (contact: Contact) => string | number;
/** The text a search looks into for one contact (folded name, email, company, title, tags). */
export type RowText = (contact: Contact) => string;

/** Never in a search term: whitespace is folded to single spaces before the terms are split. */
const SEPARATOR = '\n';

/** Rows that changed since the last sort beyond this share are sorted again from scratch. */
const RESORT_SHARE = 0.25;

/**
 * The live rows in ascending order of one key (ties by id), kept up to date cheaply: a write of
 * a few thousand contacts (an import chunk, a bulk tag) merges just those rows back in, in linear
 * time, instead of sorting 100,000 again. For search, every contact's text is joined into one
 * (built on the first search after a change): a search is then a few `indexOf` calls over
 * contiguous memory instead of 100,000 `includes` on strings scattered over the heap. The
 * per-contact texts are not kept: at a million contacts they would be a fifth of the page's heap.
 */
export class SortedRows {
  private order: Contact[] = [];
  /** Each row's key, at the same position (kept so a merge need not compute them again). */
  private keys: (string | number)[] = [];
  private orderIds: string[] | null = null;
  private search: SearchText | null = null;
  /** The last joined text, and each row's position in it (-1: changed since): reused parts. */
  private previous: { search: SearchText; was: Int32Array } | null = null;
  /** Ids written or removed since the order was last brought up to date. */
  private stale = new Set<string>();
  private whole = true;

  private readonly live: ReadonlyMap<string, Contact>;
  private readonly keyOf: RowKey;
  private readonly textOf: RowText;

  constructor(live: ReadonlyMap<string, Contact>, keyOf: RowKey, textOf: RowText) {
    this.live = live;
    this.keyOf = keyOf;
    this.textOf = textOf;
  }

  /** Contacts written or removed: their rows move on the next read. */
  invalidate(ids: Iterable<string>): void {
    if (this.whole) return;
    for (const id of ids) this.stale.add(id);
    if (this.stale.size > this.live.size * RESORT_SHARE) this.whole = true;
  }

  get rows(): readonly Contact[] {
    this.refresh();
    return this.order;
  }

  get ids(): string[] {
    this.refresh();
    return (this.orderIds ??= this.order.map((contact) => contact.id));
  }

  /**
   * The joined texts, built once per change of the rows. A contact that did not change keeps its
   * part of the previous text (a slice, not a new fold): after one edit the first keystroke
   * joins 100,000 parts instead of folding 100,000 contacts again.
   */
  prepareSearch(): SearchText {
    this.refresh();
    if (!this.search) {
      this.search = joinTexts(this.order, this.textOf, this.previous);
      this.previous = null;
    }
    return this.search;
  }

  /** Positions of the rows whose text contains the term, in order. */
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

  /** Of these positions (ascending), those whose row contains the term; compacted in place. */
  keepContaining(positions: Int32Array, term: string): Int32Array {
    const { text, starts } = this.prepareSearch();
    let kept = 0;
    // The next occurrence at or after the current row's start: a search that runs past a row
    // lands where a later row can use it, so the text is read about once whatever the rows.
    let at = -1;
    for (const position of positions) {
      if (at < starts[position]!) {
        at = text.indexOf(term, starts[position]!);
        if (at < 0) break;
      }
      // A term has no line break, so an occurrence before the next row's start is in this row.
      if (at < starts[position + 1]!) positions[kept++] = position;
    }
    return positions.subarray(0, kept);
  }

  private refresh(): void {
    if (!this.whole && this.stale.size === 0) return;
    const sorted = this.whole ? this.sortAll() : this.mergeStale();
    // Each row's part of the last joined text, through every merge since it was built.
    const last = this.search ? null : this.previous;
    const search = this.search ?? last?.search;
    if (search && !this.whole) {
      const was = new Int32Array(sorted.length);
      sorted.forEach((entry, row) => {
        const before = entry.was ?? -1;
        was[row] = last && before >= 0 ? last.was[before]! : before;
      });
      this.previous = { search, was };
    } else this.previous = null;
    this.order = sorted.map((entry) => entry.contact);
    this.keys = sorted.map((entry) => entry.key);
    this.orderIds = null;
    this.search = null;
    this.stale.clear();
    this.whole = false;
  }

  private sortAll(): Keyed[] {
    const keyed = Array.from(this.live.values(), (contact) => ({
      contact,
      key: this.keyOf(contact),
    }));
    return keyed.sort(compareKeyed);
  }

  /** The unchanged rows keep their order; the changed ones are sorted and merged in. */
  private mergeStale(): Keyed[] {
    const moved: Keyed[] = [];
    for (const id of this.stale) {
      const contact = this.live.get(id);
      if (contact) moved.push({ contact, key: this.keyOf(contact) });
    }
    moved.sort(compareKeyed);
    const merged: Keyed[] = [];
    let next = 0;
    this.order.forEach((contact, i) => {
      if (this.stale.has(contact.id)) return;
      const kept = { contact, key: this.keys[i]!, was: i };
      while (next < moved.length && compareKeyed(moved[next]!, kept) < 0)
        merged.push(moved[next++]!);
      merged.push(kept);
    });
    while (next < moved.length) merged.push(moved[next++]!);
    return merged;
  }
}

interface Keyed {
  contact: Contact;
  key: string | number;
  /** Its position before the merge, for a row that did not change. */
  was?: number;
}

function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.contact.id < b.contact.id ? -1 : 1;
}

interface SearchText {
  text: string;
  /** Where each row's text starts in `text`, and the end after the last. */
  starts: Int32Array;
}

function joinTexts(
  contacts: readonly Contact[],
  textOf: RowText,
  previous: { search: SearchText; was: Int32Array } | null,
): SearchText {
  const starts = new Int32Array(contacts.length + 1);
  const texts: string[] = [];
  let offset = 0;
  contacts.forEach((contact, row) => {
    const was = previous?.was[row] ?? -1;
    const text =
      was < 0 || !previous
        ? textOf(contact) + SEPARATOR
        : previous.search.text.slice(previous.search.starts[was], previous.search.starts[was + 1]);
    texts.push(text);
    starts[row] = offset;
    offset += text.length;
  });
  starts[contacts.length] = offset;
  return { text: texts.join(''), starts };
}
