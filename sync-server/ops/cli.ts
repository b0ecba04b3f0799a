import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { openStore, type Store } from '../store/store.ts';

/**
 * What backup.ts and restore.ts share: `--workspace`, the server's own configuration (DATA_DIR
 * or DATABASE_URL from the environment), and a store whose schema this code knows.
 */
export async function openForOps(
  usage: string,
  options: { file?: boolean } = {},
): Promise<{ store: Store; workspace: string | undefined; file: string | undefined }> {
  let values: { workspace?: string; file?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        workspace: { type: 'string' },
        file: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${usage}`, 2);
  }
  if (values.file !== undefined && !options.file) fail(`--file is not an option here\n${usage}`, 2);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const result = loadConfig(process.env);
  if (!result.ok) fail(`the configuration is invalid:\n  - ${result.errors.join('\n  - ')}`);
  const store = await openStore(result.config);
  const version = await store.schemaVersion().catch((err: unknown) => {
    fail(`cannot reach the ${store.kind} database at ${store.location}: ${String(err)}`);
  });
  if (version !== MIGRATIONS.length) {
    await store.close();
    fail(
      `the database at ${store.location} is at schema version ${version}, this code expects ` +
        `${MIGRATIONS.length}: start the matching Outpost server once, then retry`,
    );
  }
  return { store, workspace: values.workspace, file: values.file };
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
