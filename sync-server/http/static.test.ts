import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import type { Store } from '../store/store.ts';
import { memoryLog, tempDir, testConfig } from '../test-helpers.ts';
import { isSafePath } from './static.ts';

const INDEX =
  '<!doctype html><title>Outpost</title><script type="module" src="/assets/index-abc123.js"></script>';

// The HTTP layer never touches the store for static files.
const store = { kind: 'sqlite' } as Store;

let root: ReturnType<typeof tempDir>;
let clientDir: string;

beforeAll(() => {
  root = tempDir('static');
  clientDir = join(root.path, 'client');
  mkdirSync(join(clientDir, 'assets'), { recursive: true });
  mkdirSync(join(clientDir, 'icons'));
  writeFileSync(join(clientDir, 'index.html'), INDEX);
  writeFileSync(join(clientDir, 'assets/index-abc123.js'), 'console.log("app")');
  writeFileSync(join(clientDir, 'assets/index-abc123.js.map'), '{"version":3}');
  writeFileSync(join(clientDir, 'assets/index-def456.css'), 'body{}');
  writeFileSync(join(clientDir, 'assets/inter-789.woff2'), 'font');
  writeFileSync(join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(join(clientDir, 'manifest.webmanifest'), '{"name":"Outpost"}');
  writeFileSync(join(clientDir, 'icons/icon-192.png'), 'png');
  writeFileSync(join(clientDir, 'favicon.svg'), '<svg/>');
  writeFileSync(join(clientDir, '.env'), 'SECRET=1');
  writeFileSync(join(root.path, 'secret.txt'), 'outside the client dir');
});
afterAll(() => root.remove());

function app(dir = clientDir) {
  return createApp({ config: testConfig({ clientDir: dir }), store, log: memoryLog().log });
}
const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('static client files', () => {
  it.each([
    ['/assets/index-abc123.js', 'text/javascript', 'public, max-age=31536000, immutable'],
    ['/assets/index-abc123.js.map', 'application/json', 'public, max-age=31536000, immutable'],
    ['/assets/index-def456.css', 'text/css', 'public, max-age=31536000, immutable'],
    ['/assets/inter-789.woff2', 'font/woff2', 'public, max-age=31536000, immutable'],
    ['/sw.js', 'text/javascript', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
    ['/icons/icon-192.png', 'image/png', 'public, max-age=3600'],
    ['/favicon.svg', 'image/svg+xml', 'public, max-age=3600'],
    ['/', 'text/html', 'no-cache'],
    ['/index.html', 'text/html', 'no-cache'],
  ])('%s is %s with Cache-Control %s', async (path, type, cache) => {
    const res = await app().request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')?.split(';')[0]).toBe(type);
    expect(res.headers.get('Cache-Control')).toBe(cache);
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
  });

  it('answers a deep link with index.html so a reload keeps working', async () => {
    const res = await app().request('/contacts/abc', { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it('answers HEAD for a deep link without a body', async () => {
    const res = await app().request('/contacts', { method: 'HEAD', headers: html });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('answers a missing file with an extension with 404 JSON, not index.html', async () => {
    const res = await app().request('/assets/missing.js', { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers a non-HTML miss with 404 JSON', async () => {
    const res = await app().request('/contacts', { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  });

  it('never answers /api paths with index.html', async () => {
    const res = await app().request('/api/v1/contacts', { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  });

  it.each([
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/.env',
  ])('refuses %s', async (path) => {
    const res = await app().request(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/outside the client dir|SECRET/);
  });

  it('answers pages with 503 JSON when the client is not built', async () => {
    const res = await app(join(root.path, 'missing')).request('/contacts', { headers: html });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe('the client is not built: run npm run build');
  });
});

describe('isSafePath', () => {
  it('accepts ordinary paths and refuses escapes', () => {
    expect(isSafePath('/assets/index-abc123.js')).toBe(true);
    expect(isSafePath('/contacts/a%20b')).toBe(true);
    expect(isSafePath('/a/../b')).toBe(false);
    expect(isSafePath('/%2e%2e/b')).toBe(false);
    expect(isSafePath('/a%00.js')).toBe(false);
    expect(isSafePath('/%E0%A4%A')).toBe(false);
  });
});
