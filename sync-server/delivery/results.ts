import type { WireDocument } from '../../shared/sync/protocol.ts';
import {
  CONNECTORS,
  type Connector,
  type DeliveryState,
  type Enrichment,
} from '../../shared/documents/server-written.ts';
import { lockWorkspace } from '../replication/documents.ts';
import type { WriteServerDocuments } from '../replication/hooks.ts';
import type { Sql } from '../store/store.ts';
import type { ItemResult } from './connectors/types.ts';
import { outboxBackoffMs, ProviderError, UNTIL_NEW_CREDENTIAL } from './errors.ts';
import { type Entry, markDelivered, markFailed, reschedule } from './outbox.ts';

/** What became of one entry, as the worker decided. */
export type Outcome =
  | { state: 'delivered'; remoteId: string | null; note?: string; enrichment?: EnrichedFields }
  | { state: 'failed'; reason: string }
  | { state: 'pending'; reason: string; dueAt: number }
  | { state: 'paused'; reason: string; dueAt: number };

export type EnrichedFields = Omit<Enrichment, 'id' | 'provider' | 'matchedAt'>;

const iso = (ms: number) => new Date(ms).toISOString();

/** What the worker makes of one entry's answer (or its call's error). */
export function outcomeOf(
  entry: Entry,
  result: ItemResult | ProviderError | undefined,
  /** The lane's limiter gate (Retry-After): nothing is due before it. */
  blockedUntil: number,
  jitter: number,
  at: number,
): Outcome {
  if (result === undefined) {
    return {
      state: 'pending',
      reason: 'no answer for this item',
      dueAt: at + outboxBackoffMs(entry.attempts, () => jitter),
    };
  }
  if (!(result instanceof ProviderError)) {
    return result.ok
      ? {
          state: 'delivered',
          remoteId: result.remoteId,
          note: result.note,
          enrichment: result.enrichment,
        }
      : { state: 'failed', reason: result.reason };
  }
  if (result.errorClass === 'permanent') return { state: 'failed', reason: result.message };
  if (result.errorClass === 'transient') {
    const wait = Math.max(
      outboxBackoffMs(entry.attempts, () => jitter),
      result.retryAfterMs ?? 0,
      blockedUntil - at,
    );
    return { state: 'pending', reason: result.message, dueAt: at + wait };
  }
  const until =
    result.errorClass === 'auth' ? UNTIL_NEW_CREDENTIAL : (result.pausedUntil ?? at + 3_600_000);
  const reason =
    result.errorClass === 'auth'
      ? `the ${entry.connector} credential was refused (${result.message}); an admin must save a new one`
      : result.message;
  return { state: 'paused', reason, dueAt: until };
}

/**
 * Records a batch's outcomes in one transaction: the outbox rows, the per-contact state, the
 * per-minute counts for the dashboard, and the replicated delivery_status / enrichments
 * documents the devices show.
 */
