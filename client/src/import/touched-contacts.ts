import type { TouchState } from './job-store.ts';

/** A contact id as shared/ids.ts makes them: `c_` and 128 bits in hex. */
const HEX_ID = /^c_[0-9a-f]{32}$/;
const STATES: readonly TouchState[] = ['created', 'updated', 'unchanged'];
const WORDS = 4;

/**
 * What the import did so far to each contact it met, by id. A million-row file meets up to a
 * million contacts; a Map of id strings holds ~90 bytes each, which is most of the worker's heap.
 * Here an id is its 128 bits in an open-addressing table (16 bytes, plus one for the state, at
 * most half full). Ids of another shape (none today) fall back to a Map.
 */
export class TouchedContacts {
  private keys = new Uint32Array(1024 * WORDS);
  /** 0: empty slot; otherwise the index in STATES plus one. */
  private states = new Uint8Array(1024);
  private used = 0;
  private readonly other = new Map<string, TouchState>();

  get size(): number {
    return this.used + this.other.size;
  }

  get(id: string): TouchState | undefined {
    const words = wordsOf(id);
    if (!words) return this.other.get(id);
    const state = this.states[this.slotOf(words)]!;
    return state === 0 ? undefined : STATES[state - 1];
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, state: TouchState): void {
    const words = wordsOf(id);
    if (!words) {
      this.other.set(id, state);
      return;
    }
    let slot = this.slotOf(words);
    if (this.states[slot] === 0) {
      if ((this.used + 1) * 2 > this.states.length) {
        this.grow();
        slot = this.slotOf(words);
      }
      this.keys.set(words, slot * WORDS);
      this.used++;
    }
    this.states[slot] = STATES.indexOf(state) + 1;
  }

  /** The slot holding these words, or the empty one where they would go. */
  private slotOf(words: Uint32Array): number {
    const mask = this.states.length - 1;
    // The words are a hash's bits already: the first one spreads the ids evenly.
    for (let slot = words[0]! & mask; ; slot = (slot + 1) & mask) {
      if (this.states[slot] === 0) return slot;
      const at = slot * WORDS;
      if (
        this.keys[at] === words[0] &&
        this.keys[at + 1] === words[1] &&
        this.keys[at + 2] === words[2] &&
        this.keys[at + 3] === words[3]
      )
        return slot;
    }
  }

  private grow(): void {
    const { keys, states } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.states = new Uint8Array(states.length * 2);
    for (let slot = 0; slot < states.length; slot++) {
      if (states[slot] === 0) continue;
      const words = keys.subarray(slot * WORDS, slot * WORDS + WORDS);
      const to = this.slotOf(words);
      this.keys.set(words, to * WORDS);
      this.states[to] = states[slot]!;
    }
  }
}

const scratch = new Uint32Array(WORDS);

/** The id's 128 bits (valid until the next call), or null for an id of another shape. */
function wordsOf(id: string): Uint32Array | null {
  if (!HEX_ID.test(id)) return null;
  for (let i = 0; i < WORDS; i++) scratch[i] = parseInt(id.slice(2 + i * 8, 10 + i * 8), 16);
  return scratch;
}
