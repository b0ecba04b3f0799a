/**
 * Keeps every contact's ICP score in the contacts index, for the page's lifetime.
 *
 * - The scoring worker holds a copy of each contact's scoring fields by slot (slot-map.ts); it is
 *   filled once and then follows the index's change deltas.
 * - A saved profile change (this tab, another tab, another device) rescores everything in the
 *   worker and replaces all scores at once.
 * - A contact's scoring input is its own fields, with Explorium's enrichment filling the empty
 *   ones (ContactsIndex.scoringInput); a new enrichment counts as a change of its contact.
 * - A contact added or edited is scored right here with the compiled saved profile (a few
 *   microseconds each), so its score never waits for, or lags behind, a full rescore.
 * - The profile with nothing configured gives no scores at all: contacts are "not scored", not 0.
 *
 * Errors are logged, never thrown: scoring must not take a page down with it.
 */
import {
  DEFAULT_ICP_ID,
  emptyIcpCriteria,
  type IcpCriteria,
} from '../../../shared/documents/icp.ts';
import { compileIcp, scoreOnly, type CompiledIcp } from '../../../shared/icp/score.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { nextTask } from '../data/next-task.ts';
import { SlotMap } from './slot-map.ts';
import {
  createIcpScorer,
  EMPTY_SLOT,
  isAbortError,
  type IcpScorer,
  type SlotUpsert,
} from './scoring.ts';

export type IcpPreview = {
  /** Contacts per score bucket: [0] is 0-9, ..., [9] is 90-100. */
  histogram: number[];
  /** The best matches, highest score first; contacts scoring 0 are left out. */
  top: { id: string; score: number }[];
};

export type IcpScoringOptions = {
  /** Tests pass a fake; by default a worker is started (and stopped with the returned function). */
  scorer?: IcpScorer;
  report?: (error: unknown) => void;
  /** Contacts sent to the worker per task while filling it. */
  loadChunk?: number;
};

/** About 10-20 ms of main-thread work per chunk on a slow laptop. */
const LOAD_CHUNK = 5_000;

type Session = { preview(criteria: IcpCriteria, topCount: number): Promise<IcpPreview> };
let active: Session | null = null;

/**
 * Scores of all contacts under a draft profile, from the worker, without touching the index.
 * Latest wins: an older preview still waiting rejects with an AbortError (`isAbortError`).
 */
export function previewScores(criteria: IcpCriteria, topCount = 10): Promise<IcpPreview> {
  if (!active) return Promise.reject(new Error('ICP scoring has not started'));
  return active.preview(criteria, topCount);
}

const logError = (error: unknown) => console.error('ICP scoring:', error);

