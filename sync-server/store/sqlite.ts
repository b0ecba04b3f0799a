import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { readSchemaVersion, runMigrations } from './migrate.ts';
import type { Row, Sql, SqlParam, Store } from './store.ts';

const STATEMENT_CACHE_SIZE = 200;

/**
 * Rewrites `$1, $2` to SQLite's numbered `?1, ?2`, skipping string literals, quoted identifiers
 * and comments. SQLite would accept `$1` as a *named* parameter, but then binds by order of first
 * appearance, so `WHERE b = $2 AND a = $1` would silently swap the values.
 */
export function toSqlitePlaceholders(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    let end = -1;
    if (ch === "'" || ch === '"' || ch === '`') {
      const close = sql.indexOf(ch, i + 1);
      end = close === -1 ? sql.length : close + 1;
    } else if (ch === '-' && next === '-') {
      const close = sql.indexOf('\n', i);
      end = close === -1 ? sql.length : close + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
    }
    if (end !== -1) {
      out += sql.slice(i, end);
      i = end;
    } else {
      out += ch === '$' && next !== undefined && next >= '0' && next <= '9' ? '?' : ch;
      i += 1;
    }
  }
  return out;
}

/**
 * SQLite through node:sqlite. The connection is synchronous and single, so operations are
 * queued: a transaction that awaits between statements must not let another caller's statement
 * run inside it.
 */
export function openSqliteStore(file: string): Store {
  const db = new DatabaseSync(file);
  // WAL lets readers (a backup, the sqlite3 shell) work while the server writes; NORMAL sync is
  // durable across process crashes in WAL mode; busy_timeout waits out another process's lock.
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 5000;
    PRAGMA foreign_keys = ON;
  `);

  const statements = new Map<string, StatementSync>();
  function prepare(sql: string): StatementSync {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(toSqlitePlaceholders(sql));
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(sql, statement);
    }
    return statement;
  }
  function run<T extends Row>(sql: string, params: readonly SqlParam[] = []): T[] {
    // Spread into plain objects: node:sqlite rows have a null prototype.
    return prepare(sql)
      .all(...params)
      .map((row) => ({ ...row }) as T);
  }

  // Statements run directly, bypassing the queue: for code that already holds it.
  const direct: Sql = {
    query: async (sql, params) => run(sql, params),
    exec: async (sql) => db.exec(sql),
  };

  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    if (inTransaction.getStore()) {
      // Waiting for the queue from inside a transaction would wait for itself forever.
      return Promise.reject(
        new Error('inside store.transaction(), use the tx it passes, not the store'),
      );
    }
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  }
  const inTransaction = new AsyncLocalStorage<true>();

  return {
    kind: 'sqlite',
    location: file,
    query: (sql, params) => exclusive(() => run(sql, params)),
    exec: (sql) => exclusive(() => db.exec(sql)),
    transaction(fn) {
      return exclusive(async () => {
        let open = true;
        const guard = () => {
          if (!open) throw new Error('this transaction has already finished');
        };
        const tx: Sql = {
          query: async (sql, params) => {
            guard();
            return direct.query(sql, params);
          },
          exec: async (sql) => {
            guard();
            return direct.exec(sql);
          },
        };
        // IMMEDIATE takes the write lock now, so two writers cannot both read then deadlock.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await inTransaction.run(true, () => fn(tx));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          open = false;
        }
      });
    },
    migrate() {
      return runMigrations(this);
    },
    schemaVersion() {
      return exclusive(() => readSchemaVersion(direct, 'sqlite'));
    },
    async ping() {
      await exclusive(() => run('SELECT 1 AS ok'));
    },
    close: () =>
      exclusive(() => {
        statements.clear();
        if (db.isOpen) db.close();
      }),
  };
}
