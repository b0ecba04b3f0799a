import { describe, expect, it } from 'vitest';
import {
  createAutoReloader,
  decideAutoReload,
  LAST_AUTO_RELOAD_KEY,
  nextStreak,
  RELOAD_COOLDOWN_MS,
  STREAK_WINDOW_MS,
} from './auto-reload.ts';

describe('nextStreak', () => {
  it('counts errors that come less than 30 s apart', () => {
    const first = nextStreak(null, 1_000);
    const second = nextStreak(first, 1_000 + STREAK_WINDOW_MS);
    expect(first).toEqual({ count: 1, lastAt: 1_000 });
    expect(second.count).toBe(2);
  });

  it('starts over after 30 s without an error', () => {
    const streak = nextStreak({ count: 2, lastAt: 1_000 }, 1_001 + STREAK_WINDOW_MS);
    expect(streak.count).toBe(1);
  });
});

describe('decideAutoReload', () => {
  const third = { count: 3, lastAt: 0 };

  it('does nothing before the third error', () => {
    expect(decideAutoReload({ count: 2, lastAt: 0 }, null, 0)).toBe('none');
  });

  it('reloads on the third error when there was no recent automatic reload', () => {
    expect(decideAutoReload(third, null, 100_000)).toBe('reload');
    expect(decideAutoReload(third, 100_000 - RELOAD_COOLDOWN_MS, 100_000)).toBe('reload');
  });

  it('refuses to reload twice within 60 s, or when the guard cannot be read', () => {
    expect(decideAutoReload(third, 100_000 - RELOAD_COOLDOWN_MS + 1, 100_000)).toBe('suppressed');
    expect(decideAutoReload(third, undefined, 100_000)).toBe('suppressed');
  });
});

function fakeTab(storage: Map<string, string>, clock: { now: number }) {
  const reloads: number[] = [];
  const reloader = createAutoReloader({
    now: () => clock.now,
    storage: () => ({
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    }),
    reload: () => reloads.push(clock.now),
    schedule: (run) => run(),
  });
  return { reloader, reloads };
}

describe('createAutoReloader', () => {
  it('reloads once after three errors, then not again within a minute', () => {
    const storage = new Map<string, string>();
    const clock = { now: 1_000_000 };
    const tab = fakeTab(storage, clock);
    expect([tab.reloader.record(), tab.reloader.record()]).toEqual(['none', 'none']);
    expect(tab.reloader.record()).toBe('reload');
    expect(tab.reloads).toEqual([1_000_000]);
    expect(storage.get(LAST_AUTO_RELOAD_KEY)).toBe('1000000');

    // The page reloaded: memory is fresh, sessionStorage is not.
    clock.now += 10_000;
    const reloaded = fakeTab(storage, clock);
    reloaded.reloader.record();
    reloaded.reloader.record();
    expect(reloaded.reloader.record()).toBe('suppressed');
    expect(reloaded.reloads).toEqual([]);

    // Errors keep coming every 20 s (one streak); a minute after the last reload, it may reload.
    clock.now += 20_000;
    expect(reloaded.reloader.record()).toBe('suppressed');
    clock.now += 20_000;
    expect(reloaded.reloader.record()).toBe('suppressed');
    clock.now += 20_000;
    expect(reloaded.reloader.record()).toBe('reload');
    expect(reloaded.reloads).toEqual([1_070_000]);
  });

  it('does not count errors spread more than 30 s apart as a streak', () => {
    const clock = { now: 0 };
    const tab = fakeTab(new Map(), clock);
    for (let i = 0; i < 5; i++) {
      expect(tab.reloader.record()).toBe('none');
      clock.now += STREAK_WINDOW_MS + 1;
    }
  });

  it('never reloads when sessionStorage throws', () => {
    const reloads: number[] = [];
    const reloader = createAutoReloader({
      now: () => 0,
      storage: () => {
        throw new Error('SecurityError');
      },
      reload: () => reloads.push(0),
      schedule: (run) => run(),
    });
    expect([reloader.record(), reloader.record(), reloader.record()]).toEqual([
      'none',
      'none',
      'suppressed',
    ]);
    expect(reloads).toEqual([]);
  });
});
