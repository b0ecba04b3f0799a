import type { Migration } from '../migrations.ts';

/** The outbox, connector credentials and breaker state (sync-server/delivery). */
export const deliveryMigration: Migration = {
  version: 4,
  name: 'delivery',
  sqlite: `
    CREATE TABLE outbox (
      workspace_id TEXT NOT NULL,
      connector TEXT NOT NULL,
      document_id TEXT NOT NULL,
      PRIMARY KEY (workspace_id, connector, document_id)
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE outbox (
      workspace_id text NOT NULL,
      connector text NOT NULL,
      document_id text NOT NULL,
      PRIMARY KEY (workspace_id, connector, document_id)
    );
  `,
};
