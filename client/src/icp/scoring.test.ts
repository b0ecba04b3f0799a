import * as Comlink from 'comlink';
import { afterEach, describe, expect, test } from 'vitest';
import { emptyIcpCriteria, type IcpCriteria } from '../../../shared/documents/icp.ts';
import { createScoreWorkerApi, type ScoreWorkerApi } from './score-worker-api.ts';
import { decodeUpserts } from './slot-table.ts';
import {
  createIcpScorer,
  EMPTY_SLOT,
  isAbortError,
  spawnScoreWorker,
  type IcpScorer,
  type ScoringInput,
  type SlotUpsert,
} from './scoring.ts';

/** happy-dom has no Worker: the API is exposed on one end of a MessageChannel in this thread. */
function channelWorker(api: object) {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port2);
  const events = new EventTarget();
  const target = (type: string) => (type === 'message' ? port1 : events);
  const worker = {
    terminated: false,
    postMessage: (message: unknown, transfer: Transferable[] = []) => {
      port1.postMessage(message, transfer);
    },
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      target(type).addEventListener(type, listener);
    },
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      target(type).removeEventListener(type, listener);
    },
    start: () => port1.start(),
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
    /** What a worker does when its script fails to load or throws at the top level. */
    crash(message: string) {
      events.dispatchEvent(Object.assign(new Event('error'), { message }));
    },
  };
  return worker;
}
type ChannelWorker = ReturnType<typeof channelWorker>;

/** The real worker API, but `score` answers only when the test says so; `sync` is recorded. */
function gatedApi() {
  const real = createScoreWorkerApi();
  const scores: { criteria: IcpCriteria; finish: () => void }[] = [];
  const syncs: { upserts: SlotUpsert[]; removed: number[]; words: string[] }[] = [];
  const api: ScoreWorkerApi = {
    sync(batch, removed) {
      syncs.push({ upserts: decodeUpserts(batch), removed: [...removed], words: batch.words });
      real.sync(batch, removed);
    },
    score(criteria) {
      return new Promise<Uint8Array>((resolve) => {
        scores.push({ criteria, finish: () => resolve(real.score(criteria)) });
      }) as unknown as Uint8Array;
    },
    preview: (criteria, topCount) => real.preview(criteria, topCount),
  };
  return { api, scores, syncs };
}

const criteria: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 3 }],
  countries: [{ value: 'United States', weight: 1 }],
};
const onlySoftware: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 1 }],
};

const contact = (industry: string, country: string): ScoringInput => ({
  title: '',
  seniority: '',
  country,
  industry,
  companySize: '',
});
const contacts: SlotUpsert[] = [
  [0, contact('Software', 'USA')],
  [1, contact('software ', 'France')],
  [2, contact('Retail', 'United States')],
  [3, contact('Retail', 'Japan')],
];

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const outcome = (promise: Promise<Uint8Array>) =>
  promise.then(
    (scores) => [...scores],
    (error: unknown) => (isAbortError(error) ? 'aborted' : error),
  );

let scorer: IcpScorer | null = null;
afterEach(() => {
  scorer?.dispose();
  scorer = null;
});

