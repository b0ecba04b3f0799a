import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { MigrationError, runMigrations, SchemaMismatchError } from './migrate.ts';
import { checkMigrationList, type Migration, MIGRATIONS } from './migrations.ts';
import { describePostgresUrl, openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store, StoreKind } from './store.ts';

/**
 * One suite, both stores. PostgreSQL tests run in a database created for this run and dropped
 * afterwards; they fail (not skip) when PostgreSQL is unreachable, unless
 * OUTPOST_SKIP_POSTGRES=1, because CI is expected to provide it.
 */
const SKIP_POSTGRES = process.env.OUTPOST_SKIP_POSTGRES === '1';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Harness {
  kind: StoreKind;
  setup(): Promise<void>;
  /** A store on an empty database. */
  fresh(): Promise<Store>;
  /** Another store (another instance) on the database of the last `fresh()`. */
  another(): Store;
  teardown(): Promise<void>;
}

function sqliteHarness(): Harness {
  const dir = tempDir('store');
  let file = '';
  let n = 0;
  return {
    kind: 'sqlite',
    setup: async () => {},
    fresh: async () => {
      file = `${dir.path}/test-${++n}.sqlite`;
      return openSqliteStore(file);
    },
    another: () => openSqliteStore(file),
    teardown: async () => dir.remove(),
  };
}

