import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { tempDir } from '../test-helpers.ts';
import {
  contact,
  eventually,
  openStream,
  postgresHarness,
  pull,
  push,
  signUpWorkspace,
  SKIP_POSTGRES,
} from './test-support.ts';

/** Starts `node sync-server/main.ts` on the database; resolves with its URL once listening. */
async function startProcess(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['sync-server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DELIVERY_WORKERS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { msg?: string; port?: number };
      if (line.msg === 'listening') resolve(line.port!);
    });
    child.on('exit', () => reject(new Error(`server exited: ${stderr}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/**
 * Issue 5, "Scale-out": two real server processes on one PostgreSQL. Sessions live in the
 * database, so one sign-in works on both; a push to one reaches a stream on the other.
 */
describe.skipIf(SKIP_POSTGRES)('two server processes on one PostgreSQL', () => {
  const h = postgresHarness();
  const dirs = [tempDir('proc-a'), tempDir('proc-b')];
  const children: ChildProcess[] = [];
  beforeAll(() => h.setup(), 30_000);
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    for (const dir of dirs) dir.remove();
    await h.teardown();
  });

  it('a push to one process appears on the stream of the other', { timeout: 60_000 }, async () => {
    await (await h.fresh()).close(); // an empty, migrated database
    const shared = {
      DATABASE_URL: h.url,
      SECRET_KEY: randomBytes(32).toString('base64'),
      SIGNUP: 'open',
    };
    const [a, b] = await Promise.all(
      dirs.map((dir) => startProcess({ ...shared, DATA_DIR: join(dir.path, 'data') })),
    );
    children.push(a!.child, b!.child);
    const { token } = await signUpWorkspace(a!.url, 'Scale');
    const auth = { Authorization: `Bearer ${token}` };

    const stream = openStream(b!.url, '', () => {}, auth);
    await stream.opened;
    await eventually(() => stream.events.length === 1); // RESYNC
    const doc = contact('across');
    const pushed = await push(a!.url, '', 'contacts', [{ newDocumentState: doc }], auth);
    expect(pushed.body).toEqual({ conflicts: [], rejected: [] });
    // The contact comes first; the delivery statuses the push queued (delivery/) may follow.
    await eventually(() => stream.events.length >= 2);
    expect(stream.events[1]).toEqual({
      collection: 'contacts',
      documents: [doc],
      checkpoint: { seq: 1 },
    });
    expect((await pull(b!.url, '', 'contacts', '', auth)).body.documents).toEqual([doc]);
    stream.close();
  });
});
