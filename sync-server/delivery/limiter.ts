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
 * 429s; this keeps a slot per request of the last window and never sends the (max+1)th before
 * the oldest leaves the window.
 *
 * A slot is held from the send until `windowMs` after the answer. The provider counted the
 * request at some moment in between, which we cannot see: the send time is too early (the
 * request may sit behind a busy event loop or a slow network before it leaves), the answer is
 * never too early. So no guessed margin, and no 429 from a late arrival; the price is one
 * round trip per slot and window (a 300 ms answer costs 3% of a 10 s window).
 *
 * `blockUntil` is the shared gate a Retry-After or an exhausted rate-limit header closes: no
 * request of this lane leaves before it.
 */
export class SlidingWindowLimiter {
  readonly limit: RateLimit;
  /** The slots held: each frees at `until`, Infinity while its request awaits its answer. */
  #slots: { until: number }[] = [];
  readonly #now: () => number;
  #blockedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, options: { now?: () => number } = {}) {
    this.limit = limit;
    this.#now = options.now ?? Date.now;
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
    const now = this.#now();
    this.#slots = this.#slots.filter((slot) => slot.until > now);
    return this.#slots.length;
  }

  /** How long until the next request may leave (0: now). */
  waitMs(): number {
    const now = this.#now();
    const gate = this.#blockedUntil - now;
    const full = this.inWindow() >= this.limit.max;
    const slot = full ? Math.min(...this.#slots.map((s) => s.until)) - now : 0;
    return Math.max(0, gate, slot);
  }

  /**
   * Resolves when one request may be sent, with the function to call once its answer (or its
   * failure) is in; callers are served in order.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    // A cancelled waiter must not block the ones behind it.
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitMs();
      if (wait <= 0) break;
      // Answered slots free first; with every slot still awaiting its answer (concurrency at
      // or above the limit), look again within a window.
      await sleep(Math.min(wait, this.limit.windowMs), undefined, { signal });
    }
    const slot = { until: Infinity };
    this.#slots.push(slot);
    return () => {
      slot.until = Math.min(slot.until, this.#now() + this.limit.windowMs);
    };
  }
}
