import { BACKGROUND_SYNC_TAG } from './catch-up.ts';
import type { StatusStore } from './status.ts';

/** Without Background Sync, unpushed changes are retried this often while the app is open. */
export const FLUSH_INTERVAL_MS = 60_000;

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

async function backgroundSyncManager(): Promise<SyncManagerLike | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  const manager = (registration as { sync?: SyncManagerLike } | undefined)?.sync;
  return manager ?? null;
}

export function hasBackgroundSync(): boolean {
  return typeof globalThis.SyncManager !== 'undefined';
}

declare global {
  var SyncManager: unknown;
}

/**
 * Makes sure unpushed changes leave the device. With Background Sync (Chromium) the tab
 * registers a tag whenever changes are waiting, so the browser wakes the service worker when the
 * network is back, even after the app was closed. Without it, the app flushes on start, on
 * `online`, when the page becomes visible and on a timer.
 */
export function startBackgroundFlush(status: StatusStore, flush: () => void): () => void {
  if (hasBackgroundSync()) {
    let registered = false;
    const register = () => {
      const { pending } = status.get();
      if (!pending) {
        registered = false;
        return;
      }
      if (registered) return;
      registered = true;
      backgroundSyncManager()
        .then((manager) => manager?.register(BACKGROUND_SYNC_TAG))
        .catch(() => (registered = false));
    };
    // Register again when going offline or leaving the page: a tag that fired while this tab
    // held the sync lock was used up without pushing anything.
    const again = () => {
      registered = false;
      register();
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') again();
    };
    const unsubscribe = status.subscribe(register);
    globalThis.addEventListener?.('offline', again);
    globalThis.addEventListener?.('pagehide', again);
    document.addEventListener('visibilitychange', onHidden);
    register();
    return () => {
      unsubscribe();
      globalThis.removeEventListener?.('offline', again);
      globalThis.removeEventListener?.('pagehide', again);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') flush();
  };
  globalThis.addEventListener?.('online', flush);
  globalThis.document?.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(() => {
    if (status.get().pending) flush();
  }, FLUSH_INTERVAL_MS);
  flush();
  return () => {
    globalThis.removeEventListener?.('online', flush);
    globalThis.document?.removeEventListener('visibilitychange', onVisible);
    clearInterval(timer);
  };
}
