import { describe, expect, it } from 'vitest';
import { formatHlc } from './hlc.ts';
import { mergeDocuments, type MergeableDocument } from './merge.ts';

const stamp = (ms: number, node = 'devA', counter = 0) => formatHlc({ ms, counter, node });

interface Doc extends MergeableDocument {
  firstName: string;
  company: string;
  tags: string[];
  source: string;
  createdAt: string;
  updatedAt: string;
  clock: Record<string, string>;
}

const base: Doc = {
  id: 'c1',
  _deleted: false,
  firstName: 'Ada',
  company: 'Acme',
  tags: [],
  source: 'import',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  clock: { firstName: stamp(1), company: stamp(1), tags: stamp(1) },
};

function edit(doc: Doc, changes: Partial<Doc>, at: string, updatedAt: string): Doc {
  const stamped = Object.keys(changes).filter((k) => k in doc.clock);
  return {
    ...doc,
    ...changes,
    updatedAt,
    clock: { ...doc.clock, ...Object.fromEntries(stamped.map((k) => [k, at])) },
  };
}

describe('mergeDocuments', () => {
  it('keeps a field edited on one side only, from either side', () => {
    const a = edit(base, { firstName: 'Ada L.' }, stamp(10, 'devA'), '2026-01-02T00:00:00.000Z');
    const b = edit(base, { company: 'Globex' }, stamp(20, 'devB'), '2026-01-03T00:00:00.000Z');
    for (const merged of [mergeDocuments(a, b, base), mergeDocuments(b, a, base)]) {
      expect(merged.firstName).toBe('Ada L.');
      expect(merged.company).toBe('Globex');
      expect(merged.clock).toEqual({
        firstName: stamp(10, 'devA'),
        company: stamp(20, 'devB'),
        tags: stamp(1),
      });
      expect(merged.updatedAt).toBe('2026-01-03T00:00:00.000Z');
      expect(merged.createdAt).toBe(base.createdAt);
      expect(merged._deleted).toBe(false);
    }
  });

  it('takes the later stamp when both sides edit the same field, whatever the order', () => {
    const early = edit(base, { company: 'Early' }, stamp(50, 'devZ'), base.updatedAt);
    const late = edit(base, { company: 'Late' }, stamp(51, 'devA'), base.updatedAt);
    expect(mergeDocuments(early, late).company).toBe('Late');
    expect(mergeDocuments(late, early).company).toBe('Late');
  });

  it('breaks a same-millisecond tie by counter, then by device id', () => {
    const counter1 = edit(base, { company: 'One' }, stamp(7, 'devA', 1), base.updatedAt);
    const counter0 = edit(base, { company: 'Zero' }, stamp(7, 'devZ', 0), base.updatedAt);
    expect(mergeDocuments(counter1, counter0).company).toBe('One');
    expect(mergeDocuments(counter0, counter1).company).toBe('One');

    const nodeA = edit(base, { company: 'From A' }, stamp(7, 'devA'), base.updatedAt);
    const nodeB = edit(base, { company: 'From B' }, stamp(7, 'devB'), base.updatedAt);
    expect(mergeDocuments(nodeA, nodeB).company).toBe('From B');
    expect(mergeDocuments(nodeB, nodeA).company).toBe('From B');
  });

  it('picks the same value for equal stamps with different values on both sides', () => {
    const a = edit(base, { tags: ['x'] }, stamp(9), base.updatedAt);
    const b = edit(base, { tags: ['y'] }, stamp(9), base.updatedAt);
    expect(mergeDocuments(a, b).tags).toEqual(mergeDocuments(b, a).tags);
  });

  it('takes unstamped fields from the side with the latest edit', () => {
    const a = { ...edit(base, { firstName: 'A' }, stamp(30), base.updatedAt), source: 'manual' };
    const b = { ...edit(base, { company: 'B' }, stamp(40), base.updatedAt), source: 'sync' };
    expect(mergeDocuments(a, b).source).toBe('sync');
    expect(mergeDocuments(b, a).source).toBe('sync');
  });

  it('lets the side that changed the deletion flag since the ancestor win', () => {
    const edited = edit(base, { firstName: 'Edited' }, stamp(30), base.updatedAt);
    const deleted = { ...base, _deleted: true };
    const merged = mergeDocuments(edited, deleted, base);
    expect(merged._deleted).toBe(true);
    // The tombstone still carries the edit: nothing vanishes without a trace.
    expect(merged.firstName).toBe('Edited');

    const revived = edit({ ...base }, { firstName: 'Back' }, stamp(60), base.updatedAt);
    expect(mergeDocuments(revived, deleted, deleted)._deleted).toBe(false);
    expect(mergeDocuments(deleted, revived, deleted)._deleted).toBe(false);
    // Without an ancestor, deleted wins.
    expect(mergeDocuments(revived, deleted)._deleted).toBe(true);
  });

  it('merges documents without clocks (server-written) by the whole-document rule', () => {
    const a = { id: 'x', _deleted: false, state: 'pending', updatedAt: '2026-01-01' };
    const b = { id: 'x', _deleted: false, state: 'delivered', updatedAt: '2026-01-02' };
    const merged = mergeDocuments(a, b);
    expect(merged.updatedAt).toBe('2026-01-02');
    expect(merged).not.toHaveProperty('clock');
    expect(mergeDocuments(a, b)).toEqual(mergeDocuments(b, a));
  });

  it('refuses to merge two different documents', () => {
    expect(() => mergeDocuments(base, { ...base, id: 'c2' })).toThrow(/c1 with document c2/);
  });
});
