/**
 * Main-thread side of ICP rescoring: sends the profile and the contacts' scoring fields to
 * score-worker.ts and gets one byte per contact back. Scores stay local and derived: they are
 * never written into the replicated contact documents.
 */
import * as Comlink from 'comlink';
import type { IcpCriteria, WeightedValue } from '../../../shared/documents/icp.ts';
import type { ScoringInput } from '../../../shared/icp/score.ts';
import type { ScoreWorkerApi } from './score-worker.ts';

export type { ScoringInput };

/** What the scorer needs of a worker; a test passes a fake over a MessageChannel. */
export type ScoreWorkerLike = Comlink.Endpoint & { terminate(): void };

export function spawnScoreWorker(): ScoreWorkerLike {
  return new Worker(new URL('./score-worker.ts', import.meta.url), { type: 'module' });
}

export type IcpScorer = {
  /**
   * Scores of `contacts`, in their order. Latest wins: when a newer call starts before this one
   * finishes, this one rejects with an AbortError (`isAbortError`), which callers just ignore.
   */
  rescoreAll(criteria: IcpCriteria, contacts: readonly ScoringInput[]): Promise<Uint8Array>;
  /** Stops the worker; a pending rescore rejects with an AbortError. */
  dispose(): void;
};

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

type Connection = { worker: ScoreWorkerLike; remote: Comlink.Remote<ScoreWorkerApi> };

export function createIcpScorer(spawn: () => ScoreWorkerLike = spawnScoreWorker): IcpScorer {
  let connection: Connection | null = connect();
  let latest = 0;
  let pending: { id: number; reject: (reason: unknown) => void } | null = null;
  let disposed = false;

  function connect(): Connection {
    const worker = spawn();
    const remote = Comlink.wrap<ScoreWorkerApi>(worker);
    const conn = { worker, remote };
    // A worker that fails to load or crashes never answers: fail the pending call instead of
    // leaving it hanging, and start a fresh worker on the next call.
    const onError = (event: Event) => {
      if (connection !== conn) return;
      connection = null;
      worker.terminate();
      const detail = 'message' in event && typeof event.message === 'string' ? event.message : '';
      pending?.reject(new Error(`The ICP scoring worker failed${detail ? `: ${detail}` : ''}`));
    };
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onError);
    return conn;
  }

  return {
    async rescoreAll(criteria, contacts) {
      if (disposed) throw new DOMException('The ICP scorer is disposed', 'AbortError');
      const id = ++latest;
      pending?.reject(new DOMException('A newer rescore replaced this one', 'AbortError'));
      const abandoned = new Promise<never>((_, reject) => {
        pending = { id, reject };
      });
      try {
        connection ??= connect();
        // Only the fields scoring reads cross to the worker: cheaper to clone than whole
        // contacts, and plain data even when the caller holds database documents.
        const inputs = contacts.map(scoringFields);
        return await Promise.race([connection.remote.score(plain(criteria), inputs), abandoned]);
      } finally {
        if (pending?.id === id) pending = null;
      }
    },
    dispose() {
      disposed = true;
      pending?.reject(new DOMException('The ICP scorer is disposed', 'AbortError'));
      connection?.worker.terminate();
      connection = null;
    },
  };
}

function scoringFields(c: ScoringInput): ScoringInput {
  return {
    title: c.title,
    seniority: c.seniority,
    country: c.country,
    industry: c.industry,
    companySize: c.companySize,
  };
}

const values = (list: readonly WeightedValue[]) =>
  list.map((v) => ({ value: v.value, weight: v.weight }));

function plain(criteria: IcpCriteria): IcpCriteria {
  return {
    industries: values(criteria.industries),
    companySizes: criteria.companySizes.map((s) => ({ min: s.min, max: s.max, weight: s.weight })),
    countries: values(criteria.countries),
    titleKeywords: values(criteria.titleKeywords),
    seniorities: values(criteria.seniorities),
  };
}
