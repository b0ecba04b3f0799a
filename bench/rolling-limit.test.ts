import { describe, expect, test } from 'vitest';
import { limitUse } from './rolling-limit.ts';

const LIMIT = { max: 100, windowMs: 10_000 };
const times = (count: number, from: number, every: number) =>
  Array.from({ length: count }, (_, i) => from + i * every);

describe('the share of a rolling limit a delivery used', () => {
  test('a burst that comes back late fits its window, but its idle slots show', () => {
    // Each burst 3 s after its window opens: every whole window still holds 100.
    const late = [...times(100, 0, 10), ...times(100, 13_000, 10), ...times(100, 26_000, 10)];
    expect(limitUse([...late, ...times(99, 39_000, 10)], LIMIT)).toMatchObject({
      rps: 10,
      windows: 3,
      slotIdleMs: 3_000,
    });
  });

  test('a burst per window is the full limit; the run-out is left out', () => {
    const use = limitUse(
      [...times(100, 0, 30), ...times(100, 10_000, 30), ...times(50, 20_000, 30)],
      LIMIT,
    );
    expect(use).toEqual({ rps: 10, windows: 2, slotIdleMs: 0, peak: 100 });
  });

  test('an even pace is measured as it is', () => {
    expect(limitUse(times(300, 0, 200), LIMIT)).toEqual({
      rps: 5,
      windows: 5,
      slotIdleMs: 10_000,
      peak: 50,
    });
  });

  test('a stall while work was owed counts against the delivery', () => {
    const use = limitUse([...times(100, 0, 30), ...times(100, 25_000, 30)], LIMIT);
    // Windows 1 and 3 full, window 2 empty: 200 requests in 30 s.
    expect(use.windows).toBe(3);
    expect(use.rps).toBeCloseTo(200 / 30);
  });

  test('breaking the limit shows, in the rate and the peak', () => {
    expect(limitUse(times(150, 0, 10), LIMIT)).toMatchObject({ rps: 15, windows: 1, peak: 150 });
  });
});
