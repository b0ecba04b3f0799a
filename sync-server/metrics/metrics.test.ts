import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { memoryLog, tempDir, testConfig } from '../test-helpers.ts';
import { createMetrics } from './metrics.ts';

const TOKEN = 'scrape-token-0123456789';
let dir: ReturnType<typeof tempDir>;
let store: Store;
beforeAll(async () => {
  dir = tempDir('metrics');
  store = openSqliteStore(`${dir.path}/m.sqlite`);
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

function app(metricsToken?: string) {
  const metrics = createMetrics();
  const config = testConfig({ metricsToken });
  return { metrics, app: createApp({ config, store, log: memoryLog().log, metrics }) };
}

/** node-server's bindings as getConnInfo reads them: a socket from `address`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe('GET /api/v1/metrics', () => {
  it('counts requests by method, route pattern and status, in Prometheus text', async () => {
    const { app: server, metrics } = app(TOKEN);
    await server.request('/api/v1/health');
    await server.request('/api/v1/invites/abc', { method: 'DELETE' });
    await server.request('/api/v1/no/such/thing');
    metrics.replicationDocuments.inc({ direction: 'in', collection: 'contacts' }, 3);
    metrics.activeStreams.inc();
    const res = await server.request('/api/v1/metrics', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain(
      'outpost_http_requests_total{method="GET",route="/api/v1/health",status="200"} 1',
    );
    // The pattern, not the id: labels stay few whatever the paths.
    expect(text).toContain(
      'outpost_http_requests_total{method="DELETE",route="/api/v1/invites/:id",status="401"} 1',
    );
    expect(text).toContain(
      'outpost_http_requests_total{method="GET",route="(unmatched)",status="404"} 1',
    );
    expect(text).toContain(
      'outpost_replication_documents_total{direction="in",collection="contacts"} 3',
    );
    expect(text).toContain('outpost_replication_active_streams 1');
    expect(text).toMatch(/outpost_http_request_duration_seconds_bucket\{le="0.005"/);
  });

  it('with METRICS_TOKEN, refuses a missing or wrong token', async () => {
    const { app: server } = app(TOKEN);
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-0123456789' }] as Record<
      string,
      string
    >[]) {
      const res = await server.request('/api/v1/metrics', { headers }, from('127.0.0.1'));
      expect(res.status).toBe(401);
    }
  });

  it('without a token, answers loopback clients only, and none that came through a proxy', async () => {
    const { app: server } = app();
    expect((await server.request('/api/v1/metrics', {}, from('127.0.0.1'))).status).toBe(200);
    expect((await server.request('/api/v1/metrics', {}, from('::1'))).status).toBe(200);
    const remote = await server.request('/api/v1/metrics', {}, from('192.168.1.20'));
    expect(remote.status).toBe(401);
    expect(await remote.text()).toMatch(/set METRICS_TOKEN/);
    const proxied = await server.request(
      '/api/v1/metrics',
      { headers: { 'X-Forwarded-For': '203.0.113.9' } },
      from('127.0.0.1'),
    );
    expect(proxied.status).toBe(401);
  });
});
