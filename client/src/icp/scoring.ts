/**
 * Main-thread side of ICP scoring: keeps the worker's copy of the contacts up to date (by slot,
 * only what changed) and asks it for scores of a profile. Scores stay local and derived: they are
 * never written into the replicated contact documents.
 */
import * as Comlink from 'comlink';
import type { IcpCriteria, WeightedValue } from '../../../shared/documents/icp.ts';
import type { ScoringInput } from '../../../shared/icp/score.ts';
import { createScoreWorkerApi, type ScoreWorkerApi } from './score-worker-api.ts';
import { encodeUpserts, type SlotPreview, type SlotUpsert } from './slot-table.ts';

export type { ScoringInput, SlotPreview, SlotUpsert };
export { EMPTY_SLOT } from './slot-table.ts';

/** What the scorer needs of a worker; a test passes a fake over a MessageChannel. */
export type ScoreWorkerLike = Comlink.Endpoint & { terminate(): void };

export function spawnScoreWorker(): ScoreWorkerLike {
  if (typeof Worker === 'undefined') return inPageWorker();
  return new Worker(new URL('./score-worker.ts', import.meta.url), {
    type: 'module',
    name: 'icp-scoring',
  });
}

/** Where there is no Worker (unit tests in happy-dom): the same API on a channel in the page. */
function inPageWorker(): ScoreWorkerLike {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(createScoreWorkerApi(), port2);
  return Object.assign(port1, {
    terminate() {
      port1.close();
      port2.close();
    },
  });
}

export type IcpScorer = {
  /**
   * Contacts added or changed, and slots freed. Delivered before any later `score` or `preview`,
   * so those always see it.
   */
  sync(upserts: readonly SlotUpsert[], removedSlots: readonly number[]): void;
  /**
   * One score per slot under `criteria`, EMPTY_SLOT where no contact is. Latest wins: when a
   * newer call comes before this one is answered, this one rejects at once with an AbortError
   * (`isAbortError`), which callers just ignore; the worker only ever works on the newest.
   */
  score(criteria: IcpCriteria): Promise<Uint8Array>;
  /** Histogram and best slots under a draft profile; latest wins, apart from `score`. */
  preview(criteria: IcpCriteria, topCount: number): Promise<SlotPreview>;
  /** Stops the worker; pending calls reject with an AbortError. */
  dispose(): void;
};

export type IcpScorerOptions = {
  spawn?: () => ScoreWorkerLike;
  /** Every contact, by slot: refills a worker started after the previous one failed. */
  restore?: () => SlotUpsert[];
  /** Where a failed `sync` is reported (it has no caller waiting on it). */
  onError?: (error: unknown) => void;
};

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const aborted = (why: string) => new DOMException(why, 'AbortError');

type Connection = {
  worker: ScoreWorkerLike;
  remote: Comlink.Remote<ScoreWorkerApi>;
  /** Rejects when the worker fails or is stopped: it will never answer then. */
  lost: Promise<never>;
  fail: (reason: unknown) => void;
};

