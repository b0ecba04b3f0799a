import { describe, expect, test } from 'vitest';
import { checkTarget, figure, median } from './figure.ts';

describe('benchmark figures', () => {
  test('pass is computed from the ratio against the target', () => {
    expect(
      figure({ bench: 'b', metric: 'm', value: 40, baseline: 100, target: '>=0.5' }),
    ).toMatchObject({
      ratio: 0.4,
      pass: false,
    });
    expect(
      figure({ bench: 'b', metric: 'm', value: 60, baseline: 100, target: '>=0.5' }).pass,
    ).toBe(true);
  });

  test('without a baseline the value itself meets the target', () => {
    expect(figure({ bench: 'b', metric: 'ms', value: 30, target: '<=33' })).toMatchObject({
      pass: true,
    });
    expect(figure({ bench: 'b', metric: 'ms', value: 34, target: '<=33' }).ratio).toBeUndefined();
  });

  test('an unreadable target is an error, not a silent pass', () => {
    expect(() => checkTarget('about 2x', 1)).toThrow(/unreadable/);
  });

  test('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
