import { describe, expect, it, vi } from 'vitest';
import { clientErrorReportSchema } from '../../../shared/api/client-errors.ts';
import { buildReport, CLIENT_ERRORS_URL, createErrorReporter, QUEUE_CAP } from './report.ts';

const context = {
  location: { pathname: '/contacts', search: '?q=ada' },
  build: 'test-build',
  userAgent: 'x'.repeat(900),
  now: new Date('2025-01-02T03:04:05.678Z'),
};

describe('buildReport', () => {
  it('makes a schema-valid report with path and query only', () => {
    const report = buildReport(
      'page:Contacts',
      new TypeError('boom'),
      '\n    at Contacts',
      context,
    );
    const parsed = clientErrorReportSchema.parse(report);
    expect(parsed).toMatchObject({
      boundary: 'page:Contacts',
      name: 'TypeError',
      message: 'boom',
      url: '/contacts?q=ada',
      build: 'test-build',
      occurredAt: '2025-01-02T03:04:05.678Z',
    });
    expect(parsed.stack).toContain('boom');
  });

  it('clips oversized fields and describes thrown non-errors', () => {
    const error = new Error('m'.repeat(5_000));
    error.stack = 's'.repeat(50_000);
    expect(() =>
      clientErrorReportSchema.parse(buildReport('app', error, 'c'.repeat(50_000), context)),
    ).not.toThrow();
    const odd = clientErrorReportSchema.parse(buildReport('app', { code: 7 }, undefined, context));
    expect(odd).toMatchObject({ name: 'NonError', message: '{"code":7}' });
  });
});

function setup(online: boolean, respond: () => Promise<Response>) {
  const state = { online, onOnline: () => {} };
  const fetch = vi.fn(respond);
  const reporter = createErrorReporter({
    fetch,
    isOnline: () => state.online,
    onOnline: (listener) => {
      state.onOnline = listener;
    },
  });
  return { state, fetch, reporter };
}

const report = buildReport('app', new Error('x'), undefined, context);

describe('createErrorReporter', () => {
  it('posts with keepalive', async () => {
    const { fetch, reporter } = setup(true, async () => new Response(null, { status: 202 }));
    reporter.report(report);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce());
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(CLIENT_ERRORS_URL);
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
    expect(clientErrorReportSchema.safeParse(JSON.parse(String(init.body))).success).toBe(true);
    expect(reporter.pending()).toBe(0);
  });

  it('keeps at most 20 reports while offline and sends them when back online', async () => {
    const { state, fetch, reporter } = setup(
      false,
      async () => new Response(null, { status: 202 }),
    );
    for (let i = 0; i < QUEUE_CAP + 5; i++) reporter.report({ ...report, message: `m${i}` });
    expect(fetch).not.toHaveBeenCalled();
    expect(reporter.pending()).toBe(QUEUE_CAP);

    state.online = true;
    state.onOnline();
    await vi.waitFor(() => expect(reporter.pending()).toBe(0));
    expect(fetch).toHaveBeenCalledTimes(QUEUE_CAP);
    const first = JSON.parse(
      String((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body),
    );
    expect(first.message).toBe('m5');
  });

  it('queues a report whose request fails, and drops one the server rejects', async () => {
    const failing = setup(true, () => Promise.reject(new TypeError('Failed to fetch')));
    failing.reporter.report(report);
    await vi.waitFor(() => expect(failing.reporter.pending()).toBe(1));

    const rejected = setup(true, async () => new Response(null, { status: 400 }));
    rejected.reporter.report(report);
    await vi.waitFor(() => expect(rejected.fetch).toHaveBeenCalledOnce());
    expect(rejected.reporter.pending()).toBe(0);
  });
});
