import { merge, Subscription, debounceTime, filter } from 'rxjs';
import type { CollectionName } from '../../../shared/documents/collections.ts';
import { API_BASE } from '../../../shared/version.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { startBackgroundFlush } from './background.ts';
import { shareStatusWithTabs } from './broadcast.ts';
import { countPending } from './pending.ts';
import { isPushed, replicateCollections, type CollectionReplication } from './replication.ts';
import type { SessionLink } from './session-link.ts';
import { syncStatus, type StatusStore } from './status.ts';
import { SentDocuments } from './sent.ts';
import { SyncStream } from './stream.ts';
import { requestsSent, syncRequest, type SyncError, type TransportObserver } from './transport.ts';

/** While the server is unreachable, ask it this often whether it is back. */
const PROBE_INTERVAL_MS = 10_000;
/** Recount once writes pause for this long: an import writes a chunk every second or so. */
const PENDING_RECOUNT_MS = 2_000;
/** Replications go idle one after the other: one recount for all of them. */
const IDLE_RECOUNT_MS = 100;

export interface SyncEngine {
  readonly replications: ReadonlyMap<CollectionName, CollectionReplication>;
  /** Pull and push everything now (back online, page shown again, timer). */
  flush(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  status?: StatusStore;
  session?: SessionLink;
  retryTime?: number;
  probeIntervalMs?: number;
  pullBatchSize?: number;
  /** False on a device nobody is signed in on: nothing is sent until onSignedIn. */
  signedIn?: boolean;
}

/**
 * Starts live replication of every collection (RxDB leader tab only) over the protocol of
 * shared/sync/protocol.ts, with one SSE stream for all of them, and keeps the indicator's status
 * true: reachable or not, pending changes, last sync, and problems in words.
 */
export function startSync(db: OutpostDatabase, options: StartOptions = {}): SyncEngine {
  const status = options.status ?? syncStatus;
  const subscriptions = new Subscription();
  const cleanups: (() => void)[] = [];
  let stopped = false;
  let signedInAfter = 0;
  // On a device nobody ever signed in on, every contact is "not synced": counting says nothing.
  let everSignedIn = options.signedIn !== false;

  // Every answer and failure of every request (pull, push, stream, probe) lands here.
  const observer: TransportObserver = {
    reached: () => {
      const wasOffline = status.get().connection === 'offline';
      status.dispatch({ type: 'reached', at: new Date().toISOString() });
      if (wasOffline) flush();
    },
    failed: (error, request) => {
      // A 401 to a request sent before the last sign-in is old news.
      if (error.kind === 'unauthorized' && request <= signedInAfter) return;
      status.dispatch({ type: 'failed', error });
      if (error.kind === 'unauthorized' || error.kind === 'upgrade_required') halt(error);
    },
  };
  const sent = new SentDocuments();
  const stream = new SyncStream(observer, sent);
  // Held closed after a 401 (until sign-in) or a 426 (until reload): RxDB keeps its own retry
  // loop, and each retry waits here instead of hammering the server.
  let gate: PromiseWithResolvers<void> | null = null;
  const replications = replicateCollections(db, {
    live: true,
    waitForLeadership: true,
    pull: true,
    stream$: (name) => stream.for(name),
    handlers: {
      observer,
      ready: () => gate?.promise ?? Promise.resolve(),
      onRejected: (rejections) => status.dispatch({ type: 'rejected', rejections }),
      sent,
    },
    retryTime: options.retryTime,
    pullBatchSize: options.pullBatchSize,
  });
  const all = [...replications.values()];

  function halt(error: SyncError) {
    if (gate) return;
    gate = Promise.withResolvers<void>();
    if (error.kind === 'unauthorized') options.session?.reportUnauthorized();
  }
  function resume() {
    if (!gate || status.get().problem?.kind === 'upgrade_required') return;
    gate.resolve();
    gate = null;
    flush();
  }
  function flush() {
    if (gate || stopped) return;
    if (db.isLeader()) stream.start();
    stream.resume();
    for (const replication of all) replication.reSync();
  }

  // Only the leader talks to the server; the other tabs show its status (broadcast.ts).
  const probe = () => {
    if (!db.isLeader() || stopped) return;
    syncRequest({ observer, method: 'GET', path: `${API_BASE}/health` }).catch(() => undefined);
  };

  if (options.signedIn === false) {
    gate = Promise.withResolvers<void>();
    status.dispatch({ type: 'signed_out' });
  }

  const leader = db.waitForLeadership().then(() => {
    if (stopped) return;
    if (!gate) stream.start();
    const recount = async () => {
      let count = 0;
      let capped = false;
      for (const [name, replication] of replications) {
        if (!isPushed(name)) continue; // Pull-only collections have nothing to push.
        const result = await countPending(replication);
        count += result.count;
        capped ||= result.capped;
      }
      status.dispatch({ type: 'pending', count, capped });
    };
    const writes = merge(...all.map((r) => r.collection.$), ...all.map((r) => r.sent$));
    // Replication going idle is news at once (a push just finished); writes settle first.
    const idle = merge(...all.map((r) => r.active$)).pipe(filter(() => !all.some(isActive)));
    subscriptions.add(
      merge(
        writes.pipe(debounceTime(PENDING_RECOUNT_MS)),
        idle.pipe(debounceTime(IDLE_RECOUNT_MS)),
      ).subscribe(() => {
        // Not while a pull or push is running online (a first sync of 100k contacts would
        // rescan the fork between batches); it runs again when replication goes idle.
        const { active, connection, problem } = status.get();
        if (!everSignedIn || (active && connection === 'online' && !problem)) return;
        void recount().catch(() => undefined);
      }),
    );
    subscriptions.add(
      merge(...all.map((r) => r.active$)).subscribe(() =>
        status.dispatch({ type: 'active', active: all.some(isActive) }),
      ),
    );
    if (everSignedIn) void recount().catch(() => undefined);
    cleanups.push(startBackgroundFlush(status, flush));
  });

  // The indicator must never say "offline" while the server answers: probe on `online` and on
  // a timer while unreachable.
  const onOnline = () => probe();
  const onOffline = () => status.dispatch({ type: 'network_lost' });
  globalThis.addEventListener?.('online', onOnline);
  globalThis.addEventListener?.('offline', onOffline);
  cleanups.push(() => {
    globalThis.removeEventListener?.('online', onOnline);
    globalThis.removeEventListener?.('offline', onOffline);
  });
  const probing = setInterval(() => {
    if (status.get().connection === 'offline') probe();
  }, options.probeIntervalMs ?? PROBE_INTERVAL_MS);
  cleanups.push(() => clearInterval(probing));

  cleanups.push(shareStatusWithTabs(db, status));
  if (options.session) {
    cleanups.push(
      options.session.onSignedIn(() => {
        signedInAfter = requestsSent();
        everSignedIn = true;
        status.dispatch({ type: 'signed_in' });
        resume();
      }),
    );
  }

  return {
    replications,
    flush,
    async stop() {
      stopped = true;
      stream.stop();
      subscriptions.unsubscribe();
      for (const cleanup of cleanups) cleanup();
      await leader.catch(() => undefined);
      await Promise.all(all.map((replication) => replication.cancel()));
    },
  };
}

function isActive(replication: CollectionReplication): boolean {
  let active = false;
  replication.active$.subscribe((value) => (active = value)).unsubscribe();
  return active;
}
