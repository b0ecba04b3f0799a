import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connector } from '../../shared/documents/server-written.ts';
import type { Logger } from '../log.ts';
import { lockWorkspace } from '../replication/documents.ts';
import type { WriteServerDocuments } from '../replication/hooks.ts';
import type { SecretValue } from '../secrets/secret-box.ts';
import type { ServerKeys } from '../secrets/server-key.ts';
import type { Store } from '../store/store.ts';
import { explorium } from './connectors/explorium.ts';
import { hubspot } from './connectors/hubspot.ts';
import { lemlist } from './connectors/lemlist.ts';
import type { ConnectorContext, ConnectorModule, ItemResult } from './connectors/types.ts';
import { loadCredential, saveCredential } from './credentials.ts';
import { ProviderError } from './errors.ts';
import type { RateLimit } from './limiter.ts';
import { claim, type Entry } from './outbox.ts';
import { type BreakerOptions, createLane, isBrokenCircuit, type Lane } from './policy.ts';
import { type Outcome, outcomeOf, recordOutcomes, showQueue } from './results.ts';

export interface DeliveryOptions {
  store: Store;
  keys: Pick<ServerKeys, 'current' | 'keyring'>;
  log: Logger;
  writeDocuments: WriteServerDocuments;
  baseUrls: Record<Connector, string>;
  limits: Record<Connector, RateLimit>;
  timeoutMs: number;
  /** How long a claim holds before another worker may take the entry (crash recovery). */
  leaseMs: number;
  /** Idle wait between polls of an empty outbox. */
  pollMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  breaker: BreakerOptions;
  concurrency: Record<Connector, number>;
  connectors?: readonly ConnectorModule[];
  now?: () => number;
}

/** Defaults for production; tests shorten the windows. */
export const DELIVERY_DEFAULTS = {
  leaseMs: 300_000,
  pollMs: 1_000,
  maxAttempts: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  // Opens when 70% of the calls of the last 30 s failed (at least 15 calls), not on a short run
  // of bad luck: a provider failing 30% of calls is slow, not down. At 50% of 9 calls, such a
  // provider's first calls opened it in about one cold start in eight (15 s lost each time); at
  // 70% of 15, in about one in a thousand.
  breaker: {
    kind: 'sampling',
    threshold: 0.7,
    durationMs: 30_000,
    minimumRps: 0.5,
    halfOpenAfterMs: 15_000,
  } as BreakerOptions,
  concurrency: { hubspot: 4, lemlist: 4, explorium: 2 } as Record<Connector, number>,
};

/**
 * The delivery workers: one loop per connector claims due outbox entries, sends them in batches
 * through the connector's lane (one per workspace credential), and records every outcome.
 */
