import { firstValueFrom, Subject } from 'rxjs';
import type { OutpostDatabase } from '../data/database.ts';
import type { Rejection } from './handlers.ts';
import { replicateCollections } from './replication.ts';
import type { SyncError } from './transport.ts';

/** The Background Sync tag: tabs register it, the service worker answers with catchUpPush. */
export const BACKGROUND_SYNC_TAG = 'outpost-sync';

/**
 * How long the service worker waits for the sync lock before leaving it to a tab. A tab that was
 * just closed can hold it for seconds on a busy device; giving up too soon would leave its last
 * changes on the device until the next sync event.
 */
const LOCK_WAIT_MS = 30_000;

export type CatchUpResult =
  | { outcome: 'pushed'; rejected: Rejection[] }
  /** A tab holds the lock: it is replicating, nothing to do here. */
  | { outcome: 'busy' };

/**
 * One catch-up push of every user-written collection, for the service worker's Background Sync
 * event with the app closed. It takes RxDB's leader lock (the same Web Lock the tabs elect their
 * replicating leader with), so a tab and the worker never push at once, and it uses the tabs'
 * replication identifiers, so it pushes exactly the changes the tabs had not pushed yet, with
 * the same conflict handling. Throws when the server cannot be reached (the browser retries).
 */
export async function catchUpPush(db: OutpostDatabase): Promise<CatchUpResult> {
  const elector = db.leaderElector();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const leader = await Promise.race([
    elector.awaitLeadership().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), LOCK_WAIT_MS))),
  ]);
  clearTimeout(timer);
  if (!leader) return { outcome: 'busy' };

  const rejected: Rejection[] = [];
  const failures = new Subject<SyncError>();
  const failed = firstValueFrom(failures).then((error) => Promise.reject(error));
  failed.catch(() => undefined); // A failure after the push finished changes nothing.
  const replications = [
    ...replicateCollections(db, {
      // Live, then cancelled once in sync: a one-shot (live: false) replication cannot be
      // cancelled while its push keeps failing, and the worker must give up so the browser
      // retries the sync event later.
      live: true,
      waitForLeadership: false,
      pull: false,
      handlers: {
        onRejected: (rows) => rejected.push(...rows),
        observer: { reached: () => undefined, failed: (error: SyncError) => failures.next(error) },
      },
    }).values(),
  ];
  try {
    await Promise.race([Promise.all(replications.map((r) => r.awaitInSync())), failed]);
    return { outcome: 'pushed', rejected };
  } finally {
    await Promise.all(replications.map((r) => r.cancel()));
  }
}
