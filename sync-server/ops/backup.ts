import { once } from 'node:events';
import { fail, openForOps } from './cli.ts';
import { exportWorkspace } from './documents-file.ts';

/**
 * `node sync-server/ops/backup.ts --workspace <id> > backup.jsonl` (npm run backup -- ...):
 * every document of one workspace, tombstones included, as JSON lines (documents-file.ts).
 * Reads the same DATA_DIR / DATABASE_URL as the server; safe while the server runs.
 */
const USAGE = 'usage: node sync-server/ops/backup.ts --workspace <id> > backup.jsonl';

const { store, workspace } = await openForOps(USAGE);
if (!workspace) fail(`--workspace is required\n${USAGE}`, 2);
try {
  const count = await exportWorkspace(store, workspace, async (line) => {
    if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
  });
  process.stderr.write(`backed up ${count} documents of workspace ${workspace}\n`);
} finally {
  await store.close();
}
