import { describe, expect, it } from 'vitest';
import { memoryLog } from '../test-helpers.ts';
import { nextMidnightUtc, outboxBackoffMs, parseRetryAfter, ProviderError } from './errors.ts';
import { SlidingWindowLimiter } from './limiter.ts';
import { type BreakerOptions, createLane, type Lane } from './policy.ts';
import { DELIVERY_DEFAULTS } from './service.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T10:00:00.000Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
  it('pauses a daily quota until the next UTC midnight; backs the outbox off with a cap', () => {
    expect(new Date(nextMidnightUtc(now)).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(outboxBackoffMs(0, () => 0)).toBe(500);
    expect(outboxBackoffMs(40, () => 1)).toBe(600_000);
  });
});

/** A limiter on a clock the test moves. */
function clocked(limit: { max: number; windowMs: number }) {
  const clock = { now: 0 };
  return { clock, limiter: new SlidingWindowLimiter(limit, { now: () => clock.now }) };
}

describe('SlidingWindowLimiter', () => {
  it('never lets more than max requests into any window', async () => {
    const { clock, limiter } = clocked({ max: 5, windowMs: 150 });
    const sent: number[] = [];
    while (sent.length < 15) {
      clock.now += limiter.waitMs();
      const answered = await limiter.acquire();
      sent.push(clock.now);
      clock.now += 3; // the round trip
      answered();
    }
    for (let i = 5; i < sent.length; i++) expect(sent[i]! - sent[i - 5]!).toBeGreaterThan(150);
    // Busy from the first request: the 6th goes a window after the 1st one's answer.
    expect(sent[5]).toBe(153);
  });

  it('holds a slot from the send until a window after the answer', async () => {
    const { clock, limiter } = clocked({ max: 2, windowMs: 1_000 });
    const slow = await limiter.acquire();
    const quick = await limiter.acquire();
    clock.now = 10;
    quick();
    expect(limiter.waitMs()).toBe(1_000);
    // The slow request's answer arrives late: the provider may have counted it just now.
    clock.now = 1_005;
    expect(limiter.waitMs()).toBe(5);
    clock.now = 1_200;
    expect(limiter.inWindow()).toBe(1);
    slow();
    expect(limiter.waitMs()).toBe(0);
    await limiter.acquire();
    expect(limiter.waitMs()).toBeGreaterThan(0);
    clock.now = 2_200;
    expect(limiter.inWindow()).toBe(1);
  });

  it('holds every request until a gate set by Retry-After', () => {
    const { clock, limiter } = clocked({ max: 100, windowMs: 1_000 });
    limiter.blockUntil(clock.now + 120);
    limiter.blockUntil(clock.now + 50);
    expect(limiter.waitMs()).toBe(120);
    clock.now = 120;
    expect(limiter.waitMs()).toBe(0);
  });
});

const hang = () => new Promise<never>(() => undefined);
const laneWith = (breaker: BreakerOptions, maxAttempts = 3) =>
  createLane({
    connector: 'hubspot',
    workspaceId: 'w',
    limit: { max: 100, windowMs: 1_000 },
    timeoutMs: 100,
    maxAttempts,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    concurrency: 2,
    breaker,
    log: memoryLog().log,
  });
const lane = (failures: number) =>
  laneWith({ kind: 'consecutive', failures, halfOpenAfterMs: 10_000 });
/** One call of one attempt (one sample of the breaker) that fails or not. */
const sample = (l: Lane, fails: boolean) =>
  l
    .call('c', async () => {
      if (fails) throw new ProviderError('transient', '503', { status: 503 });
      return 'ok';
    })
    .catch(() => undefined);

describe('lane', () => {
  it('retries transient failures, not permanent ones', async () => {
    const l = lane(10);
    let calls = 0;
    await expect(
      l.call('c1', async () => {
        calls++;
        if (calls < 3) throw new ProviderError('transient', '503', { status: 503 });
        return 'ok';
      }),
    ).resolves.toBe('ok');
    calls = 0;
    await expect(
      l.call('c2', async () => {
        calls++;
        throw new ProviderError('permanent', '400: bad', { status: 400 });
      }),
    ).rejects.toThrow('400: bad');
    expect(calls).toBe(1);
  });

  it('turns a hang into a transient timeout, and opens the breaker on repeated failures', async () => {
    const l = lane(3);
    await expect(l.call('c3', hang)).rejects.toMatchObject({
      errorClass: 'transient',
      message: 'no answer within 100 ms',
    });
    expect(l.breakerState()).toBe('open');
    await expect(l.call('c4', async () => 'never')).rejects.toThrow(/open/i);
  });

  it('production breaker: a provider failing 30% is slow, not down; an outage opens it', async () => {
    // Lanes of one attempt per call: each call is one sample of the breaker.
    // An unlucky start (5 of the first 9 calls fail), then 30%: the breaker stays closed.
    const slow = laneWith(DELIVERY_DEFAULTS.breaker, 1);
    const start = [1, 0, 1, 0, 0, 0, 1, 1, 1];
    const after = Array.from({ length: 30 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    for (const fails of [...start, ...after]) await sample(slow, fails === 1);
    expect(slow.breakerState()).toBe('closed');

    const down = laneWith(DELIVERY_DEFAULTS.breaker, 1);
    for (let i = 0; i < 14; i++) await sample(down, true);
    expect(down.breakerState()).toBe('closed');
    await sample(down, true);
    expect(down.breakerState()).toBe('open');
  });
});
