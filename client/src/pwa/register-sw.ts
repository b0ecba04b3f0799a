import { Workbox } from 'workbox-window';

/**
 * Service worker registration and the "new version" state the UpdatePrompt shows.
 *
 * A new worker waits (sw.ts never skips waiting by itself): swapping code under a running page
 * could mix old and new chunks, so the user decides when, and the page reloads only when asked.
 */

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
// If the new worker never takes control (another tab already activated it), the user still
// asked for a reload, so give them one.
const CONTROL_TIMEOUT_MS = 5_000;

let workbox: Workbox | null = null;
let updateReady = false;
const listeners = new Set<() => void>();

function setUpdateReady(ready: boolean): void {
  updateReady = ready;
  for (const listener of listeners) listener();
}

export function subscribeToUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isUpdateReady(): boolean {
  return updateReady;
}

/** Call once, in production builds only: the dev server has no /sw.js. */
export function registerServiceWorker(): void {
  if (workbox || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js');
  workbox = wb;
  wb.addEventListener('waiting', () => setUpdateReady(true));

  const checkForUpdate = () => {
    // Offline or server down: nothing to do, the next check will try again.
    wb.update().catch(() => undefined);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
  setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);

  wb.register().catch((error: unknown) => {
    console.warn('Outpost: service worker registration failed; offline use is unavailable.', error);
  });
}

export function applyUpdate(): void {
  const wb = workbox;
  if (!wb) return;
  let reloaded = false;
  const reloadOnce = () => {
    if (reloaded) return;
    reloaded = true;
    location.reload();
  };
  wb.addEventListener('controlling', reloadOnce);
  setTimeout(reloadOnce, CONTROL_TIMEOUT_MS);
  wb.messageSkipWaiting();
}

export function dismissUpdate(): void {
  setUpdateReady(false);
}
