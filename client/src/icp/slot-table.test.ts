import { describe, expect, test } from 'vitest';
import { emptyIcpCriteria, type IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreOnly, type ScoringInput } from '../../../shared/icp/score.ts';
import { SlotMap } from './slot-map.ts';
import {
  decodeUpserts,
  EMPTY_SLOT,
  encodeUpserts,
  histogramOf,
  SlotTable,
  topSlots,
} from './slot-table.ts';

const input = (industry: string, title = ''): ScoringInput => ({
  title,
  seniority: '',
  country: '',
  industry,
  companySize: '',
});
const criteria: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 1 }],
  titleKeywords: [{ value: 'sales', weight: 1 }],
};

describe('SlotTable', () => {
  test('scores each slot as scoreOnly does, EMPTY_SLOT where no contact is', () => {
    const table = new SlotTable();
    const a = input('Software', 'Head of Sales');
    const b = input('Retail', 'VP Sales');
    table.sync(
      [
        [0, a],
        [3, b],
      ],
      [],
    );
    const compiled = compileIcp(criteria);
    expect([...table.score(criteria)]).toEqual([
      scoreOnly(compiled, a),
      EMPTY_SLOT,
      EMPTY_SLOT,
      scoreOnly(compiled, b),
    ]);
    expect([...table.score(criteria)]).toEqual([100, EMPTY_SLOT, EMPTY_SLOT, 50]);
  });

  test('sync replaces a changed slot and empties removed ones', () => {
    const table = new SlotTable();
    table.sync(
      [
        [0, input('Software')],
        [1, input('Software')],
      ],
      [],
    );
    table.sync([[1, input('Retail')]], [0, 7]);
    expect([...table.score(criteria)]).toEqual([EMPTY_SLOT, 0]);
    // A slot removed and reused in the same sync holds the new contact.
    table.sync([[0, input('Software')]], [0]);
    expect([...table.score(criteria)]).toEqual([50, 0]);
  });

  test('contacts sharing all scoring fields are one combination, freed with the last of them', () => {
    const table = new SlotTable();
    table.sync(
      [
        [0, input('Software', 'VP Sales')],
        [1, input('Software', 'VP Sales')],
        [2, input('Retail')],
      ],
      [],
    );
    expect(table.combinations).toBe(2);
    table.sync([[1, input('Retail')]], [2]);
    expect(table.combinations).toBe(2);
    table.sync([], [0]);
    expect(table.combinations).toBe(1);
    table.sync([[5, input('Media', 'Sales')]], []);
    expect(table.combinations).toBe(2);
    expect([...table.score(criteria)]).toEqual([
      EMPTY_SLOT,
      0,
      EMPTY_SLOT,
      EMPTY_SLOT,
      EMPTY_SLOT,
      50,
    ]);
    expect(table.length).toBe(6);
  });

  test('refuses a slot that is not a natural number', () => {
    expect(() => new SlotTable().sync([[-1, input('x')]], [])).toThrow(RangeError);
    expect(() => new SlotTable().sync([[1.5, input('x')]], [])).toThrow(RangeError);
  });

  test('preview: histogram without the empty slots, and the best slots', () => {
    const table = new SlotTable();
    table.sync(
      [
        [0, input('Retail')],
        [1, input('Software', 'Sales')],
        [2, input('Software')],
        [4, input('Retail', 'sales rep')],
      ],
      [],
    );
    const preview = table.preview(criteria, 2);
    expect(preview.histogram).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(preview.top).toEqual([
      { slot: 1, score: 100 },
      { slot: 2, score: 50 },
    ]);
  });
});

describe('encodeUpserts', () => {
  test('round-trips, with each distinct text once, and ignores fields scoring does not read', () => {
    const upserts = [
      [4, { ...input('Software', 'VP Sales'), notes: 'not sent' }],
      [0, input('Software', 'VP Sales')],
      [
        9,
        {
          title: 'é',
          seniority: 'VP',
          country: 'Deutschland',
          industry: '',
          companySize: '51-200',
        },
      ],
    ] as const;
    const batch = encodeUpserts(upserts);
    expect(batch.words).toEqual(['VP Sales', '', 'Software', 'é', 'VP', 'Deutschland', '51-200']);
    expect([...batch.slots]).toEqual([4, 0, 9]);
    expect(batch.codes).toBeInstanceOf(Uint32Array);
    expect(decodeUpserts(structuredClone(batch))).toEqual([
      [4, input('Software', 'VP Sales')],
      [0, input('Software', 'VP Sales')],
      upserts[2],
    ]);
    expect(decodeUpserts(encodeUpserts([]))).toEqual([]);
  });
});

describe('histogramOf', () => {
  test('ten buckets, 100 in the last, empty slots skipped', () => {
    const scores = Uint8Array.from([0, 9, 10, 69, 70, 99, 100, EMPTY_SLOT]);
    expect(histogramOf(scores)).toEqual([2, 1, 0, 0, 0, 0, 1, 1, 0, 2]);
  });
});

describe('topSlots', () => {
  test('highest first, ties by slot, zeros and empty slots left out', () => {
    const scores = Uint8Array.from([50, 0, 80, EMPTY_SLOT, 50, 80, 50, 0]);
    expect(topSlots(scores, 4)).toEqual([
      { slot: 2, score: 80 },
      { slot: 5, score: 80 },
      { slot: 0, score: 50 },
      { slot: 4, score: 50 },
    ]);
    expect(topSlots(scores, 100).map((t) => t.slot)).toEqual([2, 5, 0, 4, 6]);
    expect(topSlots(scores, 0)).toEqual([]);
    expect(topSlots(Uint8Array.from([0, 0, EMPTY_SLOT]), 10)).toEqual([]);
  });

  test('agrees with a full sort on random scores', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const scores = Uint8Array.from({ length: 5_000 }, () =>
      random() < 0.05 ? EMPTY_SLOT : Math.floor(random() * 101),
    );
    const sorted = [...scores]
      .map((score, slot) => ({ slot, score }))
      .filter((t) => t.score !== EMPTY_SLOT && t.score > 0)
      .sort((a, b) => b.score - a.score || a.slot - b.slot);
    for (const count of [1, 10, 37, 5_000]) {
      expect(topSlots(scores, count)).toEqual(sorted.slice(0, count));
    }
  });
});

describe('SlotMap', () => {
  test('a contact keeps its slot; freed slots are handed out again', () => {
    const slots = new SlotMap();
    expect(['a', 'b', 'c'].map((id) => slots.assign(id))).toEqual([0, 1, 2]);
    expect(slots.assign('b')).toBe(1);
    expect(slots.release('b')).toBe(1);
    expect(slots.release('b')).toBeUndefined();
    expect(slots.idAt(1)).toBeUndefined();
    expect(slots.assign('d')).toBe(1);
    expect(slots.assign('e')).toBe(3);
    expect(slots.idAt(1)).toBe('d');
    expect(slots.slotOf('a')).toBe(0);
    expect(slots.size).toBe(4);
    expect([...slots.entries()].toSorted((x, y) => x[1] - y[1])).toEqual([
      ['a', 0],
      ['d', 1],
      ['c', 2],
      ['e', 3],
    ]);
  });
});
