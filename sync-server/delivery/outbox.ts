import { randomUUID } from 'node:crypto';
import type { Connector } from '../../shared/documents/server-written.ts';
import type { Sql, StoreKind } from '../store/store.ts';

/**
 * The outbox (architecture.md, "Delivery to the CRMs"): one row per (workspace, connector,
 * document). Enqueueing an existing key replaces its payload and bumps its version, so ten edits
 * during an outage are one delivery of the latest state. Workers claim due rows with a lease;
 * a row is deleted only when the version it carried was delivered, so an edit that arrives
 * mid-delivery is delivered next, and a crashed worker's lease simply expires.
 */

export type EntryKind = 'upsert' | 'archive' | 'enrich' | 'add_lead' | 'unsubscribe';

export interface Entry {
  workspaceId: string;
  connector: Connector;
  documentId: string;
  contactId: string;
  kind: EntryKind;
  payload: Record<string, unknown>;
  version: number;
  attempts: number;
  /** The claim this worker holds (lease_owner). */
  claim: string;
}

type OutboxRow = {
  workspace_id: string;
  connector: Connector;
  document_id: string;
  contact_id: string;
  kind: EntryKind;
  payload: string;
  version: number;
  attempts: number;
  lease_owner: string;
};

export interface EnqueueInput {
  workspaceId: string;
  connector: Connector;
  documentId: string;
  /** The contact the entry is about (the document itself, or an enrollment's contact). */
  contactId: string;
  kind: EntryKind;
  payload: Record<string, unknown>;
}

/**
 * Puts the latest state in the outbox, 100 rows per statement (a push owes up to 1,000).
 * `onlyIfAbsent`: keep a row that is already there (an enrichment asked twice is still one
 * enrichment). An input repeated for one key counts once, the last one.
 */
