/**
 * The scoring worker's copy of the contacts, by slot: the main thread gives each contact a small
 * stable number (slot-map.ts) and sends only what changed, so an ICP edit costs one message with
 * the profile instead of 100,000 contacts. Plain code with no worker in it, so it is tested as is.
 */
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreOnly, type ScoringInput } from '../../../shared/icp/score.ts';

/** The score of a slot that holds no contact (scores are 0-100). */
export const EMPTY_SLOT = 255;
/** Histogram buckets: 0-9, 10-19, ..., 90-100. */
export const BUCKETS = 10;

/** [slot, the contact's scoring fields]: one contact added or changed. */
export type SlotUpsert = readonly [slot: number, input: ScoringInput];

/**
 * Upserts as they cross to the worker: each distinct text once, and five codes per contact
 * (title, seniority, country, industry, company size). Cloning 100,000 small objects for
 * postMessage blocks the main thread for hundreds of milliseconds; this clones in about one.
 */
export type SlotBatch = { slots: Int32Array; words: string[]; codes: Uint32Array };

const FIELDS = ['title', 'seniority', 'country', 'industry', 'companySize'] as const;

export function encodeUpserts(upserts: readonly SlotUpsert[]): SlotBatch {
  const slots = new Int32Array(upserts.length);
  const codes = new Uint32Array(upserts.length * FIELDS.length);
  const words: string[] = [];
  const known = new Map<string, number>();
  upserts.forEach(([slot, input], i) => {
    slots[i] = slot;
    FIELDS.forEach((field, f) => {
      const word = input[field];
      let code = known.get(word);
      if (code === undefined) {
        code = words.push(word) - 1;
        known.set(word, code);
      }
      codes[i * FIELDS.length + f] = code;
    });
  });
  return { slots, words, codes };
}

export function decodeUpserts({ slots, words, codes }: SlotBatch): SlotUpsert[] {
  const word = (i: number, f: number) => words[codes[i * FIELDS.length + f] ?? 0] ?? '';
  return Array.from(slots, (slot, i) => [
    slot,
    {
      title: word(i, 0),
      seniority: word(i, 1),
      country: word(i, 2),
      industry: word(i, 3),
      companySize: word(i, 4),
    },
  ]);
}

export type SlotPreview = {
  /** Contacts per score bucket: [0] is 0-9, ..., [9] is 90-100 (empty slots left out). */
  histogram: number[];
  /** The best-scoring slots, highest score first, ties by slot; scores of 0 left out. */
  top: { slot: number; score: number }[];
};

/**
 * Contacts are stored as their distinct combination of scoring fields: exports repeat a handful
 * of industries, countries, sizes and often titles, so 100,000 contacts may be a few thousand
 * combinations, each scored once per profile (with the shared scoreOnly, the one definition).
 */
export class SlotTable {
  /** Slot -> combination id; -1 for an empty slot. */
  private comboOf: number[] = [];
  private combos: (ScoringInput | undefined)[] = [];
  private refs: number[] = [];
  private comboIds = new Map<string, number>();
  private freeCombos: number[] = [];

  /** Number of slots ever used (occupied or not): the length of a score array. */
  get length(): number {
    return this.comboOf.length;
  }

  /** Distinct combinations of scoring fields held now. */
  get combinations(): number {
    return this.comboIds.size;
  }

  sync(upserts: readonly SlotUpsert[], removedSlots: readonly number[]): void {
    for (const slot of removedSlots) this.empty(slot);
    for (const [slot, input] of upserts) {
      if (!Number.isInteger(slot) || slot < 0) throw new RangeError(`bad slot ${slot}`);
      this.empty(slot);
      for (let s = this.comboOf.length; s < slot; s++) this.comboOf[s] = -1;
      this.comboOf[slot] = this.intern(input);
    }
  }

  /** One score per slot, EMPTY_SLOT where no contact is. */
  score(criteria: IcpCriteria): Uint8Array {
    const compiled = compileIcp(criteria);
    const perCombo = new Uint8Array(this.combos.length);
    for (let c = 0; c < this.combos.length; c++) {
      const input = this.combos[c];
      if (input) perCombo[c] = scoreOnly(compiled, input);
    }
    const scores = new Uint8Array(this.comboOf.length);
    for (let slot = 0; slot < this.comboOf.length; slot++) {
      const combo = this.comboOf[slot] ?? -1;
      scores[slot] = combo < 0 ? EMPTY_SLOT : (perCombo[combo] ?? 0);
    }
    return scores;
  }

  /** What the ICP page shows of a draft profile, without sending every score across. */
  preview(criteria: IcpCriteria, topCount: number): SlotPreview {
    const scores = this.score(criteria);
    return { histogram: histogramOf(scores), top: topSlots(scores, topCount) };
  }

  private intern(input: ScoringInput): number {
    const key = comboKey(input);
    let combo = this.comboIds.get(key);
    if (combo === undefined) {
      combo = this.freeCombos.pop() ?? this.combos.length;
      this.comboIds.set(key, combo);
      // Only the fields scoring reads, whatever else the caller's object carries.
      const { title, seniority, country, industry, companySize } = input;
      this.combos[combo] = { title, seniority, country, industry, companySize };
      this.refs[combo] = 0;
    }
    this.refs[combo] = (this.refs[combo] ?? 0) + 1;
    return combo;
  }

  private empty(slot: number): void {
    const combo = this.comboOf[slot] ?? -1;
    if (combo < 0) return;
    this.comboOf[slot] = -1;
    const left = (this.refs[combo] ?? 1) - 1;
    this.refs[combo] = left;
    if (left > 0) return;
    this.comboIds.delete(comboKey(this.combos[combo] as ScoringInput));
    this.combos[combo] = undefined;
    this.freeCombos.push(combo);
  }
}

function comboKey(c: ScoringInput): string {
  return `${c.title}\u0000${c.seniority}\u0000${c.country}\u0000${c.industry}\u0000${c.companySize}`;
}

export function histogramOf(scores: Uint8Array): number[] {
  const counts = Array.from({ length: BUCKETS }, () => 0);
  for (const score of scores) {
    if (score === EMPTY_SLOT) continue;
    const bucket = Math.min(BUCKETS - 1, Math.floor(score / 10));
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

/**
 * The `count` highest-scoring slots (score above 0), highest first, ties by slot, in two linear
 * passes: counting finds the lowest score that makes the cut, then the slots are collected.
 */
export function topSlots(scores: Uint8Array, count: number): { slot: number; score: number }[] {
  if (count <= 0) return [];
  const perScore = new Uint32Array(101);
  for (const score of scores) if (score <= 100) perScore[score] = (perScore[score] ?? 0) + 1;
  let cut = 100;
  let taken = 0;
  for (; cut > 0; cut--) {
    taken += perScore[cut] ?? 0;
    if (taken >= count) break;
  }
  if (cut === 0) cut = 1;
  // Of the slots at exactly `cut`, only as many as are still needed, the lowest slots first.
  let roomAtCut = count - (taken - (perScore[cut] ?? 0));
  const top: { slot: number; score: number }[] = [];
  for (let slot = 0; slot < scores.length; slot++) {
    const score = scores[slot] ?? EMPTY_SLOT;
    if (score === EMPTY_SLOT || score < cut) continue;
    if (score === cut) {
      if (roomAtCut <= 0) continue;
      roomAtCut--;
    }
    top.push({ slot, score });
  }
  return top.sort((a, b) => b.score - a.score || a.slot - b.slot);
}
