import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

// The real server process over a real socket: what a deployment answers.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ clientDir: inject('clientDir'), env: { MAX_BODY_BYTES: '65536' } });
});
afterAll(async () => {
  await server?.stop();
});

async function expectJsonError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

const reportUrl = () => `${server.url}/api/v1/client-errors`;
const json = { 'content-type': 'application/json' };

test('health answers 200', async () => {
  const response = await fetch(`${server.url}/api/v1/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    status: 'ok',
    store: { kind: 'sqlite', ok: true },
  });
});

test('an oversized body gets 413 with a JSON error', async () => {
  const body = JSON.stringify({ message: 'x'.repeat(70_000) });
  await expectJsonError(
    await fetch(reportUrl(), { method: 'POST', headers: json, body }),
    413,
    'payload_too_large',
  );
});

test('an unknown route gets 404 JSON', async () => {
  await expectJsonError(await fetch(`${server.url}/api/v1/nope`), 404, 'not_found');
});

test('a malformed JSON body gets 400 JSON', async () => {
  await expectJsonError(
    await fetch(reportUrl(), { method: 'POST', headers: json, body: '{"boundary": ' }),
    400,
    'malformed_json',
  );
});

test('pages carry the security headers; hashed assets are cached for long, the worker never', async () => {
  const index = await fetch(`${server.url}/contacts`, { headers: { accept: 'text/html' } });
  expect(index.status).toBe(200);
  const csp = index.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const asset = (await index.text()).match(/\/assets\/[^"]+\.js/)?.[0];
  expect(asset).toBeDefined();
  const script = await fetch(server.url + asset);
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(script.headers.get('cache-control')).toContain('immutable');
  const worker = await fetch(`${server.url}/sw.js`);
  expect(worker.headers.get('cache-control')).toBe('no-cache');
  const manifest = await fetch(`${server.url}/manifest.webmanifest`);
  expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
});

test('SIGTERM shuts the server down cleanly', async () => {
  expect(await server.stop('SIGTERM')).toBe(0);
  expect(server.logs.some((line) => line.msg === 'shutdown complete')).toBe(true);
});
