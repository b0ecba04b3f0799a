import { describe, expect, test } from 'vitest';
import { contactIdForEmail, randomId } from '../../../shared/ids.ts';
import type { TouchState } from './job-store.ts';
import { TouchedContacts } from './touched-contacts.ts';

const STATES: TouchState[] = ['created', 'updated', 'unchanged'];

describe('TouchedContacts', () => {
  test('answers like a Map through growth, overwrites and ids of another shape', () => {
    const touched = new TouchedContacts();
    const expected = new Map<string, TouchState>();
    const ids = Array.from({ length: 5_000 }, (_, i) => contactIdForEmail(`p${i}@example.com`));
    ids.push('legacy-id', 'c_NOT-HEX', randomId('c'));
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 20_000; step++) {
      const id = ids[next(ids.length)]!;
      const state = STATES[next(3)]!;
      touched.set(id, state);
      expected.set(id, state);
    }
    expect(touched.size).toBe(expected.size);
    for (const id of ids) {
      expect(touched.get(id), id).toBe(expected.get(id));
      expect(touched.has(id)).toBe(expected.has(id));
    }
    expect(touched.get(contactIdForEmail('never@example.com'))).toBeUndefined();
  });

  test('tells apart ids that share their first 32 bits', () => {
    const touched = new TouchedContacts();
    const a = `c_${'0'.repeat(8)}${'1'.repeat(24)}`;
    const b = `c_${'0'.repeat(8)}${'2'.repeat(24)}`;
    touched.set(a, 'created');
    expect(touched.get(b)).toBeUndefined();
    touched.set(b, 'updated');
    expect([touched.get(a), touched.get(b), touched.size]).toEqual(['created', 'updated', 2]);
  });
});
