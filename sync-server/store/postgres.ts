import { Pool, TypeOverrides, types as pgTypes } from 'pg';
import { readSchemaVersion, runMigrations } from './migrate.ts';
import type { Row, Sql, SqlParam, Store } from './store.ts';

/**
 * Rows must look the same as SQLite's (see store.ts): int8 (count(*), bigserial sequences) as
 * numbers rather than strings, and timestamps as ISO strings rather than Dates. Sequence
 * numbers stay far below 2^53, where Number is exact.
 */
function rowTypes(): TypeOverrides {
  const { builtins, getTypeParser } = pgTypes;
  const types = new TypeOverrides();
  types.setTypeParser(builtins.INT8, (value) => Number(value));
  for (const oid of [builtins.TIMESTAMPTZ, builtins.TIMESTAMP]) {
    const parse = getTypeParser(oid, 'text') as (value: string) => Date;
    types.setTypeParser(oid, (value) => parse(value).toISOString());
  }
  return types;
}

/** The URL without its password, for logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}

export interface PostgresOptions {
  /** An idle pooled connection failed (server restart, network); the pool replaces it. */
  onIdleError?: (error: Error) => void;
  maxConnections?: number;
}

/** PostgreSQL through a pg Pool; several server instances may share one database. */
export function openPostgresStore(url: string, options: PostgresOptions = {}): Store {
  const pool = new Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: rowTypes(),
    application_name: 'outpost-sync',
  });
  // Without a listener, an idle client's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  let closed = false;

  const onPool: Sql = {
    async query<T extends Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await pool.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
  };

  return {
    kind: 'postgres',
    location: describePostgresUrl(url),
    ...onPool,
    async transaction(fn) {
      const client = await pool.connect();
      let open = true;
      const guard = () => {
        if (!open) throw new Error('this transaction has already finished');
      };
      const tx: Sql = {
        async query<T extends Row>(sql: string, params: readonly SqlParam[] = []) {
          guard();
          return (await client.query<T>(sql, [...params])).rows;
        },
        async exec(sql) {
          guard();
          await client.query(sql);
        },
      };
      // A connection whose ROLLBACK failed is in an unknown state: destroy it, don't reuse it.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        open = false;
        client.release(broken);
      }
    },
    migrate() {
      return runMigrations(this);
    },
    schemaVersion: () => readSchemaVersion(onPool, 'postgres'),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
