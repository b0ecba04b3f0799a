import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { tempDir } from './test-helpers.ts';

/** The real process: `node sync-server/main.ts`, as npm run serve starts it. */

type LogLine = Record<string, unknown>;

interface Running {
  child: ChildProcess;
  lines: LogLine[];
  stderr: () => string;
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) dir.remove();
});

function start(env: Record<string, string>): Running {
  // process.execPath is the Node running vitest (24 via the `node` devDependency).
  const child = spawn(process.execPath, ['sync-server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { raw: text };
    }
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.match(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitFor: (match) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(match);
        if (seen) return resolve(seen);
        waiters.push({ match, resolve });
        void exited.then(() =>
          reject(new Error(`server exited before the expected log line; stderr:\n${stderr}`)),
        );
      }),
  };
}

function workspace() {
  const dir = tempDir('main');
  dirs.push(dir);
  const clientDir = join(dir.path, 'client');
  mkdirSync(clientDir);
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  return { DATA_DIR: join(dir.path, 'data'), CLIENT_DIR: clientDir };
}

const report = JSON.stringify({
  boundary: 'app',
  name: 'Error',
  message: 'boom during shutdown',
  url: '/contacts',
  build: 'test',
  occurredAt: '2025-01-02T03:04:05.000Z',
});

describe('node sync-server/main.ts', () => {
  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const server = start({ PORT: '0', ...workspace() });
    const listening = await server.waitFor((l) => l.msg === 'listening');
    expect(listening).toMatchObject({ store: 'sqlite' });

    const half = Math.floor(report.length / 2);
    const request = http.request({
      host: '127.0.0.1',
      port: listening.port as number,
      method: 'POST',
      path: '/api/v1/client-errors',
      headers: { 'Content-Type': 'application/json', 'Content-Length': report.length },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('error', reject);
      request.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    request.write(report.slice(0, half));
    // The server has the request (it logs its start at debug level) but not the whole body.
    await server.waitFor((l) => l.msg === 'request started' && l.path === '/api/v1/client-errors');

    server.child.kill('SIGTERM');
    await server.waitFor((l) => l.msg === 'shutdown started');
    request.end(report.slice(half));

    const answer = await response;
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ accepted: true });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.lines.some((l) => l.event === 'client_error')).toBe(true);
    expect(server.lines.at(-1)).toMatchObject({ msg: 'shutdown complete' });
    // stderr is another pipe, read last: its line may arrive after stdout's.
    expect(server.stderr()).toMatch(
      /Outpost is up at http:\/\/127\.0\.0\.1:\d+ \(store: sqlite, data: .+\)/,
    );
  }, 30_000);

  it('exits 1 with a clear message when PORT is not a port', async () => {
    const server = start({ PORT: 'abc', ...workspace() });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('PORT must be an integer from 0 to 65535 (got "abc")');
  }, 30_000);

  it('refuses to start on a server key file that others can read', async () => {
    const env = { PORT: '0', ...workspace() };
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(join(env.DATA_DIR, 'secret.key'), randomBytes(32).toString('base64'), {
      mode: 0o644,
    });
    chmodSync(join(env.DATA_DIR, 'secret.key'), 0o644);
    const server = start({ ...env, SECRET_KEY: '' });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toMatch(/0644/);
    expect(server.stderr()).toMatch(/chmod 600/);
  }, 30_000);

  it('creates its key file readable by its owner only', async () => {
    const env = { PORT: '0', ...workspace() };
    const server = start({ ...env, SECRET_KEY: '' });
    await server.waitFor((line) => line.msg === 'listening');
    expect(statSync(join(env.DATA_DIR, 'secret.key')).mode & 0o777).toBe(0o600);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 30_000);
});
