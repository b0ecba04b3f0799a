import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeOnlyFeed } from '../replication/feed.ts';
import { fail, openForOps } from './cli.ts';
import { importWorkspace } from './documents-file.ts';

/**
 * `node sync-server/ops/restore.ts [--workspace <id>] [--file backup.jsonl] < backup.jsonl`
 * (npm run restore -- ...): writes a backup's documents back, into its own workspace unless
 * --workspace names another. Idempotent: documents already stored as in the file are skipped.
 * Lines the shared schemas refuse are listed and skipped; the exit code is then 1.
 */
const USAGE =
  'usage: node sync-server/ops/restore.ts [--workspace <id>] [--file backup.jsonl] < backup.jsonl';

const { store, workspace, file } = await openForOps(USAGE, { file: true });
try {
  const input = file ? createReadStream(file) : process.stdin;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const report = await importWorkspace(store, writeOnlyFeed(store.kind), lines, workspace).catch(
    (err: unknown) => fail(`restore failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  for (const { line, reason } of report.refused) {
    process.stderr.write(`line ${line} refused: ${reason}\n`);
  }
  process.stderr.write(
    `restored workspace ${report.workspaceId}: ${report.written} written, ` +
      `${report.unchanged} unchanged, ${report.refused.length} refused\n`,
  );
  if (report.refused.length > 0) process.exitCode = 1;
} finally {
  await store.close();
}
