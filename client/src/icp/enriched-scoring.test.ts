// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  emptyContactFields,
  type Contact,
  type ContactFields,
} from '../../../shared/documents/contact.ts';
import { emptyIcpCriteria, type IcpCriteria } from '../../../shared/documents/icp.ts';
import type { Enrichment } from '../../../shared/documents/server-written.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { ContactsIndex, withEnrichment } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { setDeviceClock } from '../data/device.ts';
import { saveIcpCriteria } from '../data/icp-profile.ts';
import { mirrorIntoIndex } from '../data/live-index.ts';
import { openTestDatabase } from '../test/database.ts';
import { startIcpScoring } from './live-scoring.ts';
import type { IcpScorer } from './scoring.ts';
import { SlotTable } from './slot-table.ts';

/** The worker's logic in this thread. */
function inThreadScorer(): IcpScorer & { rescores: number } {
  const table = new SlotTable();
  const scorer = {
    rescores: 0,
    sync: (upserts: Parameters<IcpScorer['sync']>[0], removed: readonly number[]) =>
      table.sync(upserts, removed),
    score: async (criteria: IcpCriteria) => {
      scorer.rescores++;
      return table.score(criteria);
    },
    preview: async (criteria: IcpCriteria, top: number) => table.preview(criteria, top),
    dispose: () => undefined,
  };
  return scorer;
}

const NOW = new Date(0).toISOString();
function contact(id: string, fields: Partial<ContactFields>): Contact {
  return {
    ...emptyContactFields(),
    email: `${id}@example.com`,
    ...fields,
    id,
    source: { kind: 'manual', importId: null, label: 'Test' },
    createdAt: NOW,
    updatedAt: NOW,
    mergedInto: null,
    clock: {},
  };
}
function enrichment(id: string, fields: Partial<Enrichment>): Enrichment {
  return {
    id,
    provider: 'explorium',
    title: null,
    seniority: null,
    companySize: null,
    industry: null,
    revenue: null,
    country: null,
    phone: null,
    matchedAt: NOW,
    ...fields,
  };
}

const profile: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 6 }],
  seniorities: [{ value: 'VP', weight: 4 }],
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

let wall = 1_000;
let db: OutpostDatabase;
let stops: (() => void)[] = [];
beforeEach(async () => {
  setDeviceClock(createHlcClock('test-device', () => wall++));
  db = await openTestDatabase();
});
afterEach(async () => {
  for (const stop of stops) stop();
  stops = [];
  await db.close();
});

describe('enrichment feeds the ICP score', () => {
  test('withEnrichment fills only the empty fields', () => {
    const own = contact('a', { industry: 'Retail', title: ' ' });
    expect(
      withEnrichment(
        own,
        enrichment('a', {
          industry: 'Software',
          title: 'VP Sales',
          country: 'Germany',
          revenue: '$1M',
        }),
      ),
    ).toEqual({
      title: 'VP Sales',
      seniority: '',
      companySize: '',
      industry: 'Retail',
      country: 'Germany',
    });
    expect(withEnrichment(own, undefined)).toBe(own);
  });

  test('replicated enrichments score contacts whose own fields are empty, at once and on rescore', async () => {
    await db.contacts.bulkInsert([
      contact('ann', {}),
      contact('bob', { industry: 'Retail' }),
      contact('cid', { industry: 'Software' }),
    ]);
    await db.enrichments.insert(enrichment('bob', { industry: 'Software', seniority: 'VP' }));
    const index = new ContactsIndex();
    stops.push(await mirrorIntoIndex(db, index));
    await saveIcpCriteria(db, profile);
    const scorer = inThreadScorer();
    stops.push(startIcpScoring(db, index, { scorer }));
    await until(() => index.score('ann') !== undefined);
    // bob's own industry wins over Explorium's; his empty seniority is filled.
    expect([index.score('ann'), index.score('bob'), index.score('cid')]).toEqual([0, 40, 60]);

    // An enrichment arriving later rescores its contact without a full rescore.
    const rescores = scorer.rescores;
    await db.enrichments.insert(
      enrichment('ann', { industry: 'software', title: 'Vice President Sales' }),
    );
    await until(() => index.score('ann') === 100);
    expect(scorer.rescores).toBe(rescores);

    // The worker's copy has it too: a full rescore (profile change) agrees.
    await saveIcpCriteria(db, { ...profile, seniorities: [{ value: 'VP', weight: 6 }] });
    await until(() => scorer.rescores > rescores && index.score('bob') === 50);
    expect(index.score('ann')).toBe(100);
    expect(index.enrichmentOf('ann')?.title).toBe('Vice President Sales');
  });
});