export async function recordOutcomes(
  tx: Sql,
  writeDocuments: WriteServerDocuments,
  results: { entry: Entry; outcome: Outcome }[],
  now: number,
): Promise<void> {
  if (results.length === 0) return;
  const { workspaceId, connector } = results[0]!.entry;
  // Lock order as replication's push (workspace lock, then delivery_state and outbox rows, which
  // a push writes too): taken first, or a push and this could deadlock on PostgreSQL.
  await lockWorkspace(tx, workspaceId);

  // The outbox first: it tells which entries an edit replaced while they were in flight.
  const delivered = results.filter((r) => r.outcome.state === 'delivered').map((r) => r.entry);
  const replaced = await markDelivered(tx, delivered);
  let failed = 0;
  const waits = new Map<
    string,
    { entries: Entry[]; dueAt: number; reason: string; count: boolean }
  >();
  for (const { entry, outcome } of results) {
    if (outcome.state === 'failed') {
      failed++;
      if (await markFailed(tx, entry, outcome.reason)) replaced.add(entry.documentId);
    } else if (outcome.state !== 'delivered') {
      // Paused entries are due now, held back by the connector's pause (connector_state), which
      // a new credential or the reset time lifts.
      const dueAt = outcome.state === 'pending' ? outcome.dueAt : now;
      const key = `${dueAt} ${outcome.state} ${outcome.reason}`;
      const wait = waits.get(key) ?? {
        entries: [],
        dueAt,
        reason: outcome.reason,
        count: outcome.state === 'pending',
      };
      wait.entries.push(entry);
      waits.set(key, wait);
    }
  }
  for (const wait of waits.values()) {
    await reschedule(tx, wait.entries, wait.dueAt, wait.reason, wait.count);
  }

  // One row per contact (a Lemlist batch may hold two enrollments of one contact): the last wins.
  const states = new Map(results.map((r) => [r.entry.contactId, r]));
  await saveStates(
    tx,
    workspaceId,
    [...states.values()].map(({ entry, outcome }) => {
      const remoteId = outcome.state === 'delivered' ? outcome.remoteId : null;
      // What became of a replaced version is not the contact's state: its edit is still owed.
      if (replaced.has(entry.documentId))
        return { contactId: entry.contactId, connector, ...PENDING, remoteId };
      return {
        contactId: entry.contactId,
        connector,
        state: outcome.state,
        remoteId,
        reason: outcome.state === 'delivered' ? (outcome.note ?? null) : outcome.reason,
        attempts: entry.attempts + 1,
      };
    }),
    now,
  );
  await replicateStatus(tx, writeDocuments, workspaceId, [...states.keys()], now);
  const enrichments = results.flatMap(({ entry, outcome }) =>
    outcome.state === 'delivered' && outcome.enrichment
      ? [
          {
            id: entry.contactId,
            provider: 'explorium',
            ...outcome.enrichment,
            matchedAt: iso(now),
            _deleted: false,
          } satisfies Enrichment & WireDocument,
        ]
      : [],
  );
  if (enrichments.length > 0) await writeDocuments(tx, workspaceId, 'enrichments', enrichments);

  if (delivered.length + failed > 0) {
    await tx.query(
      `INSERT INTO delivery_minutes (workspace_id, connector, minute, delivered, failed)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, connector, minute) DO UPDATE SET
         delivered = delivery_minutes.delivered + excluded.delivered,
         failed = delivery_minutes.failed + excluded.failed`,
      [workspaceId, connector, Math.floor(now / 60_000), delivered.length, failed],
    );
  }
}

/** What delivery_state holds for one contact and connector. */
interface StateInput {
  contactId: string;
  connector: Connector;
  state: DeliveryState['state'];
  /** Null keeps the remote id already known (a retry or a new edit does not forget it). */
  remoteId: string | null;
  reason: string | null;
  attempts: number;
}

/** Upserts the states, 100 rows per statement; each (contact, connector) at most once. */
async function saveStates(tx: Sql, workspaceId: string, states: StateInput[], now: number) {
  const rows = states.map((s) => [
    workspaceId,
    s.contactId,
    s.connector,
    s.state,
    s.remoteId,
    s.reason,
    s.attempts,
    now,
  ]);
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const values = chunk
      .map((_, r) => `(${Array.from({ length: 8 }, (__, c) => `$${r * 8 + c + 1}`).join(', ')})`)
      .join(', ');
    await tx.query(
      `INSERT INTO delivery_state (workspace_id, contact_id, connector, state, remote_id, reason,
         attempts, updated_at)
       VALUES ${values}
       ON CONFLICT (workspace_id, contact_id, connector) DO UPDATE SET state = excluded.state,
         remote_id = COALESCE(excluded.remote_id, delivery_state.remote_id),
         reason = excluded.reason, attempts = excluded.attempts, updated_at = excluded.updated_at`,
      chunk.flat(),
    );
  }
}

/**
 * Writes the contacts' whole delivery_status documents, which replicate to every device; 500
 * contacts a pass (a key saved or a pause covers a connector's whole queue).
 */
async function replicateStatus(
  tx: Sql,
  writeDocuments: WriteServerDocuments,
  workspaceId: string,
  contactIds: readonly string[],
  now: number,
) {
  for (let i = 0; i < contactIds.length; i += 500) {
    const docs = await statusDocuments(tx, workspaceId, contactIds.slice(i, i + 500), now);
    await writeDocuments(tx, workspaceId, 'delivery_status', docs);
  }
}

/** Owed, not attempted yet: no reason, attempts 0 (the remote id is kept). */
const PENDING = { state: 'pending', reason: null, attempts: 0 } as const;

/** The workspace's connectors paused at `now`, with the reason the devices show. */
async function pauses(sql: Sql, workspaceId: string, now: number) {
  const rows = await sql.query<{ connector: Connector; paused_reason: string | null }>(
    'SELECT connector, paused_reason FROM connector_state WHERE workspace_id = $1 AND paused_until > $2',
    [workspaceId, now],
  );
  return new Map(rows.map((row) => [row.connector, row.paused_reason]));
}

/**
 * Entries just enqueued or retried show on the devices at once, before any attempt: pending, or
 * paused with the reason while their connector is paused (a quota, a refused key). One pass for
 * all of them (a push carries up to 500 rows). The caller holds the workspace lock.
 */
