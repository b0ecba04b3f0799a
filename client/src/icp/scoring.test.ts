import * as Comlink from 'comlink';
import { afterEach, describe, expect, test } from 'vitest';
import { emptyIcpCriteria, type IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreOnly, type ScoringInput } from '../../../shared/icp/score.ts';
import { scoreWorkerApi } from './score-worker.ts';
import { createIcpScorer, isAbortError, type IcpScorer } from './scoring.ts';

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

/** A worker API whose calls finish only when the test says so. */
function gatedApi() {
  const calls: { criteria: IcpCriteria; contacts: ScoringInput[]; finish: () => void }[] = [];
  const api = {
    score(criteria: IcpCriteria, contacts: ScoringInput[]) {
      return new Promise<Uint8Array>((resolve) => {
        calls.push({
          criteria,
          contacts,
          finish: () => resolve(scoreWorkerApi.score(criteria, contacts)),
        });
      });
    },
  };
  return { api, calls };
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
const contacts = [
  contact('Software', 'USA'),
  contact('software ', 'France'),
  contact('Retail', 'United States'),
  contact('Retail', 'Japan'),
];

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

let scorer: IcpScorer | null = null;
afterEach(() => {
  scorer?.dispose();
  scorer = null;
});

describe('createIcpScorer', () => {
  test('scores every contact in the worker, in order', async () => {
    const workers: ChannelWorker[] = [];
    scorer = createIcpScorer(() => {
      const w = channelWorker(scoreWorkerApi);
      workers.push(w);
      return w;
    });
    const scores = await scorer.rescoreAll(criteria, contacts);
    expect(scores).toBeInstanceOf(Uint8Array);
    expect([...scores]).toEqual([100, 75, 25, 0]);
    const compiled = compileIcp(criteria);
    expect([...scores]).toEqual(contacts.map((c) => scoreOnly(compiled, c)));
    expect([...(await scorer.rescoreAll(onlySoftware, contacts))]).toEqual([100, 100, 0, 0]);
    expect(workers).toHaveLength(1);
  });

  test('sends only the fields scoring reads, as plain data', async () => {
    const { api, calls } = gatedApi();
    scorer = createIcpScorer(() => channelWorker(api));
    const full = contacts.map((c, i) => ({
      ...c,
      id: `c${i}`,
      notes: 'x'.repeat(1000),
      tags: ['a'],
    }));
    const frozen = Object.freeze({
      ...criteria,
      industries: Object.freeze([...criteria.industries]),
    });
    const result = scorer.rescoreAll(frozen as IcpCriteria, full);
    await until(() => calls.length === 1);
    expect(Object.keys(calls[0]?.contacts[0] ?? {}).toSorted()).toEqual([
      'companySize',
      'country',
      'industry',
      'seniority',
      'title',
    ]);
    expect(calls[0]?.criteria).toEqual(criteria);
    calls[0]?.finish();
    expect([...(await result)]).toEqual([100, 75, 25, 0]);
  });

  test('latest wins: an older rescore is discarded when a newer one starts', async () => {
    const { api, calls } = gatedApi();
    scorer = createIcpScorer(() => channelWorker(api));
    const older = scorer.rescoreAll(criteria, contacts);
    const olderOutcome = older.then(
      () => 'resolved',
      (error: unknown) => (isAbortError(error) ? 'aborted' : error),
    );
    await until(() => calls.length === 1);
    const newer = scorer.rescoreAll(onlySoftware, contacts);
    // Discarded at once, even before the worker answers it.
    expect(await olderOutcome).toBe('aborted');
    await until(() => calls.length === 2);
    calls[0]?.finish(); // the older answer arrives late and is ignored
    calls[1]?.finish();
    expect([...(await newer)]).toEqual([100, 100, 0, 0]);
  });

  test('many quick rescores: only the last one resolves', async () => {
    scorer = createIcpScorer(() => channelWorker(scoreWorkerApi));
    const runs = [criteria, onlySoftware, criteria, onlySoftware].map((c) =>
      scorer?.rescoreAll(c, contacts).then(
        (scores) => [...scores],
        (error: unknown) => (isAbortError(error) ? 'aborted' : error),
      ),
    );
    expect(await Promise.all(runs)).toEqual(['aborted', 'aborted', 'aborted', [100, 100, 0, 0]]);
  });

  test('dispose stops the worker and aborts the pending and later rescores', async () => {
    const { api, calls } = gatedApi();
    const worker = channelWorker(api);
    scorer = createIcpScorer(() => worker);
    const pending = scorer.rescoreAll(criteria, contacts);
    await until(() => calls.length === 1);
    scorer.dispose();
    await expect(pending).rejects.toSatisfy(isAbortError);
    expect(worker.terminated).toBe(true);
    await expect(scorer.rescoreAll(criteria, contacts)).rejects.toSatisfy(isAbortError);
  });

  test('a failed worker fails the pending rescore, and the next one gets a fresh worker', async () => {
    const { api, calls } = gatedApi();
    const workers: ChannelWorker[] = [];
    scorer = createIcpScorer(() => {
      const w = channelWorker(workers.length === 0 ? api : scoreWorkerApi);
      workers.push(w);
      return w;
    });
    const pending = scorer.rescoreAll(criteria, contacts);
    await until(() => calls.length === 1);
    workers[0]?.crash('boom');
    await expect(pending).rejects.toThrow('The ICP scoring worker failed: boom');
    expect(workers[0]?.terminated).toBe(true);
    expect([...(await scorer.rescoreAll(criteria, contacts))]).toEqual([100, 75, 25, 0]);
    expect(workers).toHaveLength(2);
  });
});
