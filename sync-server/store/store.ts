import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { MigrationReport } from './migrate.ts';

/**
 * The server's persistence, one interface with two implementations: SQLite (one process, one
 * machine) and PostgreSQL (several server instances). Everything is async even on SQLite, so
 * callers never depend on which one they hold.
 *
 * SQL conventions shared by both, so one statement text runs on either:
 * - placeholders are PostgreSQL-style `$1, $2, ...`; the SQLite store rewrites them to `?1, ?2`
 *   (a `$` followed by a digit inside a string literal is left alone, but prefer parameters);
 * - column names are lower snake_case (PostgreSQL folds unquoted names to lower case);
 * - timestamps are ISO 8601 UTC: TEXT on SQLite, timestamptz on PostgreSQL read back as strings;
 * - integers come back as JS numbers (PostgreSQL int8 included), booleans as 0/1 on SQLite;
 * - where the dialects differ (DDL, upserts), branch on `store.kind`.
 */
export type StoreKind = 'sqlite' | 'postgres';

export type SqlParam = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;

/** The SQL layer the migration runner and later code share. */
export interface Sql {
  /** Runs one statement (any kind) and returns its rows, `[]` if it returns none. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
}

export interface Store extends Sql {
  readonly kind: StoreKind;
  /** Where the data lives, safe to log (no password). */
  readonly location: string;
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. Use the
   * `tx` it is given, not the store, inside `fn`; transactions do not nest.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Applies pending migrations (see migrate.ts). */
  migrate(): Promise<MigrationReport>;
  /** Highest applied migration version; 0 on an empty database. */
  schemaVersion(): Promise<number>;
  /** Resolves if the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'outpost.sqlite';

/** SQLite file in the data directory, unless a PostgreSQL URL is configured. */
export async function openStore(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  log?: Logger,
): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./postgres.ts');
    return openPostgresStore(config.databaseUrl, {
      onIdleError: (err) => log?.error({ err }, 'idle PostgreSQL connection failed'),
    });
  }
  const { openSqliteStore } = await import('./sqlite.ts');
  return openSqliteStore(join(config.dataDir, SQLITE_FILE));
}
