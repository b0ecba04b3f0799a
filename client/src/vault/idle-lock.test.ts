// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_IDLE_MINUTES,
  IDLE_MINUTES_KEY,
  readIdleMinutes,
  watchIdle,
  type IdleReason,
} from './idle-lock.ts';
import { memoryStorage, testVault } from './testing.ts';

class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  setVisibility(state: DocumentVisibilityState) {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

const MINUTE = 60_000;

function setup(idleMs = 15 * MINUTE) {
  const target = new EventTarget();
  const document = new FakeDocument();
  const fired: IdleReason[] = [];
  const stop = watchIdle({ idleMs, target, document, onIdle: (reason) => fired.push(reason) });
  return { target, document, fired, stop };
}

describe('idle lock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once after the idle time without activity', () => {
    const { fired } = setup();
    vi.advanceTimersByTime(15 * MINUTE - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['idle']);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(fired).toEqual(['idle']);
  });

  it('is pushed back by pointer and keyboard activity', () => {
    const { target, fired } = setup();
    vi.advanceTimersByTime(10 * MINUTE);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(10 * MINUTE);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(14 * MINUTE);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(MINUTE);
    expect(fired).toEqual(['idle']);
  });

  it('locks on return when the page was hidden longer than the idle time', () => {
    const { document, fired } = setup();
    document.setVisibility('hidden');
    // A hidden tab's timers may be frozen: only the clock moves.
    vi.setSystemTime(Date.now() + 20 * MINUTE);
    document.setVisibility('visible');
    expect(fired).toEqual(['hidden']);
  });

  it('does not lock on return after a short absence, which counts as activity', () => {
    const { document, fired } = setup();
    vi.advanceTimersByTime(10 * MINUTE);
    document.setVisibility('hidden');
    vi.setSystemTime(Date.now() + 2 * MINUTE);
    document.setVisibility('visible');
    vi.advanceTimersByTime(14 * MINUTE);
    expect(fired).toEqual([]);
  });

  it('stops listening when stopped', () => {
    const { fired, stop } = setup();
    stop();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(fired).toEqual([]);
  });

  it('reads the setting from localStorage, with 15 minutes by default', () => {
    expect(readIdleMinutes(memoryStorage())).toBe(DEFAULT_IDLE_MINUTES);
    expect(readIdleMinutes(memoryStorage({ [IDLE_MINUTES_KEY]: '5' }))).toBe(5);
    expect(readIdleMinutes(memoryStorage({ [IDLE_MINUTES_KEY]: '0.05' }))).toBe(0.05);
    for (const bad of ['0', '-3', 'soon', '', '99999']) {
      expect(readIdleMinutes(memoryStorage({ [IDLE_MINUTES_KEY]: bad }))).toBe(15);
    }
  });
});

describe('vault idle lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks the unlocked vault after the configured idle minutes', async () => {
    const target = new EventTarget();
    const document = new FakeDocument();
    const { vault } = testVault({
      storage: memoryStorage({ [IDLE_MINUTES_KEY]: '2' }),
      idle: { target, document },
    });
    await vault.create('correct horse battery');
    await vault.setSecret('hubspot', 'pat-na1-0000-1111');
    // Fake timers only now: PBKDF2 and IndexedDB above need the real ones.
    vi.useFakeTimers();
    vault.setIdleMinutes(2); // restarts the watch under the fake clock
    vi.advanceTimersByTime(MINUTE);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(MINUTE + 59_000);
    expect(vault.isUnlocked).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(vault.isUnlocked).toBe(false);
    expect(vault.getSnapshot()).toMatchObject({ status: 'locked', lockReason: 'idle' });
    vi.useRealTimers();
    vault.close();
  });
});
