import { describe, expect, it } from 'vitest';
import { memoryLog } from '../test-helpers.ts';
import { nextMidnightUtc, outboxBackoffMs, parseRetryAfter, ProviderError } from './errors.ts';
import { SlidingWindowLimiter } from './limiter.ts';
import { createLane } from './policy.ts';

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

describe('SlidingWindowLimiter', () => {
  it('never lets more than max requests into any window', async () => {
    const limiter = new SlidingWindowLimiter({ max: 5, windowMs: 150 }, { marginMs: 0 });
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      await limiter.acquire();
      times.push(Date.now());
    }
    // 1 ms of slack: the test reads the clock just after the limiter did.
    for (let i = 5; i < times.length; i++)
      expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(149);
  });
  it('holds every request until a gate set by Retry-After', async () => {
    const limiter = new SlidingWindowLimiter({ max: 100, windowMs: 1_000 });
    const gate = Date.now() + 120;
    limiter.blockUntil(gate);
    await limiter.acquire();
    expect(Date.now()).toBeGreaterThanOrEqual(gate);
  });
});

const hang = () => new Promise<never>(() => undefined);
const lane = (failures: number) =>
  createLane({
    connector: 'hubspot',
    workspaceId: 'w',
    limit: { max: 100, windowMs: 1_000 },
    timeoutMs: 100,
    maxAttempts: 3,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    concurrency: 2,
    breaker: { kind: 'consecutive', failures, halfOpenAfterMs: 10_000 },
    log: memoryLog().log,
  });

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
});
