import { describe, expect, test } from 'vitest';
import { compareHlc, createHlcClock, formatHlc, MAX_DRIFT_MS, parseHlc } from './hlc.ts';

describe('hybrid logical clock', () => {
  test('stamps increase even when the wall clock stands still or goes back', () => {
    let wall = 1_000;
    const clock = createHlcClock('dev-a', () => wall);
    const a = clock.now();
    const b = clock.now();
    wall = 500;
    const c = clock.now();
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, c)).toBe(-1);
    expect(parseHlc(c)).toEqual({ ms: 1_000, counter: 2, node: 'dev-a' });
  });

  test('string order is time order', () => {
    const early = formatHlc({ ms: 9, counter: 99, node: 'z' });
    const late = formatHlc({ ms: 10, counter: 0, node: 'a' });
    expect(early < late).toBe(true);
  });

  test('after observing a remote stamp, local stamps are later than it', () => {
    const slow = createHlcClock('slow', () => 1_000);
    const remote = formatHlc({ ms: 5_000, counter: 7, node: 'fast' });
    slow.observe(remote);
    const next = slow.now();
    expect(compareHlc(next, remote)).toBe(1);
    expect(parseHlc(next)).toMatchObject({ ms: 5_000, counter: 9 });
  });

  test('the same instant on two devices is ordered by node id, deterministically', () => {
    const a = createHlcClock('a', () => 42).now();
    const b = createHlcClock('b', () => 42).now();
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
  });

  test('a stamp from far in the future is ignored', () => {
    const clock = createHlcClock('me', () => 1_000);
    clock.observe(formatHlc({ ms: 1_000 + MAX_DRIFT_MS + 1, counter: 0, node: 'broken' }));
    expect(parseHlc(clock.now()).ms).toBe(1_000);
  });

  test('rejects malformed stamps and node ids', () => {
    expect(() => parseHlc('yesterday')).toThrow(/not a hybrid logical clock stamp/);
    expect(() => createHlcClock('a:b')).toThrow(/invalid clock node id/);
  });
});
