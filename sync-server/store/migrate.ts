import { checkMigrationList, type Migration, MIGRATIONS } from './migrations.ts';
import type { Sql, Store, StoreKind } from './store.ts';

export interface MigrationReport {
  /** Migrations applied by this run, oldest first; empty when the schema was current. */
  applied: { version: number; name: string }[];
  schemaVersion: number;
}

/** A migration's SQL failed; its transaction was rolled back and later ones were not tried. */
export class MigrationError extends Error {
  readonly version: number;
  readonly migrationName: string;
  constructor(migration: Migration, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `migration ${migration.version} "${migration.name}" failed and was rolled back: ${reason}`,
      {
        cause,
      },
    );
    this.name = 'MigrationError';
    this.version = migration.version;
    this.migrationName = migration.name;
  }
}

/** The database was migrated by a newer server, or by other code: this one must not touch it. */
export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

/**
 * Any constant shared by every Outpost instance: instances starting together on one PostgreSQL
 * database queue on it instead of racing to create the same tables.
 */
const PG_MIGRATION_LOCK = '7408142019';

const CREATE_MIGRATIONS_TABLE: Record<StoreKind, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL
  )`,
};

type Step = { done: true; schemaVersion: number } | { done: false; migration: Migration };

/**
 * Brings the schema up to date, one transaction per migration. Safe to run on every start: it
 * does nothing when the schema is current, and refuses a database whose recorded history is
 * not a prefix of `migrations` (newer server, or renamed migrations).
 */
export async function runMigrations(
  store: Pick<Store, 'kind' | 'transaction'>,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): Promise<MigrationReport> {
  checkMigrationList(migrations);
  const applied: MigrationReport['applied'] = [];
  for (;;) {
    // State is re-read under the lock each time, so a concurrent instance's work is seen.
    const step = await store.transaction(async (tx): Promise<Step> => {
      if (store.kind === 'postgres') {
        await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [PG_MIGRATION_LOCK]);
      }
      await tx.exec(CREATE_MIGRATIONS_TABLE[store.kind]);
      const history = await tx.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      checkHistory(history, migrations);
      const next = migrations[history.length];
      if (!next) return { done: true, schemaVersion: history.length };
      try {
        await tx.exec(next[store.kind]);
      } catch (cause) {
        throw new MigrationError(next, cause);
      }
      await tx.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [next.version, next.name, now().toISOString()],
      );
      return { done: false, migration: next };
    });
    if (step.done) return { applied, schemaVersion: step.schemaVersion };
    applied.push({ version: step.migration.version, name: step.migration.name });
  }
}

function checkHistory(
  history: readonly { version: number; name: string }[],
  migrations: readonly Migration[],
): void {
  const latest = history.at(-1);
  if (latest && latest.version > migrations.length) {
    throw new SchemaMismatchError(
      `the database schema is at version ${latest.version}, newer than this server knows ` +
        `(${migrations.length}): run a newer Outpost server, or restore a matching backup`,
    );
  }
  history.forEach((row, index) => {
    const known = migrations[index];
    if (row.version !== index + 1 || !known || known.name !== row.name) {
      throw new SchemaMismatchError(
        `the database recorded migration ${row.version} "${row.name}" but this server has ` +
          `${known ? `${known.version} "${known.name}"` : 'none'} there: it was migrated by other code`,
      );
    }
  });
}

/** Highest applied version, 0 when nothing (not even the bookkeeping table) exists. */
export async function readSchemaVersion(db: Sql, kind: StoreKind): Promise<number> {
  const exists =
    kind === 'sqlite'
      ? await db.query(
          "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        )
      : await db.query("SELECT 1 AS found WHERE to_regclass('schema_migrations') IS NOT NULL");
  if (exists.length === 0) return 0;
  const rows = await db.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return rows[0]?.version ?? 0;
}