export async function enqueue(
  tx: Sql,
  inputs: readonly EnqueueInput[],
  now: number,
  onlyIfAbsent = false,
): Promise<void> {
  const conflict = onlyIfAbsent
    ? 'DO NOTHING'
    : `DO UPDATE SET kind = excluded.kind, payload = excluded.payload,
         version = outbox.version + 1, state = 'pending', attempts = 0, last_error = NULL,
         due_at = CASE WHEN outbox.state = 'failed' THEN excluded.due_at
                       ELSE outbox.due_at END`;
  // PostgreSQL refuses a statement that would update one row twice.
  const latest = [
    ...new Map(
      inputs.map((i) => [`${i.workspaceId}\0${i.connector}\0${i.documentId}`, i]),
    ).values(),
  ];
  for (let start = 0; start < latest.length; start += 100) {
    const chunk = latest.slice(start, start + 100);
    const values = chunk
      .map((_, r) => {
        const p = (c: number) => `$${r * 6 + c + 2}`;
        return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, 1, 'pending', 0, $1, $1)`;
      })
      .join(', ');
    await tx.query(
      `INSERT INTO outbox (workspace_id, connector, document_id, contact_id, kind, payload, version,
         state, attempts, due_at, created_at)
       VALUES ${values}
       ON CONFLICT (workspace_id, connector, document_id) ${conflict}`,
      [
        now,
        ...chunk.flatMap((input) => [
          input.workspaceId,
          input.connector,
          input.documentId,
          input.contactId,
          input.kind,
          JSON.stringify(input.payload),
        ]),
      ],
    );
  }
}

/**
 * Claims up to `limit` due entries of one connector, oldest due first, skipping workspaces whose
 * connector is paused or has no credential. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several
 * server instances claim side by side without waiting on each other; SQLite has one writer.
 */
export async function claim(
  sql: Sql,
  kind: StoreKind,
  connector: Connector,
  options: { limit: number; leaseMs: number; now: number; workspaceId?: string },
): Promise<Entry[]> {
  const owner = randomUUID();
  const lock = kind === 'postgres' ? 'FOR UPDATE OF o SKIP LOCKED' : '';
  const scope = options.workspaceId ? 'AND o.workspace_id = $5' : '';
  const params: (string | number)[] = [connector, options.now, options.limit, owner];
  if (options.workspaceId) params.push(options.workspaceId);
  const rows = await sql.query<OutboxRow>(
    `UPDATE outbox SET lease_owner = $4, lease_until = $2 + ${Math.round(options.leaseMs)}
     WHERE (workspace_id, connector, document_id) IN (
       SELECT o.workspace_id, o.connector, o.document_id FROM outbox o
       WHERE o.connector = $1 AND o.state = 'pending' AND o.due_at <= $2
         AND (o.lease_until IS NULL OR o.lease_until <= $2) ${scope}
         AND EXISTS (SELECT 1 FROM connector_credentials c
                     WHERE c.workspace_id = o.workspace_id AND c.connector = o.connector)
         AND NOT EXISTS (SELECT 1 FROM connector_state s
                         WHERE s.workspace_id = o.workspace_id AND s.connector = o.connector
                           AND s.paused_until > $2)
       ORDER BY o.due_at
       LIMIT $3 ${lock})
     RETURNING workspace_id, connector, document_id, contact_id, kind, payload, version, attempts, lease_owner`,
    params,
  );
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    connector: row.connector,
    documentId: row.document_id,
    contactId: row.contact_id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    version: row.version,
    attempts: row.attempts,
    claim: row.lease_owner,
  }));
}

/** Entries of one claim (one workspace, connector and lease owner), by document id, as SQL. */
function claimed(entries: readonly Entry[], next = 4) {
  const e = entries[0]!;
  const marks = entries.map((_, i) => `$${next + i}`).join(', ');
  return {
    where: `workspace_id = $1 AND connector = $2 AND lease_owner = $3 AND document_id IN (${marks})`,
    params: [e.workspaceId, e.connector, e.claim, ...entries.map((x) => x.documentId)],
  };
}

/** Groups entries by claim (a batch normally has one), so each statement covers one claim. */
function byClaim(entries: readonly Entry[]): Entry[][] {
  return [...Map.groupBy(entries, (e) => e.claim).values()];
}

/**
 * Delivered: gone, unless a newer version arrived meanwhile (then only the lease is released).
 * Returns the documents of those: their newer version is still owed.
 */
export async function markDelivered(tx: Sql, entries: readonly Entry[]): Promise<Set<string>> {
  const replaced = new Set<string>();
  for (const group of byClaim(entries)) {
    for (const [version, same] of Map.groupBy(group, (e) => e.version)) {
      const { where, params } = claimed(same, 5);
      await tx.query(`DELETE FROM outbox WHERE ${where} AND version = $4`, [
        ...params.slice(0, 3),
        version,
        ...params.slice(3),
      ]);
    }
    // Rows still held by this claim carry a newer edit: release them to be delivered next.
    const { where, params } = claimed(group);
    const rows = await tx.query<{ document_id: string }>(
      `UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE ${where} RETURNING document_id`,
      params,
    );
    for (const row of rows) replaced.add(row.document_id);
  }
  return replaced;
}

/**
 * Permanently refused: kept (for "retry") but never claimed again until retried or edited.
 * Returns true when a newer version arrived meanwhile: that one is still owed, not failed.
 */
export async function markFailed(tx: Sql, entry: Entry, reason: string): Promise<boolean> {
  const { where, params } = claimed([entry], 6);
  await tx.query(
    `UPDATE outbox SET state = 'failed', last_error = $5, attempts = attempts + 1,
       lease_owner = NULL, lease_until = NULL
     WHERE ${where} AND version = $4`,
    [...params.slice(0, 3), entry.version, reason, ...params.slice(3)],
  );
  const held = claimed([entry]);
  const replaced = await tx.query(
    `UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE ${held.where} RETURNING 1 AS r`,
    held.params,
  );
  return replaced.length > 0;
}

/** Not now: due again at `dueAt`; `countAttempt` false for waits that are no failure (pause). */
export async function reschedule(
  tx: Sql,
  entries: readonly Entry[],
  dueAt: number,
  reason: string,
  countAttempt = true,
): Promise<void> {
  for (const group of byClaim(entries)) {
    const { where, params } = claimed(group, 7);
    await tx.query(
      `UPDATE outbox SET due_at = $4, last_error = $5, attempts = attempts + $6,
         lease_owner = NULL, lease_until = NULL
       WHERE ${where}`,
      [...params.slice(0, 3), dueAt, reason, countAttempt ? 1 : 0, ...params.slice(3)],
    );
  }
}

/**
 * "Retry" on a failed contact, or on every failed entry of a connector; returns the contact of
 * each entry requeued.
 */
export async function retryFailed(
  sql: Sql,
  workspaceId: string,
  connector: Connector,
  now: number,
  contactId?: string,
): Promise<string[]> {
  const params: (string | number)[] = [workspaceId, connector, now];
  let filter = '';
  if (contactId) {
    params.push(contactId);
    filter = 'AND contact_id = $4';
  }
  const rows = await sql.query<{ contact_id: string }>(
    `UPDATE outbox SET state = 'pending', due_at = $3, attempts = 0, last_error = NULL
     WHERE workspace_id = $1 AND connector = $2 AND state = 'failed' ${filter}
     RETURNING contact_id`,
    params,
  );
  return rows.map((row) => row.contact_id);
}

/** Entries owed per connector and workspace: pending (due or not) and failed. */
export async function queueDepth(sql: Sql, workspaceId: string) {
  return sql.query<{ connector: Connector; state: string; n: number }>(
    `SELECT connector, state, count(*) AS n FROM outbox WHERE workspace_id = $1
     GROUP BY connector, state`,
    [workspaceId],
  );
}