describe('createIcpScorer', () => {
  test('keeps the contacts in the worker and scores them by slot', async () => {
    const workers: ChannelWorker[] = [];
    scorer = createIcpScorer({
      spawn: () => {
        const w = channelWorker(createScoreWorkerApi());
        workers.push(w);
        return w;
      },
    });
    scorer.sync(contacts, []);
    const scores = await scorer.score(criteria);
    expect(scores).toBeInstanceOf(Uint8Array);
    expect([...scores]).toEqual([100, 75, 25, 0]);

    // Slot 1 leaves, slot 5 arrives (4 stays empty), slot 3 changes.
    scorer.sync(
      [
        [5, contact('Software', 'Japan')],
        [3, contact('Software', 'US')],
      ],
      [1],
    );
    expect([...(await scorer.score(criteria))]).toEqual([100, EMPTY_SLOT, 25, 100, EMPTY_SLOT, 75]);
    expect([...(await scorer.score(onlySoftware))]).toEqual([
      100,
      EMPTY_SLOT,
      0,
      100,
      EMPTY_SLOT,
      100,
    ]);
    expect(workers).toHaveLength(1);
  });

  test('sends only the fields scoring reads, and the criteria, as plain data', async () => {
    const { api, scores, syncs } = gatedApi();
    scorer = createIcpScorer({ spawn: () => channelWorker(api) });
    const full = contacts.map(
      ([slot, c]) => [slot, { ...c, id: `c${slot}`, notes: 'x'.repeat(1000) }] as const,
    );
    scorer.sync(full, []);
    const frozen = Object.freeze({
      ...criteria,
      industries: Object.freeze([...criteria.industries]),
    });
    const result = scorer.score(frozen as IcpCriteria);
    await until(() => scores.length === 1);
    expect(Object.keys(syncs[0]?.upserts[0]?.[1] ?? {}).toSorted()).toEqual([
      'companySize',
      'country',
      'industry',
      'seniority',
      'title',
    ]);
    expect(syncs[0]?.upserts).toEqual(contacts);
    // Each distinct text crosses once: '', Software, USA, software , France, Retail, ...
    expect(syncs[0]?.words.toSorted()).toEqual(
      ['', 'France', 'Japan', 'Retail', 'Software', 'USA', 'United States', 'software '].toSorted(),
    );
    expect(scores[0]?.criteria).toEqual(criteria);
    scores[0]?.finish();
    expect([...(await result)]).toEqual([100, 75, 25, 0]);
  });

  test('latest wins: older calls are aborted at once and the worker only gets the newest', async () => {
    const { api, scores } = gatedApi();
    scorer = createIcpScorer({ spawn: () => channelWorker(api) });
    scorer.sync(contacts, []);
    const first = outcome(scorer.score(criteria));
    await until(() => scores.length === 1);
    const second = outcome(scorer.score(criteria));
    const third = outcome(scorer.score(onlySoftware));
    // Both older callers hear at once, before the worker answers anything.
    expect(await first).toBe('aborted');
    expect(await second).toBe('aborted');
    // The one in flight finishes (and is dropped); then only the newest is sent.
    scores[0]?.finish();
    await until(() => scores.length === 2);
    expect(scores[1]?.criteria).toEqual(onlySoftware);
    scores[1]?.finish();
    expect(await third).toEqual([100, 100, 0, 0]);
    expect(scores).toHaveLength(2);
  });

  test('a preview neither waits for nor aborts a rescore', async () => {
    const { api, scores } = gatedApi();
    scorer = createIcpScorer({ spawn: () => channelWorker(api) });
    scorer.sync(contacts, []);
    const rescore = outcome(scorer.score(criteria));
    await until(() => scores.length === 1);
    const preview = await scorer.preview(onlySoftware, 10);
    expect(preview.histogram).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(preview.top).toEqual([
      { slot: 0, score: 100 },
      { slot: 1, score: 100 },
    ]);
    scores[0]?.finish();
    expect(await rescore).toEqual([100, 75, 25, 0]);
  });

  test('dispose stops the worker and aborts the pending and later calls', async () => {
    const { api, scores } = gatedApi();
    const worker = channelWorker(api);
    scorer = createIcpScorer({ spawn: () => worker });
    const pending = scorer.score(criteria);
    await until(() => scores.length === 1);
    scorer.dispose();
    await expect(pending).rejects.toSatisfy(isAbortError);
    expect(worker.terminated).toBe(true);
    await expect(scorer.score(criteria)).rejects.toSatisfy(isAbortError);
    await expect(scorer.preview(criteria, 3)).rejects.toSatisfy(isAbortError);
  });

  test('a failed worker fails the pending call; its successor is refilled from restore', async () => {
    const { api, scores } = gatedApi();
    const workers: ChannelWorker[] = [];
    let restored = 0;
    scorer = createIcpScorer({
      spawn: () => {
        const w = channelWorker(workers.length === 0 ? api : createScoreWorkerApi());
        workers.push(w);
        return w;
      },
      restore: () => {
        restored++;
        return contacts;
      },
    });
    scorer.sync(contacts, []);
    const pending = scorer.score(criteria);
    await until(() => scores.length === 1);
    workers[0]?.crash('boom');
    await expect(pending).rejects.toThrow('The ICP scoring worker failed: boom');
    expect(workers[0]?.terminated).toBe(true);
    expect(restored).toBe(0);
    expect([...(await scorer.score(criteria))]).toEqual([100, 75, 25, 0]);
    expect(workers).toHaveLength(2);
    expect(restored).toBe(1);
  });

  test('without Worker support (here, happy-dom) the same API runs in the page', async () => {
    expect(typeof Worker).toBe('undefined');
    scorer = createIcpScorer({ spawn: spawnScoreWorker });
    scorer.sync(contacts, []);
    expect([...(await scorer.score(criteria))]).toEqual([100, 75, 25, 0]);
  });
});
