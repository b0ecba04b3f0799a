import { describe, expect, test } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import { ContactsIndex, EMPTY_QUERY, fold, type ContactQuery } from './contacts-index.ts';

const FIRST = ['Anna', 'Ann', 'Annette', 'Zoë', 'Björn', 'Léa', 'Noah'];
const LAST = ['Lee', 'Müller', 'Lamb', 'Nguyen', 'Long'];
const COUNTRIES = ['France', 'Germany', 'Japan'];

function contacts(n: number): Contact[] {
  return Array.from({ length: n }, (_, i) => ({
    ...emptyContactFields(),
    id: `c_${String(i).padStart(5, '0')}`,
    email: `p${i}@example.com`,
    firstName: FIRST[i % FIRST.length]!,
    lastName: LAST[(i * 7) % LAST.length]!,
    company: i % 3 ? 'Acme' : 'Globex',
    country: COUNTRIES[i % COUNTRIES.length]!,
    source: { kind: 'manual', importId: null, label: 'test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
  }));
}

/** The obvious answer, to check the index's cached, incremental one against. */
function bruteForce(all: Contact[], query: ContactQuery): Set<string> {
  const terms = fold(query.search).split(/\s+/).filter(Boolean);
  return new Set(
    all
      .filter((c) => {
        const text = fold([c.firstName, c.lastName, c.email, c.company, c.title].join(' '));
        const countries = query.filters.countries;
        return (
          terms.every((t) => text.includes(t)) && (!countries || countries.includes(c.country))
        );
      })
      .map((c) => c.id),
  );
}

test('fold lowercases and strips accents, on plain ASCII text and beyond it', () => {
  expect(fold('ACME Corp')).toBe('acme corp');
  expect(fold('Émile ZOLA')).toBe('emile zola');
  expect(fold('Zoë Müller\u0001Łukasz')).toBe('zoe muller\u0001łukasz');
});

describe('ContactsIndex.query', () => {
  test('typing letter by letter, spaces and backspaces gives exactly the matching contacts', () => {
    const all = contacts(2_000);
    const index = new ContactsIndex();
    index.applyContacts(all);
    const filters = { countries: ['Germany'] };
    for (const search of [
      'a',
      'an',
      'ann',
      'ann ',
      'ann l',
      'ann le',
      'ann l',
      'an',
      'MULL',
      'mül',
      'zoe',
      '',
    ]) {
      for (const f of [{}, filters]) {
        const query = { ...EMPTY_QUERY, search, filters: f };
        // Exactly the matching contacts, in the order of the unsearched list.
        const wanted = bruteForce(all, query);
        const inOrder = index.query({ ...EMPTY_QUERY, filters: f }).filter((id) => wanted.has(id));
        expect(index.query(query), JSON.stringify(query)).toEqual(inOrder);
      }
    }
  });

  test('a search never matches across two contacts, nor misses text after a line break', () => {
    const all = contacts(3).map((c, i) => ({
      ...c,
      firstName: ['Ab', 'Cd', 'Ef'][i]!,
      lastName: '',
      email: null,
      company: '',
      title: i === 1 ? 'Head of\nSales' : '',
    }));
    const index = new ContactsIndex();
    index.applyContacts(all);
    const search = (text: string) => index.query({ ...EMPTY_QUERY, search: text });
    expect(search('bc')).toEqual([]); // "Ab" then "Cd": only adjacent in the joined text
    expect(search('sales')).toEqual([all[1]!.id]);
    expect(search('of sales')).toEqual([all[1]!.id]);
    expect(search('cd ab')).toEqual([]);
  });

  test('results follow the sort, both directions, and see changes made since the last query', () => {
    const all = contacts(50);
    const index = new ContactsIndex();
    index.applyContacts(all);
    const byName = { ...EMPTY_QUERY, sort: { key: 'name' as const, direction: 'asc' as const } };
    const ids = index.query(byName);
    const names = ids.map((id) => fold(`${index.get(id)!.lastName} ${index.get(id)!.firstName}`));
    expect(names).toEqual(names.toSorted());
    expect(index.query({ ...byName, sort: { key: 'name', direction: 'desc' } })).toEqual(
      ids.toReversed(),
    );

    const search = { ...EMPTY_QUERY, search: 'zzz' };
    expect(index.query(search)).toEqual([]);
    index.applyContacts([{ ...all[0]!, firstName: 'Zzzed' }]);
    expect(index.query(search)).toEqual([all[0]!.id]);
    index.applyContacts([], [all[0]!.id]);
    expect(index.query(search)).toEqual([]);
  });

  test('a score range matches scored contacts in it, never unscored ones', () => {
    const all = contacts(6);
    const index = new ContactsIndex();
    index.applyContacts(all);
    index.setScores(
      [
        [all[0]!.id, 0],
        [all[1]!.id, 40],
        [all[2]!.id, 90],
      ],
      true,
    );
    const ids = (scoreMin?: number, scoreMax?: number) =>
      new Set(index.query({ ...EMPTY_QUERY, filters: { scoreMin, scoreMax } }));
    expect(ids(0, 50)).toEqual(new Set([all[0]!.id, all[1]!.id]));
    expect(ids(50)).toEqual(new Set([all[2]!.id]));
    expect(ids(undefined, 100).size).toBe(3);
    expect(new Set(index.query(EMPTY_QUERY)).size).toBe(6);
  });
});
