/// <reference lib="webworker" />
import { openDatabase } from '../src/data/database.ts';
import { BACKGROUND_SYNC_TAG, catchUpPush } from '../src/sync/catch-up.ts';

/** Background Sync's event; not in TypeScript's WebWorker library yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

/**
 * The `sync` event Background Sync fires when the network is back (or when a tab registered the
 * tag while online): one catch-up push with the tabs' own replication (client/src/sync), under
 * the same lock as the tabs. A failure rejects the event, so the browser tries again later.
 */
export function runBackgroundSync(worker: ServiceWorkerGlobalScope): void {
  worker.addEventListener('sync', (event) => {
    const sync = event as SyncEvent;
    if (sync.tag !== BACKGROUND_SYNC_TAG) return;
    sync.waitUntil(pushOnce());
  });
}

async function pushOnce(): Promise<void> {
  const db = await openDatabase();
  try {
    const result = await catchUpPush(db);
    if (result.outcome === 'pushed' && result.rejected.length > 0) {
      // The app shows refused rows when it next pushes them; the worker has no page to tell.
      console.warn('Outpost background sync: the server refused some changes', result.rejected);
    }
  } finally {
    await db.close();
  }
}
