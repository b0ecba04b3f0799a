import type { CollectionName } from '../../shared/documents/collections.ts';
import type { WireDocument } from '../../shared/sync/protocol.ts';
import type { Sql, StoreKind } from '../store/store.ts';

/**
 * The documents table (store/migrations/documents.ts): every statement names the workspace.
 * Writers call `lockWorkspace` first: it serializes them per workspace, so sequence numbers
 * become visible in the order they were given and a reader never sees seq N+1 before N.
 */

export interface StoredRow {
  seq: number;
  collection: CollectionName;
  /** The document as JSON text, `_deleted` included. */
  data: string;
}

/** Locks the workspace's counter row until the transaction ends; returns its current seq. */
export async function lockWorkspace(tx: Sql, workspaceId: string): Promise<number> {
  const [row] = await tx.query<{ seq: number }>(
    `INSERT INTO document_seqs (workspace_id, seq) VALUES ($1, 0)
     ON CONFLICT (workspace_id) DO UPDATE SET seq = document_seqs.seq
     RETURNING seq`,
    [workspaceId],
  );
  return row!.seq;
}

export async function saveWorkspaceSeq(tx: Sql, workspaceId: string, seq: number) {
  await tx.query('UPDATE document_seqs SET seq = $2 WHERE workspace_id = $1', [workspaceId, seq]);
}

/** The workspace's last assigned seq; 0 before its first write. */
export async function currentSeq(db: Sql, workspaceId: string): Promise<number> {
  const [row] = await db.query<{ seq: number }>(
    'SELECT seq FROM document_seqs WHERE workspace_id = $1',
    [workspaceId],
  );
  return row?.seq ?? 0;
}

/**
 * The workspace's seq once no write is in flight. Only needed where a reader may hear of a
 * write before it commits (the in-process feed on PostgreSQL): it then takes the writers' lock
 * briefly (a first write's counter row is invisible, so `FOR SHARE` would not wait for it).
 * SQLite transactions run one at a time; NOTIFY arrives after the commit.
 */
export async function settledSeq(
  tx: Sql,
  kind: StoreKind,
  workspaceId: string,
  heardAfterCommit: boolean,
): Promise<number> {
  if (kind === 'sqlite' || heardAfterCommit) return currentSeq(tx, workspaceId);
  return lockWorkspace(tx, workspaceId);
}

export async function readDocuments(
  tx: Sql,
  workspaceId: string,
  collection: CollectionName,
  ids: readonly string[],
): Promise<Map<string, WireDocument>> {
  const found = new Map<string, WireDocument>();
  // Chunked: SQLite allows 32766 parameters, and shorter statements cache better.
  for (let start = 0; start < ids.length; start += 200) {
    const chunk = [...new Set(ids.slice(start, start + 200))];
    const placeholders = chunk.map((_, i) => `$${i + 3}`).join(', ');
    const rows = await tx.query<{ id: string; data: string }>(
      `SELECT id, data FROM documents
       WHERE workspace_id = $1 AND collection = $2 AND id IN (${placeholders})`,
      [workspaceId, collection, ...chunk],
    );
    for (const row of rows) found.set(row.id, JSON.parse(row.data) as WireDocument);
  }
  return found;
}

/** Inserts or replaces one document at `seq` (the caller holds the workspace lock). */
export async function writeDocument(
  tx: Sql,
  workspaceId: string,
  collection: CollectionName,
  document: WireDocument,
  seq: number,
  now: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO documents (workspace_id, collection, id, seq, deleted, data, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (workspace_id, collection, id) DO UPDATE SET
       seq = excluded.seq, deleted = excluded.deleted, data = excluded.data,
       updated_at = excluded.updated_at`,
    [
      workspaceId,
      collection,
      document.id,
      seq,
      document._deleted ? 1 : 0,
      JSON.stringify(document),
      now,
    ],
  );
}

export const PULL_SQL = `SELECT seq, collection, data FROM documents
  WHERE workspace_id = $1 AND collection = $2 AND seq > $3
  ORDER BY seq LIMIT $4`;

/** One collection's changes strictly after `after`, in seq order. */
export function pullRows(
  db: Sql,
  workspaceId: string,
  collection: CollectionName,
  after: number,
  limit: number,
): Promise<StoredRow[]> {
  return db.query<StoredRow & Record<string, unknown>>(PULL_SQL, [
    workspaceId,
    collection,
    after,
    limit,
  ]);
}

/** Every collection's changes strictly after `after`, in seq order (for the live streams). */
export function rowsAfter(
  db: Sql,
  workspaceId: string,
  after: number,
  limit: number,
): Promise<StoredRow[]> {
  return db.query<StoredRow & Record<string, unknown>>(
    `SELECT seq, collection, data FROM documents
     WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [workspaceId, after, limit],
  );
}

/** `{"documents":[...],"checkpoint":{"seq":N}}` from stored JSON text, without re-parsing. */
export function pageJson(rows: readonly StoredRow[], checkpointSeq: number): string {
  return `{"documents":[${rows.map((row) => row.data).join(',')}],"checkpoint":{"seq":${checkpointSeq}}}`;
}