function postgresHarness(): Harness {
  const database = `outpost_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const testUrl = url.toString();
  let admin: Client | undefined;
  return {
    kind: 'postgres',
    async setup() {
      const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
      } catch (err) {
        throw new Error(
          `PostgreSQL is not reachable at ${describePostgresUrl(ADMIN_URL)} ` +
            `(${err instanceof Error ? err.message : String(err)}). Start it, point ` +
            'TEST_DATABASE_URL at a server, or set OUTPOST_SKIP_POSTGRES=1 to skip these tests.',
          { cause: err },
        );
      }
      admin = client;
      await admin.query(`CREATE DATABASE ${database}`);
    },
    async fresh() {
      // Same database for the whole run, emptied between tests: much faster than one per test.
      const reset = openPostgresStore(testUrl);
      await reset.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await reset.close();
      return openPostgresStore(testUrl);
    },
    another: () => openPostgresStore(testUrl),
    async teardown() {
      if (!admin) return;
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const harnesses = SKIP_POSTGRES ? [sqliteHarness()] : [sqliteHarness(), postgresHarness()];

describe.each(harnesses)('$kind store', (h) => {
  const open: Store[] = [];
  async function fresh(): Promise<Store> {
    const store = await h.fresh();
    open.push(store);
    return store;
  }
  function another(): Store {
    const store = h.another();
    open.push(store);
    return store;
  }

  beforeAll(() => h.setup(), 30_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => h.teardown());

  it('starts empty and answers ping', async () => {
    const store = await fresh();
    expect(store.kind).toBe(h.kind);
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await store.schemaVersion()).toBe(0);
  });

  it('applies every migration once, then does nothing', async () => {
    const store = await fresh();
    const first = await store.migrate();
    expect(first).toEqual({
      applied: MIGRATIONS.map(({ version, name }) => ({ version, name })),
      schemaVersion: MIGRATIONS.length,
    });
    expect(await store.migrate()).toEqual({ applied: [], schemaVersion: MIGRATIONS.length });
    expect(await store.schemaVersion()).toBe(MIGRATIONS.length);

    const history = await store.query<{ version: number; name: string; applied_at: string }>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(history.map((r) => [r.version, r.name])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name]),
    );
    for (const row of history) expect(row.applied_at).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('records when the instance was created, once', async () => {
    const store = await fresh();
    await store.migrate();
    const read = () =>
      store.query<{ key: string; value: string }>(
        'SELECT key, value FROM server_meta ORDER BY key',
      );
    const meta = await read();
    expect(meta.map((r) => r.key)).toEqual(['created_at', 'instance_id']);
    expect(meta[0]?.value).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(meta[1]?.value).toMatch(/^[0-9a-f]{32}$/);
    await store.migrate();
    expect(await read()).toEqual(meta);
  });

  it('rolls back a failing migration and names it', async () => {
    const store = await fresh();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sqlite: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);',
      postgres: 'CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);',
    };
    const attempt = runMigrations(store, [...MIGRATIONS.slice(0, 1), broken]);
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(/migration 2 "broken" failed and was rolled back/);
    expect(await store.schemaVersion()).toBe(1);
    await expect(store.query('SELECT count(*) AS n FROM half_done')).rejects.toThrow();
  });

  it('refuses a database migrated by a newer server', async () => {
    const store = await fresh();
    await store.migrate();
    await store.query(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
      [MIGRATIONS.length + 1, 'from_the_future', new Date().toISOString()],
    );
    const attempt = store.migrate();
    await expect(attempt).rejects.toBeInstanceOf(SchemaMismatchError);
    await expect(attempt).rejects.toThrow(/newer than this server knows/);
  });

  it('refuses a history recorded by other code', async () => {
    const store = await fresh();
    await store.migrate();
    await store.query("UPDATE schema_migrations SET name = 'something_else' WHERE version = 1");
    await expect(store.migrate()).rejects.toThrow(/migrated by other code/);
  });

  it('binds $n placeholders by number, in any order', async () => {
    const store = await fresh();
    await store.exec('CREATE TABLE pairs (a INTEGER NOT NULL, b TEXT NOT NULL)');
    await store.query('INSERT INTO pairs (b, a) VALUES ($2, $1)', [1, 'one']);
    await store.query("INSERT INTO pairs (a, b) VALUES ($1, 'costs $2')", [2]);
    const rows = await store.query<{ a: number; b: string }>(
      'SELECT a, b FROM pairs WHERE b = $2 OR a = $1 ORDER BY a',
      [2, 'one'],
    );
    expect(rows).toEqual([
      { a: 1, b: 'one' },
      { a: 2, b: 'costs $2' },
    ]);
    const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM pairs');
    expect(count?.n).toBe(2);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const store = await fresh();
    await store.exec('CREATE TABLE items (id INTEGER PRIMARY KEY)');
    await store.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES ($1)', [1]);
      await tx.query('INSERT INTO items (id) VALUES ($1)', [2]);
    });
    const failed = store.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES ($1)', [3]);
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    const ids = await store.query<{ id: number }>('SELECT id FROM items ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual([1, 2]);
  });

  it('refuses a transaction handle used after the transaction ended', async () => {
    const store = await fresh();
    const leaked = await store.transaction(async (tx) => tx);
    await expect(leaked.query('SELECT 1 AS one')).rejects.toThrow(/already finished/);
  });

  it('fails ping once closed', async () => {
    const store = await fresh();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });

  it.runIf(h.kind === 'postgres')('lets two instances migrate at the same time', async () => {
    const a = await fresh();
    const b = another();
    const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
    expect(ra.applied.length + rb.applied.length).toBe(MIGRATIONS.length);
    expect(ra.schemaVersion).toBe(MIGRATIONS.length);
    expect(rb.schemaVersion).toBe(MIGRATIONS.length);
    const [row] = await a.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    expect(row?.n).toBe(MIGRATIONS.length);
  });
});

if (SKIP_POSTGRES) {
  describe('postgres store', () => {
    it.skip('skipped: OUTPOST_SKIP_POSTGRES=1', () => {});
  });
}

describe('migration list', () => {
  it('is numbered 1, 2, 3 ... with snake_case names', () => {
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow();
    const gap = [{ ...MIGRATIONS[0]!, version: 2 }];
    expect(() => checkMigrationList(gap)).toThrow(/expected 1/);
  });
});

describe('sqlite specifics', () => {
  const dir = tempDir('sqlite');
  afterAll(() => dir.remove());

  it('uses WAL, a busy timeout and foreign keys', async () => {
    const store = openSqliteStore(`${dir.path}/pragmas.sqlite`);
    const [journal] = await store.query<{ journal_mode: string }>('PRAGMA journal_mode');
    const [fk] = await store.query<{ foreign_keys: number }>('PRAGMA foreign_keys');
    const [busy] = await store.query<{ timeout: number }>('PRAGMA busy_timeout');
    expect(journal?.journal_mode).toBe('wal');
    expect(fk?.foreign_keys).toBe(1);
    expect(busy?.timeout).toBeGreaterThan(0);
    await store.close();
  });

  it('rejects, rather than deadlocks, a store call made inside a transaction', async () => {
    const store = openSqliteStore(`${dir.path}/nested.sqlite`);
    const attempt = store.transaction(() => store.query('SELECT 1 AS one'));
    await expect(attempt).rejects.toThrow(/use the tx it passes/);
    await store.close();
  });
});
