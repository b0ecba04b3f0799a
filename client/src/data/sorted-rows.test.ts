import { describe, expect, test } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import { SortedRows } from './sorted-rows.ts';

function row(id: string, company: string): Contact {
  return {
    ...emptyContactFields(),
    id,
    email: `${id}@example.com`,
    company,
    source: { kind: 'manual', importId: null, label: 'test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
  };
}

const textOf = (c: Contact) => `${c.company.toLowerCase()}\u0001${c.id}`;

/** A deterministic pseudo-random sequence, so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const byCompany = (c: Contact) => c.company;

function expectedOrder(live: Map<string, Contact>): string[] {
  return [...live.values()]
    .toSorted((a, b) =>
      a.company !== b.company ? (a.company < b.company ? -1 : 1) : a.id < b.id ? -1 : 1,
    )
    .map((c) => c.id);
}

describe('SortedRows', () => {
  test('merging changed rows back in gives the order a full sort gives', () => {
    const next = random(7);
    const live = new Map<string, Contact>();
    for (let i = 0; i < 2_000; i++) {
      const id = `c_${i}`;
      live.set(id, row(id, `company ${Math.floor(next() * 300)}`));
    }
    const sorted = new SortedRows(live, byCompany, textOf);
    expect(sorted.ids).toEqual(expectedOrder(live));
    for (let round = 0; round < 30; round++) {
      // A few writes: edits that move rows, new contacts, deletions, some twice in a round.
      const touched: string[] = [];
      for (let k = 0; k < 1 + Math.floor(next() * 60); k++) {
        const id = `c_${Math.floor(next() * 2_300)}`;
        if (next() < 0.2) live.delete(id);
        else live.set(id, row(id, `company ${Math.floor(next() * 300)}`));
        touched.push(id);
      }
      sorted.invalidate(touched);
      expect(sorted.ids, `round ${round}`).toEqual(expectedOrder(live));
      expect(sorted.rows).toEqual(sorted.ids.map((id) => live.get(id)!));
    }
  });

  test('a new joined text folds only the contacts changed since the last, across merges', () => {
    const live = new Map<string, Contact>();
    for (let i = 0; i < 100; i++) live.set(`c_${i}`, row(`c_${i}`, `company ${i % 10}`));
    const folded: string[] = [];
    const sorted = new SortedRows(live, byCompany, (c) => {
      folded.push(c.id);
      return textOf(c);
    });
    expect(sorted.occurrences('company 3')).toHaveLength(10);
    folded.length = 0;
    live.set('c_3', row('c_3', 'Renamed'));
    sorted.invalidate(['c_3']);
    void sorted.ids; // a merge without a search
    live.set('c_13', row('c_13', 'company 4'));
    live.delete('c_23');
    sorted.invalidate(['c_13', 'c_23']);
    const at = (term: string) => [...sorted.occurrences(term)].map((p) => sorted.ids[p]);
    expect(at('company 3').toSorted()).toEqual([
      'c_33',
      'c_43',
      'c_53',
      'c_63',
      'c_73',
      'c_83',
      'c_93',
    ]);
    expect(at('renamed')).toEqual(['c_3']);
    expect(at('company 4')).toContain('c_13');
    expect(folded.toSorted()).toEqual(['c_13', 'c_3']);
  });

  test('finds a term in the rows that hold it, in order, never across two rows', () => {
    const live = new Map(
      [row('c_1', 'Ab'), row('c_2', 'Cd'), row('c_3', 'Abcd')].map((c) => [c.id, c]),
    );
    const sorted = new SortedRows(live, byCompany, textOf);
    const at = (term: string) => [...sorted.occurrences(term)].map((p) => sorted.ids[p]);
    expect(at('ab')).toEqual(['c_1', 'c_3']);
    expect(at('bc')).toEqual(['c_3']);
    expect(at('c_')).toEqual(['c_1', 'c_3', 'c_2']);
    // Single letters and digits come from the per-letter bits, the rest from the text.
    expect(at('a')).toEqual(['c_1', 'c_3']);
    expect(at('3')).toEqual(['c_3']);
    expect(at('\u0001')).toEqual(['c_1', 'c_3', 'c_2']);
    const within = (ids: string[], term: string) =>
      [
        ...sorted.keepContaining(
          Int32Array.from(ids, (id) => sorted.ids.indexOf(id)),
          term,
        ),
      ].map((p) => sorted.ids[p]);
    expect(within(['c_1', 'c_3'], 'cd')).toEqual(['c_3']); // c_1's text is followed by c_3's
    expect(within(['c_1', 'c_2'], 'cd')).toEqual(['c_2']);
    expect(within(['c_1', 'c_3', 'c_2'], 'zz')).toEqual([]);
    live.set('c_2', row('c_2', 'Abba'));
    sorted.invalidate(['c_2']);
    expect(at('ab')).toEqual(['c_1', 'c_2', 'c_3']);
  });
});
