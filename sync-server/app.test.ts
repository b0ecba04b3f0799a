import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../shared/api/errors.ts';
import type { HealthResponse } from '../shared/api/health.ts';
import { MIGRATIONS } from './store/migrations.ts';
import { createApp, type AppDeps } from './app.ts';
import { createMemoryRateLimiter } from './http/rate-limit.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/store.ts';
import { memoryLog, tempDir, testConfig, type MemoryLog } from './test-helpers.ts';

const report = {
  boundary: 'page:contacts',
  name: 'TypeError',
  message: 'x is undefined',
  stack: 'TypeError: x is undefined\n    at Contacts (contacts.tsx:10:5)',
  componentStack: '\n    at Contacts',
  url: '/contacts?tab=all',
  build: '0.1.0+abc123',
  occurredAt: '2025-01-02T03:04:05.000Z',
};

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

let dir: ReturnType<typeof tempDir>;
let store: Store;
let logs: MemoryLog;

beforeEach(async () => {
  dir = tempDir('app');
  store = openSqliteStore(`${dir.path}/test.sqlite`);
  await store.migrate();
  logs = memoryLog();
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

function app(overrides: Partial<AppDeps> = {}, config = {}) {
  return createApp({
    config: testConfig({ clientDir: `${dir.path}/no-client`, ...config }),
    store,
    log: logs.log,
    ...overrides,
  });
}

async function errorOf(res: Response): Promise<ApiErrorBody['error']> {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  return ((await res.json()) as ApiErrorBody).error;
}

describe('GET /api/v1/health', () => {
  it('reports ok with the store and its schema version', async () => {
    const res = await app().request('/api/v1/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthResponse;
    expect(body).toMatchObject({
      status: 'ok',
      apiVersion: 1,
      store: { kind: 'sqlite', ok: true, schemaVersion: MIGRATIONS.length },
    });
  });

  it('answers 503 degraded when the store fails', async () => {
    const broken: Store = { ...store, ping: () => Promise.reject(new Error('disk gone')) };
    const res = await app({ store: broken }).request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(((await res.json()) as HealthResponse).status).toBe('degraded');
  });
});

describe('request handling', () => {
  it('echoes the request id and logs one line per request', async () => {
    const res = await app().request('/api/v1/health');
    const id = res.headers.get('X-Request-Id');
    expect(id).toBeTruthy();
    const line = logs.lines.find((l) => l.msg === 'request');
    expect(line).toMatchObject({ reqId: id, method: 'GET', path: '/api/v1/health', status: 200 });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('sends a strict Content-Security-Policy', async () => {
    const res = await app().request('/api/v1/health');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('answers an unknown API route with 404 JSON', async () => {
    const res = await app().request('/api/v1/nope');
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe('not_found');
    expect(error.requestId).toBe(res.headers.get('X-Request-Id'));
  });

  it('answers a wrong method on a known route with 405 and Allow', async () => {
    const res = await app().request('/api/v1/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
    expect((await errorOf(res)).code).toBe('method_not_allowed');
  });

  it.each([
    ['declared in Content-Length', true],
    ['streamed without a length', false],
  ])('answers an oversized body (%s) with 413 JSON', async (_, declared) => {
    const body = JSON.stringify({ ...report, message: 'x'.repeat(200) });
    const headers: Record<string, string> = declared ? { 'Content-Length': `${body.length}` } : {};
    const res = await app({}, { maxBodyBytes: 100 }).request(
      post('/api/v1/client-errors', body, headers),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
  });

  it('answers a thrown error with a generic 500 and logs the details', async () => {
    const a = app();
    a.get('/api/v1/boom', () => {
      throw new Error('secret internals');
    });
    const res = await a.request('/api/v1/boom');
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'internal' });
    expect(error.message).not.toContain('secret internals');
    expect(logs.lines.some((l) => l.msg === 'unhandled error')).toBe(true);
  });
});

describe('POST /api/v1/client-errors', () => {
  it('accepts a valid report with 202 and writes one client_error log line', async () => {
    const res = await app().request(post('/api/v1/client-errors', JSON.stringify(report)));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true });
    const lines = logs.lines.filter((l) => l.event === 'client_error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      boundary: report.boundary,
      name: report.name,
      message: report.message,
      url: report.url,
      build: report.build,
      stack: report.stack,
      componentStack: report.componentStack,
      ip: 'unknown',
    });
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await app().request(post('/api/v1/client-errors', '{"boundary": '));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('answers a report that breaks the schema with 400 and the issues', async () => {
    const { boundary: _, ...noBoundary } = report;
    const res = await app().request(
      post('/api/v1/client-errors', JSON.stringify({ ...noBoundary, occurredAt: 'yesterday' })),
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    const paths = (error.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['boundary', 'occurredAt']));
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await app().request(
      post('/api/v1/client-errors', 'boundary=app', { 'Content-Type': 'text/plain' }),
    );
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
  });

  it('rate limits per client with 429 and Retry-After', async () => {
    const a = app({}, { clientErrorRateLimit: 2, trustProxy: true });
    const send = (ip: string) =>
      a.request(post('/api/v1/client-errors', JSON.stringify(report), { 'X-Forwarded-For': ip }));
    expect((await send('10.0.0.1')).status).toBe(202);
    expect((await send('10.0.0.1')).status).toBe(202);
    const limited = await send('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    expect((await send('10.0.0.2')).status).toBe(202);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const limiter = createMemoryRateLimiter({ perMinute: 1 });
    const a = app({ clientErrorLimiter: limiter });
    const send = (ip: string) =>
      a.request(post('/api/v1/client-errors', JSON.stringify(report), { 'X-Forwarded-For': ip }));
    expect((await send('10.0.0.1')).status).toBe(202);
    expect((await send('10.0.0.2')).status).toBe(429);
  });
});