export async function markOwed(
  tx: Sql,
  writeDocuments: WriteServerDocuments,
  workspaceId: string,
  owed: readonly { contactId: string; connector: Connector }[],
  now: number,
): Promise<void> {
  const unique = new Map(owed.map((o) => [`${o.connector}\0${o.contactId}`, o]));
  if (unique.size === 0) return;
  const paused = await pauses(tx, workspaceId, now);
  await saveStates(
    tx,
    workspaceId,
    [...unique.values()].map(({ contactId, connector }) => ({
      contactId,
      connector,
      remoteId: null,
      ...(paused.has(connector)
        ? { state: 'paused', reason: paused.get(connector) ?? null, attempts: 0 }
        : PENDING),
    })),
    now,
  );
  const contactIds = [...new Set(owed.map((o) => o.contactId))];
  await replicateStatus(tx, writeDocuments, workspaceId, contactIds, now);
}

/**
 * Shows every contact with an entry of `connector` waiting in the outbox as the connector now
 * stands (markOwed), when that changes: a key saved (entries queued without one were not shown,
 * triggers.ts), a pause, its end. A contact that already shows it keeps its row (a pending one
 * its attempts and last reason); failed entries keep their failure. The caller holds the
 * workspace lock.
 */
export async function showQueue(
  tx: Sql,
  writeDocuments: WriteServerDocuments,
  workspaceId: string,
  connector: Connector,
  now: number,
): Promise<void> {
  const pause = (await pauses(tx, workspaceId, now)).get(connector);
  const rows = await tx.query<{ contact_id: string; state: string | null; reason: string | null }>(
    `SELECT DISTINCT o.contact_id, d.state, d.reason FROM outbox o
     LEFT JOIN delivery_state d ON d.workspace_id = o.workspace_id
       AND d.contact_id = o.contact_id AND d.connector = o.connector
     WHERE o.workspace_id = $1 AND o.connector = $2 AND o.state = 'pending'`,
    [workspaceId, connector],
  );
  const stale = rows.filter((row) =>
    pause === undefined ? row.state !== 'pending' : row.state !== 'paused' || row.reason !== pause,
  );
  await markOwed(
    tx,
    writeDocuments,
    workspaceId,
    stale.map((row) => ({ contactId: row.contact_id, connector })),
    now,
  );
}

type StateRow = {
  contact_id: string;
  connector: Connector;
  state: DeliveryState['state'];
  remote_id: string | null;
  reason: string | null;
  attempts: number;
  updated_at: number;
};

/** The whole delivery_status document of each contact, from every connector's row. */
export async function statusDocuments(
  sql: Sql,
  workspaceId: string,
  contactIds: readonly string[],
  now: number,
): Promise<WireDocument[]> {
  if (contactIds.length === 0) return [];
  const marks = contactIds.map((_, i) => `$${i + 2}`).join(', ');
  const rows = await sql.query<StateRow>(
    `SELECT contact_id, connector, state, remote_id, reason, attempts, updated_at
     FROM delivery_state WHERE workspace_id = $1 AND contact_id IN (${marks})`,
    [workspaceId, ...contactIds],
  );
  const docs = new Map<string, WireDocument>();
  for (const id of contactIds) {
    const doc: WireDocument = { id, _deleted: false, updatedAt: iso(now) };
    for (const connector of CONNECTORS) doc[connector] = null;
    docs.set(id, doc);
  }
  for (const row of rows) {
    const state: DeliveryState = {
      state: row.state,
      remoteId: row.remote_id,
      reason: row.reason === null ? null : row.reason.slice(0, 1_000),
      attempts: row.attempts,
      updatedAt: iso(row.updated_at),
    };
    docs.get(row.contact_id)![row.connector] = state;
  }
  return [...docs.values()];
}

/** The remote ids known for these contacts at one connector, by contact id. */
export async function remoteIds(
  sql: Sql,
  workspaceId: string,
  connector: Connector,
  contactIds: readonly string[],
): Promise<Map<string, string>> {
  if (contactIds.length === 0) return new Map();
  const marks = contactIds.map((_, i) => `$${i + 3}`).join(', ');
  const rows = await sql.query<{ contact_id: string; remote_id: string }>(
    `SELECT contact_id, remote_id FROM delivery_state
     WHERE workspace_id = $1 AND connector = $2 AND remote_id IS NOT NULL
       AND contact_id IN (${marks})`,
    [workspaceId, connector, ...contactIds],
  );
  return new Map(rows.map((row) => [row.contact_id, row.remote_id]));
}
