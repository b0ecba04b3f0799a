import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { tempDir } from '../test-helpers.ts';
import { rotateEnvelopes } from './rotate.ts';
import { rotateKeyFile } from './rotate-key.ts';
import { generateServerKey, open, seal } from './secret-box.ts';
import { KEY_FILE, loadServerKey, PREVIOUS_KEY_FILE } from './server-key.ts';

const posix = process.platform !== 'win32';
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('secrets');
});
afterEach(() => dir.remove());

const mode = (path: string) => statSync(path).mode & 0o777;
const TOKEN = 'pat-na1-aaaabbbb-cccc-dddd-eeee-ffff00001111';

describe('server key', () => {
  it('generates DATA_DIR/secret.key with mode 0600 on first start, then reuses it', () => {
    const dataDir = join(dir.path, 'data');
    const first = loadServerKey({ dataDir }, {});
    expect(first).toMatchObject({ source: 'file', created: true, previous: null });
    const path = join(dataDir, KEY_FILE);
    if (posix) expect(mode(path)).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = loadServerKey({ dataDir }, {});
    expect(again.created).toBe(false);
    expect(again.current.id).toBe(first.current.id);
  });

  it.runIf(posix)(
    'refuses to start on a key file that others can read, saying how to fix it',
    () => {
      loadServerKey({ dataDir: dir.path }, {});
      const path = join(dir.path, KEY_FILE);
      chmodSync(path, 0o644);
      expect(() => loadServerKey({ dataDir: dir.path }, {})).toThrow(
        `the server key file ${path} has mode 0644, which lets other users on this machine read it; ` +
          `Outpost will not start with it. Fix: chmod 600 ${path}`,
      );
      chmodSync(path, 0o640);
      expect(() => loadServerKey({ dataDir: dir.path }, {})).toThrow('mode 0640');
      chmodSync(path, 0o600);
      expect(() => loadServerKey({ dataDir: dir.path }, {})).not.toThrow();
    },
  );

  it('takes SECRET_KEY from the environment instead, and never echoes a bad one', () => {
    const value = Buffer.alloc(32, 7).toString('base64');
    const keys = loadServerKey({ dataDir: dir.path }, { SECRET_KEY: value });
    expect(keys).toMatchObject({ source: 'env', path: null });
    expect(keys.current.bytes.equals(Buffer.alloc(32, 7))).toBe(true);

    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => loadServerKey({ dataDir: dir.path }, { SECRET_KEY: short })).toThrow(
      'SECRET_KEY must be 32 random bytes, base64-encoded (for example the output of ' +
        '`openssl rand -base64 32`), but it decodes to 16 bytes; the value is not shown',
    );
    try {
      loadServerKey({ dataDir: dir.path }, { SECRET_KEY: 'hunter2 is my key!' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('it is not base64');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses a malformed key file with a clear message', () => {
    const path = join(dir.path, KEY_FILE);
    writeFileSync(path, 'not a key\n', { mode: 0o600 });
    expect(() => loadServerKey({ dataDir: dir.path }, {})).toThrow(
      `the server key file ${path} must be 32 random bytes, base64-encoded`,
    );
  });
});

describe('key rotation', () => {
  it('re-encrypts every credential under the new key, all or nothing', () => {
    const oldKey = generateServerKey();
    const newKey = generateServerKey();
    const rows = ['ws-1', 'ws-2'].flatMap((workspaceId) =>
      ['hubspot', 'lemlist'].map((name) => ({
        id: `${workspaceId}/${name}`,
        workspaceId,
        name,
        envelope: seal(oldKey, `${TOKEN}-${workspaceId}-${name}`, { workspaceId, name }),
      })),
    );
    const { changed, unchanged } = rotateEnvelopes(rows, [oldKey], newKey);
    expect(unchanged).toBe(0);
    expect(changed.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    for (const row of changed) {
      expect(open(newKey, row.envelope, row).reveal()).toBe(
        `${TOKEN}-${row.workspaceId}-${row.name}`,
      );
      expect(() => open(oldKey, row.envelope, row)).toThrow('which this server does not have');
    }
    // Run again (an interrupted rotation): nothing left to do.
    const again = rotateEnvelopes(changed, [oldKey], newKey);
    expect(again).toEqual({ changed: [], unchanged: 4 });

    // One row that does not open stops it all, naming the row and not the value.
    const broken = [...rows, { ...rows[0]!, id: 'moved', workspaceId: 'ws-9' }];
    expect(() => rotateEnvelopes(broken, [oldKey], newKey)).toThrow(
      /rotation stopped, nothing was changed: credential "hubspot" of workspace "ws-9"/,
    );
  });

  it('rotates the key file atomically and keeps the old key as secret.key.previous', () => {
    const before = loadServerKey({ dataDir: dir.path }, {});
    const sealed = seal(before.current, TOKEN, { workspaceId: 'ws', name: 'hubspot' });

    const report = rotateKeyFile(dir.path, {});
    expect(report).toMatchObject({ previousId: before.current.id, replacedId: null });
    const after = loadServerKey({ dataDir: dir.path }, {});
    expect(after.current.id).toBe(report.currentId);
    expect(after.current.id).not.toBe(before.current.id);
    expect(after.previous?.id).toBe(before.current.id);
    if (posix) {
      expect(mode(join(dir.path, KEY_FILE))).toBe(0o600);
      expect(mode(join(dir.path, PREVIOUS_KEY_FILE))).toBe(0o600);
    }
    // The keyring still opens what the old key sealed, and rotation moves it to the new key.
    const row = { workspaceId: 'ws', name: 'hubspot', envelope: sealed };
    expect(open(after.keyring, sealed, row).reveal()).toBe(TOKEN);
    const [rotated] = rotateEnvelopes([row], after.keyring, after.current).changed;
    expect(open(after.current, rotated!.envelope, row).reveal()).toBe(TOKEN);

    expect(rotateKeyFile(dir.path, {}).replacedId).toBe(before.current.id);
  });

  it('runs as a command, printing key ids and never a key', () => {
    const first = loadServerKey({ dataDir: dir.path }, {});
    const run = spawnSync(process.execPath, ['sync-server/secrets/rotate-key.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dir.path, SECRET_KEY: '' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const after = loadServerKey({ dataDir: dir.path }, {});
    expect(run.stdout).toContain(`key id ${after.current.id}`);
    expect(run.stdout).toContain(`key id ${first.current.id}`);
    for (const key of [first.current, after.current]) {
      expect(run.stdout).not.toContain(key.bytes.toString('base64'));
    }
  });

  it('refuses to rotate when the key comes from SECRET_KEY', () => {
    expect(() =>
      rotateKeyFile(dir.path, { SECRET_KEY: Buffer.alloc(32).toString('base64') }),
    ).toThrow('SECRET_KEY is set, so the server does not use a key file');
  });
});