export function createDelivery(options: DeliveryOptions) {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const modules = new Map(
    (options.connectors ?? [hubspot, lemlist, explorium]).map((m) => [m.connector, m]),
  );
  const lanes = new Map<string, Promise<Lane>>();
  const ready = new Map<string, Lane>();
  const stop = new AbortController();
  const loops: Promise<void>[] = [];

  async function createLaneFor(workspaceId: string, connector: Connector): Promise<Lane> {
    const rows = await store.query<{ breaker: string | null }>(
      'SELECT breaker FROM connector_state WHERE workspace_id = $1 AND connector = $2',
      [workspaceId, connector],
    );
    const saved = rows[0]?.breaker;
    const lane = createLane({
      connector,
      workspaceId,
      limit: options.limits[connector],
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
      backoffBaseMs: options.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs,
      concurrency: options.concurrency[connector],
      breaker: options.breaker,
      breakerState: saved ? JSON.parse(saved) : undefined,
      saveBreaker: (state) => {
        void saveBreaker(workspaceId, connector, state).catch((err: unknown) =>
          log.error({ err, connector, workspaceId }, 'saving the breaker state failed'),
        );
      },
      log,
      now,
    });
    // Recovered: what waited out a long backoff during the failure goes now, not minutes later.
    lane.breaker.onReset(() => {
      void store
        .query(
          `UPDATE outbox SET due_at = $3 WHERE workspace_id = $1 AND connector = $2
             AND state = 'pending' AND due_at > $3 AND lease_owner IS NULL`,
          [workspaceId, connector, now()],
        )
        .catch((err: unknown) =>
          log.error({ err, connector, workspaceId }, 'requeueing after recovery failed'),
        );
    });
    return lane;
  }

  async function saveBreaker(workspaceId: string, connector: Connector, state: unknown) {
    await store.query(
      `INSERT INTO connector_state (workspace_id, connector, breaker, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, connector) DO UPDATE SET breaker = excluded.breaker,
         updated_at = excluded.updated_at`,
      [workspaceId, connector, JSON.stringify(state), now()],
    );
  }

  function laneFor(workspaceId: string, connector: Connector): Promise<Lane> {
    const key = `${connector}\0${workspaceId}`;
    let lane = lanes.get(key);
    if (!lane) {
      lane = createLaneFor(workspaceId, connector);
      lane.then(
        (created) => ready.set(key, created),
        () => lanes.delete(key),
      );
      lanes.set(key, lane);
    }
    return lane;
  }

  /** Forgets a lane (its credential changed): the next batch starts a fresh limiter and breaker. */
  function resetLane(workspaceId: string, connector: Connector) {
    lanes.delete(`${connector}\0${workspaceId}`);
    ready.delete(`${connector}\0${workspaceId}`);
  }

  async function context(workspaceId: string, connector: Connector, credential?: SecretValue) {
    const value = credential ?? (await loadCredential(store, options.keys, workspaceId, connector));
    if (!value) return null;
    const ctx: ConnectorContext = {
      lane: await laneFor(workspaceId, connector),
      baseUrl: options.baseUrls[connector],
      credential: value,
      correlationId: randomUUID(),
      sql: store,
      now,
    };
    return ctx;
  }

  /** Delivers one batch; resolves with when the first of its entries put back is due again. */
  async function deliverBatch(connector: Connector, entries: Entry[]): Promise<number> {
    const module = modules.get(connector)!;
    const workspaceId = entries[0]!.workspaceId;
    const ctx = await context(workspaceId, connector);
    const started = now();
    let results: Map<string, ItemResult | ProviderError>;
    let outcomes: { entry: Entry; outcome: Outcome }[];
    if (!ctx) {
      outcomes = entries.map((entry) => ({
        entry,
        outcome: {
          state: 'paused',
          reason: `no ${connector} credential saved`,
          dueAt: now() + options.pollMs,
        },
      }));
    } else {
      try {
        results = await module.deliver(ctx, entries);
      } catch (err) {
        const reason = isBrokenCircuit(err)
          ? `${connector} keeps failing; the circuit breaker holds deliveries for a while`
          : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
        if (!isBrokenCircuit(err))
          log.error({ err, connector, workspaceId }, 'delivery batch crashed');
        const error = new ProviderError('transient', reason, {
          retryAfterMs: isBrokenCircuit(err) ? options.breaker.halfOpenAfterMs : null,
        });
        results = new Map(entries.map((e) => [e.documentId, error]));
      }
      // One time and one jitter per batch: its entries wait alike and are rescheduled together.
      const at = now();
      const jitter = Math.random();
      outcomes = entries.map((entry) => ({
        entry,
        outcome: outcomeOf(
          entry,
          results.get(entry.documentId),
          ctx.lane.limiter.blockedUntil,
          jitter,
          at,
        ),
      }));
    }
    const pause = outcomes.find((o) => o.outcome.state === 'paused')?.outcome;
    await store.transaction(async (tx) => {
      await recordOutcomes(tx, options.writeDocuments, outcomes, now());
      if (pause && pause.state === 'paused' && ctx) {
        await tx.query(
          `INSERT INTO connector_state (workspace_id, connector, paused_until, paused_reason, updated_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (workspace_id, connector) DO UPDATE SET paused_until = excluded.paused_until,
             paused_reason = excluded.paused_reason, updated_at = excluded.updated_at`,
          [workspaceId, connector, pause.dueAt, pause.reason, now()],
        );
        // The rest of its queue waits as well: it shows paused too, not pending.
        await showQueue(tx, options.writeDocuments, workspaceId, connector, now());
      }
    });
    const count = (state: Outcome['state']) =>
      outcomes.filter((o) => o.outcome.state === state).length;
    log.info(
      {
        event: 'delivery_batch',
        connector,
        workspaceId,
        correlationId: ctx?.correlationId,
        size: entries.length,
        delivered: count('delivered'),
        failed: count('failed'),
        pending: count('pending'),
        paused: count('paused'),
        ms: now() - started,
      },
      'delivery batch done',
    );
    if (pause && pause.state === 'paused' && ctx) {
      log.warn(
        {
          event: 'connector_paused',
          connector,
          workspaceId,
          until: new Date(pause.dueAt).toISOString(),
          reason: pause.reason,
        },
        'connector paused',
      );
    }
    return Math.min(
      ...outcomes.map((o) => (o.outcome.state === 'pending' ? o.outcome.dueAt : Infinity)),
    );
  }

  function split(connector: Connector, entries: Entry[]): Entry[][] {
    const size = modules.get(connector)!.batchSize;
    const batches: Entry[][] = [];
    for (const group of Map.groupBy(entries, (e) => e.workspaceId).values()) {
      for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
    }
    return batches;
  }

  /**
   * Ends the pauses of a connector whose time has passed (a quota reset): their queues show
   * pending again. Cleared under the workspace lock, so one instance does it once.
   */
  async function resumeExpired(connector: Connector) {
    const at = now();
    const expired = await store.query<{ workspace_id: string }>(
      'SELECT workspace_id FROM connector_state WHERE connector = $1 AND paused_until <= $2',
      [connector, at],
    );
    for (const { workspace_id: workspaceId } of expired) {
      await store.transaction(async (tx) => {
        await lockWorkspace(tx, workspaceId);
        const cleared = await tx.query(
          `UPDATE connector_state SET paused_until = NULL, paused_reason = NULL, updated_at = $3
           WHERE workspace_id = $1 AND connector = $2 AND paused_until <= $3
           RETURNING workspace_id`,
          [workspaceId, connector, at],
        );
        if (cleared.length > 0)
          await showQueue(tx, options.writeDocuments, workspaceId, connector, at);
      });
    }
  }

  async function claimFor(connector: Connector, batches: number) {
    await resumeExpired(connector);
    return claim(store, store.kind, connector, {
      limit: modules.get(connector)!.batchSize * batches,
      leaseMs: options.leaseMs,
      now: now(),
    });
  }

  /**
   * Saves a connector's key (routes.ts) and starts its lane afresh. What is queued for it shows
   * pending from now on: entries queued without a key had no status (triggers.ts), and the key
   * ends a pause (credentials.ts). One transaction: a worker's later state overwrites this one,
   * never the reverse.
   */
  async function saveConnectorCredential(input: Parameters<typeof saveCredential>[2]) {
    const summary = await store.transaction(async (tx) => {
      await lockWorkspace(tx, input.workspaceId);
      const saved = await saveCredential(tx, options.keys, input);
      await showQueue(tx, options.writeDocuments, input.workspaceId, input.connector, input.now);
      return saved;
    });
    resetLane(input.workspaceId, input.connector);
    return summary;
  }

  /** One round for a connector: claim what is due, deliver it; returns how many were claimed. */
  async function runOnce(connector: Connector): Promise<number> {
    const entries = await claimFor(connector, options.concurrency[connector]);
    await Promise.all(split(connector, entries).map((batch) => deliverBatch(connector, batch)));
    return entries.length;
  }

  /**
   * A connector's worker: keeps up to twice `concurrency` batches in flight, claiming the next as
   * soon as one finishes. The lane sends `concurrency` at a time; the other batches are ready to
   * take the limiter's next slots while some wait out a retry backoff or record their outcomes.
   * Idle, it polls every `pollMs`, or sooner when entries it put back are due.
   */
  async function loop(connector: Connector) {
    const maxInFlight = 2 * options.concurrency[connector];
    const inFlight = new Set<Promise<void>>();
    let nextDue = Infinity;
    const idle = () =>
      sleep(Math.max(0, Math.min(options.pollMs, nextDue - now())), undefined, {
        signal: stop.signal,
      }).catch(() => undefined);
    while (!stop.signal.aborted) {
      let claimed = 0;
      if (nextDue <= now()) nextDue = Infinity;
      if (inFlight.size < maxInFlight) {
        try {
          const entries = await claimFor(connector, 1);
          claimed = entries.length;
          for (const batch of split(connector, entries)) {
            const running: Promise<void> = deliverBatch(connector, batch)
              .then((due) => void (nextDue = Math.min(nextDue, due)))
              .catch((err: unknown) => log.error({ err, connector }, 'delivery batch failed'))
              .finally(() => inFlight.delete(running));
            inFlight.add(running);
          }
        } catch (err) {
          log.error({ err, connector }, 'claiming deliveries failed');
        }
      }
      if (claimed > 0 && inFlight.size < maxInFlight) continue;
      await (inFlight.size === 0 ? idle() : Promise.race([...inFlight, idle()]));
    }
    await Promise.all(inFlight);
  }

  return {
    modules,
    /** How delivery writes the replicated status documents (routes enqueue through it too). */
    writeDocuments: options.writeDocuments,
    /** This process's breaker state for a workspace's connector; null when it has no lane. */
    breakerState: (workspaceId: string, connector: Connector) =>
      ready.get(`${connector}\0${workspaceId}`)?.breakerState() ?? null,
    runOnce,
    laneFor,
    resetLane,
    saveCredential: saveConnectorCredential,
    context,
    start() {
      for (const connector of modules.keys()) loops.push(loop(connector));
      log.info({ connectors: [...modules.keys()] }, 'delivery workers started');
    },
    /** Stops claiming; batches in flight finish and record their outcomes. */
    async stop() {
      stop.abort();
      await Promise.all(loops);
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
