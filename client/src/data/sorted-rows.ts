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
  private search: { text: string; starts: Int32Array } | null = null;
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

  /** The joined texts, built once per change of the rows. */
  prepareSearch(): { text: string; starts: Int32Array } {
    this.refresh();
    return (this.search ??= joinTexts(this.order, this.textOf));
  }

  /** Whether the row at this position has the term in its text. */
  contains(position: number, term: string): boolean {
    const { text, starts } = this.prepareSearch();
    // Bounded to the row (an unbounded indexOf would run on through the rows after it).
    return text.slice(starts[position]!, starts[position + 1]!).includes(term);
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

  private refresh(): void {
    if (!this.whole && this.stale.size === 0) return;
    const sorted = this.whole ? this.sortAll() : this.mergeStale();
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
      const kept = { contact, key: this.keys[i]! };
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
}

function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.contact.id < b.contact.id ? -1 : 1;
}

function joinTexts(
  contacts: readonly Contact[],
  textOf: RowText,
): { text: string; starts: Int32Array } {
  const starts = new Int32Array(contacts.length + 1);
  const texts: string[] = [];
  let offset = 0;
  contacts.forEach((contact, i) => {
    const text = textOf(contact) + SEPARATOR;
    texts.push(text);
    starts[i] = offset;
    offset += text.length;
  });
  starts[contacts.length] = offset;
  return { text: texts.join(''), starts };
}