export function startIcpScoring(
  db: OutpostDatabase,
  contacts: ContactsIndex,
  options: IcpScoringOptions = {},
): () => void {
  const report = options.report ?? logError;
  const loadChunk = options.loadChunk ?? LOAD_CHUNK;
  const slots = new SlotMap();
  /** Every contact, by slot, as the worker should hold them. */
  const everything = (): SlotUpsert[] => {
    const out: SlotUpsert[] = [];
    for (const [id, slot] of slots.entries()) {
      const contact = contacts.get(id);
      if (contact) out.push([slot, contacts.scoringInput(contact)]);
    }
    return out;
  };
  const scorer = options.scorer ?? createIcpScorer({ restore: everything, onError: report });
  let stopped = false;
  /** The saved profile, compiled; null until it is first read. */
  let saved: { json: string; criteria: IcpCriteria; compiled: CompiledIcp } | null = null;
  let generation = 0;
  /** While a full rescore is out: contacts scored here since, whose scores its answer predates. */
  let scoredSince: Map<string, number> | null = null;

  const loaded = fillWorker();
  loaded.catch(report);

  /**
   * Every contact into the worker, a chunk per task so the page stays responsive while 100,000
   * are sent. Changes meanwhile are sent by the listener below; a contact it has already given
   * a slot (changed, or removed and added back) or that is gone is skipped here.
   */
  async function fillWorker(): Promise<void> {
    const started = performance.now();
    const snapshot = [...contacts.contacts()];
    for (let start = 0; start < snapshot.length; start += loadChunk) {
      if (stopped) return;
      const upserts: SlotUpsert[] = [];
      for (const { id } of snapshot.slice(start, start + loadChunk)) {
        const current = contacts.get(id);
        if (current && slots.slotOf(id) === undefined) {
          upserts.push([slots.assign(id), contacts.scoringInput(current)]);
        }
      }
      scorer.sync(upserts, []);
      await nextTask();
    }
    performance.measure('icp-load', { start: started, detail: { contacts: snapshot.length } });
  }

  const stopChanges = contacts.subscribeChanges((changed, removedIds) => {
    try {
      const removedSlots: number[] = [];
      for (const id of removedIds) {
        const slot = slots.release(id);
        if (slot !== undefined) removedSlots.push(slot);
        scoredSince?.delete(id);
      }
      scorer.sync(
        changed.map((contact) => [slots.assign(contact.id), contacts.scoringInput(contact)]),
        removedSlots,
      );
      const compiled = saved?.compiled;
      if (!compiled || compiled.total <= 0 || changed.length === 0) return;
      const entries = changed.map(
        (contact) => [contact.id, scoreOnly(compiled, contacts.scoringInput(contact))] as const,
      );
      for (const [id, score] of entries) scoredSince?.set(id, score);
      contacts.setScores(entries, false);
    } catch (error) {
      report(error);
    }
  });

  /**
   * The worker's scores by id, then the contacts scored here since it was asked (later entries
   * win). One reused pair instead of 100,000 small arrays: setScores reads each at once.
   */
  function* entriesOf(scores: Uint8Array, overrides: ReadonlyMap<string, number> | null) {
    const pair: [string, number] = ['', 0];
    for (let slot = 0; slot < scores.length; slot++) {
      const score = scores[slot] ?? EMPTY_SLOT;
      const id = score === EMPTY_SLOT ? undefined : slots.idAt(slot);
      if (id === undefined) continue;
      pair[0] = id;
      pair[1] = score;
      yield pair;
    }
    if (overrides) yield* overrides;
  }

  /** Last resort when the worker cannot answer: score everything here. */
  function scoreHere(compiled: CompiledIcp) {
    const entries: [string, number][] = [];
    for (const contact of contacts.contacts())
      entries.push([contact.id, scoreOnly(compiled, contacts.scoringInput(contact))]);
    contacts.setScores(entries, true);
  }

  function rescoreAll(criteria: IcpCriteria) {
    const json = JSON.stringify(criteria);
    if (saved?.json === json) return;
    const compiled = compileIcp(criteria);
    saved = { json, criteria, compiled };
    const run = ++generation;
    if (compiled.total <= 0) {
      scoredSince = null;
      contacts.setScores([], true);
      return;
    }
    scoredSince = new Map();
    const started = performance.now();
    // A rescore of a half-filled worker would leave the rest unscored: wait for the fill.
    const scored = loaded.then(() => {
      if (stopped || run !== generation) throw new DOMException('Superseded', 'AbortError');
      return scorer.score(criteria);
    });
    scored.then(
      (scores) => {
        if (stopped || run !== generation) return;
        const overrides = scoredSince;
        scoredSince = null;
        const answered = performance.now();
        contacts.setScores(entriesOf(scores, overrides), true);
        // In the browser's performance timeline (DevTools, benchmarks): the whole rescore, and
        // the part of it on this thread.
        performance.measure('icp-rescore', { start: started, detail: { slots: scores.length } });
        performance.measure('icp-rescore-apply', { start: answered });
      },
      (error: unknown) => {
        if (stopped || run !== generation || isAbortError(error)) return;
        scoredSince = null;
        report(error);
        scoreHere(compiled);
      },
    );
  }

  const profile = db.icp_profiles.findOne(DEFAULT_ICP_ID).$.subscribe({
    next: (doc) => {
      try {
        if (!stopped) rescoreAll(doc ? doc.toMutableJSON().criteria : emptyIcpCriteria());
      } catch (error) {
        report(error);
      }
    },
    error: report,
  });

  const session: Session = {
    async preview(criteria, topCount) {
      await loaded;
      const started = performance.now();
      const result = await scorer.preview(criteria, topCount);
      performance.measure('icp-preview', { start: started });
      const top: IcpPreview['top'] = [];
      for (const { slot, score } of result.top) {
        const id = slots.idAt(slot);
        if (id !== undefined) top.push({ id, score });
      }
      return { histogram: result.histogram, top };
    },
  };
  active = session;

  return () => {
    stopped = true;
    stopChanges();
    profile.unsubscribe();
    if (!options.scorer) scorer.dispose();
    if (active === session) active = null;
  };
}
