import { setTimeout as sleep } from 'node:timers/promises';

export interface RateLimit {
  /** Requests allowed in any window of `windowMs` (the provider's published limit). */
  max: number;
  windowMs: number;
}

/**
 * Client-side rate limiter, one per connector and credential. The providers count requests in a
 * *rolling* window (HubSpot "ten_secondly_rolling", Explorium "sliding window"), so a classic
 * token bucket refilled at max/window would let up to 2x max through in one window and earn
 * 429s; this keeps the send times of the last `max` requests (a token per slot, handed back
 * `windowMs` after use) and never sends the (max+1)th before the oldest leaves the window. A small
 * margin absorbs network jitter between our send and the provider's arrival time.
 *
 * `blockUntil` is the shared gate a Retry-After or an exhausted rate-limit header closes: no
 * request of this lane leaves before it.
 */
export class SlidingWindowLimiter {
  readonly limit: RateLimit;
  readonly #sent: number[] = [];
  readonly #now: () => number;
  readonly #marginMs: number;
  #blockedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, options: { now?: () => number; marginMs?: number } = {}) {
    this.limit = limit;
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.marginMs ?? Math.min(500, Math.ceil(limit.windowMs * 0.03));
  }

  /** No request before `until` (epoch ms); a later gate wins over an earlier one. */
  blockUntil(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
  }

  get blockedUntil(): number {
    return this.#blockedUntil;
  }

  /** Requests sent in the current window, as far as this process knows. */
  inWindow(): number {
    const cutoff = this.#now() - this.limit.windowMs - this.#marginMs;
    while (this.#sent.length > 0 && this.#sent[0]! <= cutoff) this.#sent.shift();
    return this.#sent.length;
  }

  /** Resolves when one request may be sent; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    // A cancelled waiter must not block the ones behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      const gate = this.#blockedUntil - now;
      const full = this.inWindow() >= this.limit.max;
      const slot = full ? this.#sent[0]! + this.limit.windowMs + this.#marginMs - now : 0;
      const wait = Math.max(gate, slot);
      if (wait <= 0) {
        this.#sent.push(now);
        return;
      }
      await sleep(wait, undefined, { signal });
    }
  }
}
