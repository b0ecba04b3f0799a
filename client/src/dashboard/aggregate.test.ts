import { describe, expect, test } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import {
  bucketLabel,
  recentImports,
  scoreBucket,
  summarizeCampaigns,
  summarizeContacts,
  topImports,
} from './aggregate.ts';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function contact(id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    ...emptyContactFields(),
    id,
    source: { kind: 'manual', importId: null, label: 'Added by hand' },
    createdAt: daysAgo(30),
    updatedAt: daysAgo(30),
    mergedInto: null,
    clock: {},
    ...overrides,
  };
}

function imported(id: string, importId: string, label: string, createdAt: string): Contact {
  return contact(id, { source: { kind: 'import', importId, label }, createdAt });
}

describe('summarizeContacts', () => {
  test('counts totals, new this week and sources in one pass', () => {
    const contacts = [
      contact('a', { createdAt: daysAgo(1) }),
      contact('b', { createdAt: daysAgo(6.9) }),
      contact('c', { createdAt: daysAgo(8) }),
      contact('d', { source: { kind: 'sync', importId: null, label: '' } }),
      imported('e', 'imp1', 'Apollo export', daysAgo(2)),
    ];
    const summary = summarizeContacts(contacts, () => undefined, NOW);
    expect(summary.total).toBe(5);
    expect(summary.newThisWeek).toBe(3);
    expect(summary.bySource).toEqual({ manual: 3, import: 1, sync: 1 });
  });

  test('puts scores in ten buckets, 100 in the last, and counts the unscored apart', () => {
    const scores = new Map([
      ['a', 0],
      ['b', 9],
      ['c', 10],
      ['d', 55],
      ['e', 90],
      ['f', 100],
    ]);
    const contacts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => contact(id));
    const summary = summarizeContacts(contacts, (id) => scores.get(id), NOW);
    expect(summary.scoreBuckets).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(summary.unscored).toBe(2);
    expect(scoreBucket(99.5)).toBe(9);
    expect(bucketLabel(0)).toBe('0-9');
    expect(bucketLabel(9)).toBe('90-100');
  });

  test('groups import batches by import id, with the newest contact as their date', () => {
    const contacts = [
      imported('a', 'imp1', 'Apollo', daysAgo(10)),
      imported('b', 'imp1', 'Apollo', daysAgo(9)),
      imported('c', 'imp2', 'HubSpot', daysAgo(3)),
      // Same label, other batch: still two batches.
      imported('d', 'imp3', 'Apollo', daysAgo(1)),
    ];
    const { imports } = summarizeContacts(contacts, () => undefined, NOW);
    expect(imports).toEqual([
      { importId: 'imp1', label: 'Apollo', count: 2, newestAt: daysAgo(9) },
      { importId: 'imp3', label: 'Apollo', count: 1, newestAt: daysAgo(1) },
      { importId: 'imp2', label: 'HubSpot', count: 1, newestAt: daysAgo(3) },
    ]);
    expect(recentImports(imports).map((b) => b.importId)).toEqual(['imp3', 'imp2', 'imp1']);
  });

  test('keeps the 8 biggest imports by name and sums the rest as "Other"', () => {
    const contacts: Contact[] = [];
    for (let batch = 0; batch < 11; batch++) {
      for (let i = 0; i <= batch; i++) {
        contacts.push(imported(`c${batch}-${i}`, `imp${batch}`, `Batch ${batch}`, daysAgo(batch)));
      }
    }
    const { imports } = summarizeContacts(contacts, () => undefined, NOW);
    const slices = topImports(imports);
    expect(slices).toHaveLength(9);
    expect(slices[0]).toEqual({ label: 'Batch 10', value: 11 });
    expect(slices[8]).toEqual({ label: 'Other (3 imports)', value: 1 + 2 + 3, other: true });
    expect(recentImports(imports)).toHaveLength(5);
    expect(recentImports(imports)[0]?.label).toBe('Batch 0');
  });

  test('stays one quick pass at 100,000 contacts', () => {
    const contacts = Array.from({ length: 100_000 }, (_, i) =>
      imported(`c${i}`, `imp${i % 20}`, `Batch ${i % 20}`, daysAgo(i % 14)),
    );
    const started = performance.now();
    const summary = summarizeContacts(contacts, (id) => id.length * 7, NOW);
    const elapsed = performance.now() - started;
    expect(summary.total).toBe(100_000);
    expect(summary.imports).toHaveLength(20);
    // Generous bound for a loaded CI machine; locally it is a few milliseconds.
    expect(elapsed).toBeLessThan(500);
  });
});

describe('summarizeCampaigns', () => {
  const campaigns = [
    { id: 'spring', name: 'Spring', archived: false },
    { id: 'summer', name: 'Summer', archived: false },
    { id: 'old', name: 'Old', archived: true },
  ];

  test('counts enrollments of live contacts per active campaign, most enrolled first', () => {
    const enrollments = [
      { campaignId: 'spring', contactId: 'a' },
      { campaignId: 'summer', contactId: 'a' },
      { campaignId: 'summer', contactId: 'b' },
      { campaignId: 'summer', contactId: 'deleted' },
      { campaignId: 'old', contactId: 'c' },
    ];
    const live = new Set(['a', 'b', 'c']);
    const summary = summarizeCampaigns(campaigns, enrollments, (id) => live.has(id));
    expect(summary.perCampaign).toEqual([
      { id: 'summer', name: 'Summer', count: 2 },
      { id: 'spring', name: 'Spring', count: 1 },
    ]);
    // a (twice) and b: c is only in an archived campaign, "deleted" no longer exists.
    expect(summary.inCampaigns).toBe(2);
  });

  test('an active campaign without enrollments is listed with 0', () => {
    const summary = summarizeCampaigns(campaigns, [], () => true);
    expect(summary.perCampaign.map((c) => c.count)).toEqual([0, 0]);
    expect(summary.inCampaigns).toBe(0);
  });
});
