import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_INTERVAL_MS, hasBackgroundSync, startBackgroundFlush } from './background.ts';
import { createStatusStore, initialStatus } from './status.ts';

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

describe('without Background Sync', () => {
  it('flushes on start, on `online`, when the page becomes visible, and on a timer while changes wait', () => {
    vi.useFakeTimers();
    expect(hasBackgroundSync()).toBe(false);
    const status = createStatusStore(initialStatus(true));
    const flush = vi.fn();
    stop = startBackgroundFlush(status, flush);
    expect(flush).toHaveBeenCalledTimes(1);

    window.dispatchEvent(new Event('online'));
    expect(flush).toHaveBeenCalledTimes(2);

    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(flush).toHaveBeenCalledTimes(3);

    // The timer only flushes while something is waiting.
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);
    expect(flush).toHaveBeenCalledTimes(3);
    status.dispatch({ type: 'pending', count: 4, capped: false });
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);
    expect(flush).toHaveBeenCalledTimes(4);

    stop();
    stop = undefined;
    window.dispatchEvent(new Event('online'));
    expect(flush).toHaveBeenCalledTimes(4);
  });
});
