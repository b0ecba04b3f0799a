// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  emptyContactFields,
  type Contact,
  type ContactFields,
} from '../../../shared/documents/contact.ts';
import { emptyIcpCriteria, type IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreOnly } from '../../../shared/icp/score.ts';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { ContactsIndex } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { setDeviceClock } from '../data/device.ts';
import { saveIcpCriteria } from '../data/icp-profile.ts';
import { openTestDatabase } from '../test/database.ts';
import { previewScores, startIcpScoring } from './live-scoring.ts';
import type { IcpScorer } from './scoring.ts';
import { SlotTable } from './slot-table.ts';

/** The worker's logic in this thread; `hold()` makes rescores wait until `release()`. */
function fakeScorer() {
  const table = new SlotTable();
  let held: (() => void)[] | null = null;
  const scorer: IcpScorer & { hold(): void; release(): void; failNext: boolean; rescores: number } =
    {
      failNext: false,
      rescores: 0,
      sync: (upserts, removed) => table.sync(upserts, removed),
      score(criteria) {
        scorer.rescores++;
        if (scorer.failNext) {
          scorer.failNext = false;
          return Promise.reject(new Error('worker down'));
        }
        // Scored when asked, as the worker would: later syncs are not in the answer.
        const scores = table.score(criteria);
        if (!held) return Promise.resolve(scores);
        const queue = held;
        return new Promise((resolve) => queue.push(() => resolve(scores)));
      },
      preview: async (criteria, topCount) => table.preview(criteria, topCount),
      dispose: () => undefined,
      hold() {
        held = [];
      },
      release() {
        const queue = held ?? [];
        held = null;
        for (const go of queue) go();
      },
    };
  return scorer;
}

let wall = 1_000;
let db: OutpostDatabase;
let stop: (() => void) | null = null;
beforeEach(async () => {
  setDeviceClock(createHlcClock('test-device', () => wall++));
  db = await openTestDatabase();
});
afterEach(async () => {
  stop?.();
  stop = null;
  await db.close();
});

function contact(id: string, fields: Partial<ContactFields>): Contact {
  return {
    ...emptyContactFields(),
    email: `${id}@example.com`,
    ...fields,
    id,
    source: { kind: 'manual', importId: null, label: 'Test' },
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    mergedInto: null,
    clock: {},
  };
}

const software: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 6 }],
  seniorities: [{ value: 'VP', weight: 4 }],
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const scoresOf = (index: ContactsIndex) =>
  Object.fromEntries([...index.contacts()].map((c) => [c.id, index.score(c.id)]));

function seeded() {
  const index = new ContactsIndex();
  index.applyContacts([
    contact('ann', { industry: 'Software', title: 'VP Sales' }),
    contact('bob', { industry: 'software', seniority: 'Manager' }),
    contact('cid', { industry: 'Retail', title: 'Vice President Marketing' }),
  ]);
  return index;
}

