import { accountsMigration } from './migrations/accounts.ts';
import { deliveryMigration } from './migrations/delivery.ts';
import { deliverySettingsMigration } from './migrations/delivery-settings.ts';
import { documentsMigration } from './migrations/documents.ts';

/**
 * The schema's history, oldest first. Append only: a migration that has shipped is never edited
 * or renumbered (databases in the field record its version and name), a fix is a new migration.
 * Each one runs in its own transaction, so keep statements transactional (no
 * `CREATE INDEX CONCURRENTLY`, no `VACUUM`).
 */
export interface Migration {
  /** 1, 2, 3, ... without gaps. */
  version: number;
  /** snake_case; recorded in schema_migrations and checked on every start. */
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'server_meta',
    // Facts about this server instance's database. `instance_id` lets replication tell clients
    // that the server's data was reset (a new id means their checkpoints are void: RESYNC);
    // `created_at` dates the installation.
    sqlite: `
      CREATE TABLE server_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;
      INSERT INTO server_meta (key, value) VALUES
        ('instance_id', lower(hex(randomblob(16)))),
        ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    `,
    postgres: `
      CREATE TABLE server_meta (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO server_meta (key, value) VALUES
        ('instance_id', replace(gen_random_uuid()::text, '-', '')),
        ('created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
    `,
  },
  // Versions 2-5 each belong to one area of the server and live beside its code's schema notes.
  accountsMigration,
  documentsMigration,
  deliveryMigration,
  deliverySettingsMigration,
];

/** Throws if versions are not 1, 2, 3, ... or names are not snake_case; run by the runner. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new Error(`migration "${m.name}" has version ${m.version}, expected ${index + 1}`);
    }
    if (!/^[a-z][a-z0-9_]*$/.test(m.name)) {
      throw new Error(`migration ${m.version} name "${m.name}" is not snake_case`);
    }
  });
}