export function createIcpScorer(options: IcpScorerOptions = {}): IcpScorer {
  const { spawn = spawnScoreWorker, restore, onError = console.error } = options;
  let connection: Connection | null = null;
  let spawned = 0;
  let disposed = false;

  function connect(): Connection {
    if (connection) return connection;
    const worker = spawn();
    const remote = Comlink.wrap<ScoreWorkerApi>(worker);
    let fail!: (reason: unknown) => void;
    const lost = new Promise<never>((_, reject) => {
      fail = reject;
    });
    lost.catch(() => undefined); // nobody may be waiting when it fails
    const conn: Connection = { worker, remote, lost, fail };
    // A worker that fails to load or crashes never answers: fail what waits on it, and start a
    // fresh one (refilled by `restore`) on the next call.
    const onFailure = (event: Event) => {
      if (connection !== conn) return;
      connection = null;
      worker.terminate();
      const detail = 'message' in event && typeof event.message === 'string' ? event.message : '';
      fail(new Error(`The ICP scoring worker failed${detail ? `: ${detail}` : ''}`));
    };
    worker.addEventListener('error', onFailure);
    worker.addEventListener('messageerror', onFailure);
    connection = conn;
    if (spawned++ > 0 && restore) send(conn, restore(), []);
    return conn;
  }

  function send(conn: Connection, upserts: readonly SlotUpsert[], removed: readonly number[]) {
    const batch = encodeUpserts(upserts);
    const removedSlots = Int32Array.from(removed);
    const message = Comlink.transfer(batch, [batch.slots.buffer, batch.codes.buffer]);
    Promise.race([conn.remote.sync(message, removedSlots), conn.lost]).catch((error: unknown) => {
      // A lost worker is refilled from `restore` by its successor; anything else is a bug.
      if (connection === conn && !isAbortError(error)) onError(error);
    });
  }

  /** A call through the current worker that gives up when the worker is lost. */
  function call<R>(run: (remote: Comlink.Remote<ScoreWorkerApi>) => Promise<R>): Promise<R> {
    if (disposed) return Promise.reject(aborted('The ICP scorer is disposed'));
    const conn = connect();
    return Promise.race([run(conn.remote), conn.lost]);
  }

  const scores = latestWins((criteria: IcpCriteria) =>
    call((remote) => remote.score(plainCriteria(criteria))),
  );
  const previews = latestWins((criteria: IcpCriteria, topCount: number) =>
    call((remote) => remote.preview(plainCriteria(criteria), topCount)),
  );

  return {
    sync(upserts, removedSlots) {
      if (disposed || (upserts.length === 0 && removedSlots.length === 0)) return;
      send(connect(), upserts, removedSlots);
    },
    score: scores.call,
    preview: previews.call,
    dispose() {
      if (disposed) return;
      disposed = true;
      const reason = aborted('The ICP scorer is disposed');
      scores.abort(reason);
      previews.abort(reason);
      connection?.worker.terminate();
      connection?.fail(reason);
      connection = null;
    },
  };
}

type Job<A extends unknown[], R> = {
  args: A;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
};

/**
 * At most one request in flight; a newer call replaces the one waiting to be sent, and the
 * callers of both older ones are answered with an AbortError at once. So a burst of edits makes
 * the worker score two profiles (the one it was on and the newest), not every one in between.
 */
function latestWins<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  let inFlight = false;
  let current: Job<A, R> | null = null;
  let waiting: Job<A, R> | null = null;

  function pump() {
    if (inFlight || !waiting) return;
    const job = waiting;
    waiting = null;
    current = job;
    inFlight = true;
    const settle = (outcome: () => void) => {
      if (current === job) {
        current = null;
        outcome();
      }
    };
    let request: Promise<R>;
    try {
      request = run(...job.args);
    } catch (error) {
      request = Promise.reject(error);
    }
    request
      .then(
        (value) => settle(() => job.resolve(value)),
        (error: unknown) => settle(() => job.reject(error)),
      )
      .finally(() => {
        inFlight = false;
        pump();
      });
  }

  return {
    call(...args: A): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const replaced = aborted('A newer request replaced this one');
        current?.reject(replaced);
        current = null;
        waiting?.reject(replaced);
        waiting = { args, resolve, reject };
        pump();
      });
    },
    abort(reason: unknown) {
      current?.reject(reason);
      waiting?.reject(reason);
      current = null;
      waiting = null;
    },
  };
}

const values = (list: readonly WeightedValue[]) =>
  list.map((v) => ({ value: v.value, weight: v.weight }));

function plainCriteria(criteria: IcpCriteria): IcpCriteria {
  return {
    industries: values(criteria.industries),
    companySizes: criteria.companySizes.map((s) => ({ min: s.min, max: s.max, weight: s.weight })),
    countries: values(criteria.countries),
    titleKeywords: values(criteria.titleKeywords),
    seniorities: values(criteria.seniorities),
  };
}