describe('startIcpScoring', () => {
  test('no profile, no scores; a saved profile rescores everyone', async () => {
    const index = seeded();
    const scorer = fakeScorer();
    stop = startIcpScoring(db, index, { scorer });
    await new Promise((r) => setTimeout(r, 50));
    expect(scoresOf(index)).toEqual({ ann: undefined, bob: undefined, cid: undefined });

    expect(await saveIcpCriteria(db, software)).toEqual({ ok: true });
    await until(() => index.score('ann') !== undefined);
    expect(scoresOf(index)).toEqual({ ann: 100, bob: 60, cid: 40 });
    const compiled = compileIcp(software);
    for (const c of index.contacts()) expect(index.score(c.id)).toBe(scoreOnly(compiled, c));

    // Emptied again: the scores go.
    await saveIcpCriteria(db, emptyIcpCriteria());
    await until(() => index.score('ann') === undefined);
    expect(scoresOf(index)).toEqual({ ann: undefined, bob: undefined, cid: undefined });
  });

  test('a contact added or edited is scored at once, on this thread', async () => {
    const index = seeded();
    const scorer = fakeScorer();
    await saveIcpCriteria(db, software);
    stop = startIcpScoring(db, index, { scorer });
    await until(() => index.score('ann') === 100);
    const rescores = scorer.rescores;

    index.applyContacts([contact('dee', { industry: 'Software', seniority: 'VP' })]);
    expect(index.score('dee')).toBe(100);
    index.applyContacts([contact('ann', { industry: 'Retail', title: 'VP Sales' })]);
    expect(index.score('ann')).toBe(40);
    expect(scorer.rescores).toBe(rescores);

    // The worker's copy followed: a preview sees the new and edited contacts.
    const preview = await previewScores(software, 10);
    expect(preview.top).toEqual([
      { id: 'dee', score: 100 },
      { id: 'bob', score: 60 },
      { id: 'ann', score: 40 },
      { id: 'cid', score: 40 },
    ]);
  });

  test('edits made while a rescore runs keep their fresh score when it lands', async () => {
    const index = seeded();
    const scorer = fakeScorer();
    stop = startIcpScoring(db, index, { scorer });
    scorer.hold();
    await saveIcpCriteria(db, software);
    await until(() => scorer.rescores === 1);
    // Edited, added and deleted while the worker works on the old copy.
    index.applyContacts([contact('bob', { industry: 'Retail' })]);
    index.applyContacts([contact('eve', { industry: 'Software' })]);
    index.applyContacts([], ['cid']);
    scorer.release();
    await until(() => index.score('ann') !== undefined);
    expect(scoresOf(index)).toEqual({ ann: 100, bob: 0, eve: 60 });
  });

  test('contacts changed or removed while the worker is being filled are not sent stale', async () => {
    const index = seeded();
    const scorer = fakeScorer();
    stop = startIcpScoring(db, index, { scorer, loadChunk: 1 });
    // Only the first contact has been sent yet.
    index.applyContacts([contact('cid', { industry: 'Software', seniority: 'VP' })], ['bob']);
    index.applyContacts([contact('bob', { industry: 'Software' })]);
    index.applyContacts([], ['ann']);
    const preview = await previewScores(software, 10);
    expect(preview.top).toEqual([
      { id: 'cid', score: 100 },
      { id: 'bob', score: 60 },
    ]);
    expect(preview.histogram.reduce((a, b) => a + b)).toBe(2);
  });

  test('previews score a draft without touching the scores of the index', async () => {
    const index = seeded();
    stop = startIcpScoring(db, index, { scorer: fakeScorer() });
    const draft = { ...emptyIcpCriteria(), seniorities: [{ value: 'VP', weight: 1 }] };
    const preview = await previewScores(draft, 1);
    expect(preview.histogram).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(preview.top).toEqual([{ id: 'ann', score: 100 }]);
    expect(index.score('ann')).toBeUndefined();
  });

  test('when the worker fails, everyone is scored here and the error is reported', async () => {
    const index = seeded();
    const scorer = fakeScorer();
    const errors: unknown[] = [];
    scorer.failNext = true;
    stop = startIcpScoring(db, index, { scorer, report: (e) => errors.push(e) });
    await saveIcpCriteria(db, software);
    await until(() => index.score('ann') !== undefined);
    expect(scoresOf(index)).toEqual({ ann: 100, bob: 60, cid: 40 });
    expect(String(errors[0])).toContain('worker down');
  });

  test('stopped: no preview, no more scoring', async () => {
    const index = seeded();
    stop = startIcpScoring(db, index, { scorer: fakeScorer() });
    stop();
    stop = null;
    await expect(previewScores(software)).rejects.toThrow('ICP scoring has not started');
    await saveIcpCriteria(db, software);
    index.applyContacts([contact('dee', { industry: 'Software' })]);
    await new Promise((r) => setTimeout(r, 50));
    expect(index.score('dee')).toBeUndefined();
  });
});
