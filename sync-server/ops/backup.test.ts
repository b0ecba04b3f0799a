import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSeq, pullRows } from '../replication/documents.ts';
import { createLocalFeed } from '../replication/feed.ts';
import { contact, harnesses } from '../replication/test-support.ts';
import { applyPush } from '../replication/write.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { SQLITE_FILE, type Store } from '../store/store.ts';
import { tempDir } from '../test-helpers.ts';
import { exportWorkspace, importWorkspace } from './documents-file.ts';

const run = promisify(execFile);
const feed = createLocalFeed();

async function* linesOf(text: string) {
  yield* text.split('\n');
}

async function backup(store: Store, workspaceId: string): Promise<string> {
  const lines: string[] = [];
  await exportWorkspace(store, workspaceId, async (line) => {
    lines.push(line);
  });
  return lines.join('\n');
}

async function seed(store: Store) {
  const docs = ['a', 'b', 'c'].map((id) => contact(id));
  await applyPush(
    { store, feed },
    'w1',
    'contacts',
    docs.map((d) => ({ newDocumentState: d })),
  );
  await applyPush({ store, feed }, 'w1', 'contacts', [
    { assumedMasterState: docs[1], newDocumentState: { ...docs[1]!, _deleted: true } },
  ]);
  await applyPush({ store, feed }, 'w2', 'contacts', [{ newDocumentState: contact('other') }]);
}

describe.each(harnesses())('backup and restore on $kind', (h) => {
  beforeAll(() => h.setup(), 30_000);
  afterAll(() => h.teardown());

  it('round-trips a workspace (tombstones too) into an empty server, idempotently', async () => {
    const source = await h.fresh();
    await seed(source);
    const file = await backup(source, 'w1');
    await source.close();
    const lines = file.split('\n');
    expect(lines).toHaveLength(4); // header + a, b (deleted), c; nothing of w2
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'outpost-documents', workspace: 'w1' });

    const target = await h.fresh();
    const first = await importWorkspace(target, feed, linesOf(file));
    expect(first).toEqual({ workspaceId: 'w1', written: 3, unchanged: 0, refused: [] });
    const again = await importWorkspace(target, feed, linesOf(file));
    expect(again).toMatchObject({ written: 0, unchanged: 3 });
    const rows = await pullRows(target, 'w1', 'contacts', 0, 100);
    expect(rows.map((r) => JSON.parse(r.data) as { id: string; _deleted: boolean })).toEqual([
      contact('a'),
      contact('c'),
      { ...contact('b'), _deleted: true },
    ]);
    // New seqs start above the backup's, so devices synced with the old server still pull them.
    expect(rows[0]!.seq).toBeGreaterThan(4);
    expect(await currentSeq(target, 'w2')).toBe(0);
    await target.close();
  });

  it('refuses lines that fail the shared schema, and files that are not backups', async () => {
    const store = await h.fresh();
    const header = JSON.stringify({
      format: 'outpost-documents',
      version: 1,
      workspace: 'w9',
      exportedAt: 'x',
    });
    const bad = JSON.stringify({
      collection: 'contacts',
      seq: 1,
      document: contact('z', { tags: 7 }),
    });
    const unknown = JSON.stringify({ collection: 'users', seq: 2, document: {} });
    const report = await importWorkspace(
      store,
      feed,
      linesOf([header, bad, '{oops', unknown].join('\n')),
    );
    expect(report.refused.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(report.refused[0]!.reason).toMatch(/tags/);
    await expect(importWorkspace(store, feed, linesOf('{"rows":[]}'))).rejects.toThrow(
      /not an Outpost backup/,
    );
    expect(await pullRows(store, 'w9', 'contacts', 0, 10)).toEqual([]);
    await store.close();
  });
});

describe('npm run backup / restore commands (SQLite)', () => {
  const dir = tempDir('ops');
  afterAll(() => dir.remove());

  it(
    'write a workspace as JSON lines and restore it idempotently',
    { timeout: 30_000 },
    async () => {
      const store = openSqliteStore(join(dir.path, SQLITE_FILE));
      await store.migrate();
      await seed(store);
      await store.close();
      const env = { ...process.env, DATA_DIR: dir.path, DATABASE_URL: '' };
      const cwd = join(import.meta.dirname, '..', '..');
      const out = await run(process.execPath, ['sync-server/ops/backup.ts', '--workspace', 'w1'], {
        env,
        cwd,
      });
      expect(out.stdout.trim().split('\n')).toHaveLength(4);
      expect(out.stderr).toMatch(/backed up 3 documents/);
      const file = join(dir.path, 'w1.jsonl');
      writeFileSync(file, out.stdout);
      const restored = await run(process.execPath, ['sync-server/ops/restore.ts', '--file', file], {
        env,
        cwd,
      });
      expect(restored.stderr).toMatch(/0 written, 3 unchanged, 0 refused/);
      const copy = await run(
        process.execPath,
        ['sync-server/ops/restore.ts', '--file', file, '--workspace', 'w3'],
        {
          env,
          cwd,
        },
      );
      expect(copy.stderr).toMatch(/restored workspace w3: 3 written/);
      await expect(
        run(process.execPath, ['sync-server/ops/backup.ts'], { env, cwd }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--workspace is required/),
      });
    },
  );
});
