import type { Migration } from '../migrations.ts';

/**
 * Replicated documents of every collection, per workspace (sync-server/replication).
 *
 * - `data` is the document as it travels (JSON text, `_deleted` included), so a pull sends it
 *   without parsing. Text rather than jsonb on PostgreSQL: jsonb refuses `\u0000` in strings and
 *   reorders keys, and nothing queries inside documents.
 * - `seq` is the workspace's change sequence, assigned in commit order under the lock of the
 *   workspace's `document_seqs` row; unique per workspace. Rows are never deleted: a delete is
 *   `deleted = 1` with the document kept (RxDB tombstone).
 */
export const documentsMigration: Migration = {
  version: 3,
  name: 'documents',
  sqlite: `
    CREATE TABLE document_seqs (
      workspace_id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE documents (
      workspace_id TEXT NOT NULL,
      collection TEXT NOT NULL,
      id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      deleted INTEGER NOT NULL,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, collection, id)
    ) STRICT;
    CREATE UNIQUE INDEX documents_by_seq ON documents (workspace_id, seq);
    CREATE INDEX documents_pull ON documents (workspace_id, collection, seq);
  `,
  postgres: `
    CREATE TABLE document_seqs (
      workspace_id text PRIMARY KEY,
      seq bigint NOT NULL
    );
    CREATE TABLE documents (
      workspace_id text NOT NULL,
      collection text NOT NULL,
      id text NOT NULL,
      seq bigint NOT NULL,
      deleted smallint NOT NULL,
      data text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, collection, id)
    );
    CREATE UNIQUE INDEX documents_by_seq ON documents (workspace_id, seq);
    CREATE INDEX documents_pull ON documents (workspace_id, collection, seq);
  `,
};
