import type { Migration } from '../migrations.ts';

/** Replicated documents of every collection, per workspace (sync-server/replication). */
export const documentsMigration: Migration = {
  version: 3,
  name: 'documents',
  sqlite: `
    CREATE TABLE documents (
      workspace_id TEXT NOT NULL,
      collection TEXT NOT NULL,
      id TEXT NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (workspace_id, collection, id)
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE documents (
      workspace_id text NOT NULL,
      collection text NOT NULL,
      id text NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (workspace_id, collection, id)
    );
  `,
};
