import { Hono } from 'hono';
import pkg from '../../package.json' with { type: 'json' };
import type { HealthResponse } from '../../shared/api/health.ts';
import { API_VERSION } from '../../shared/version.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

const started = Date.now();

/** Liveness and store reachability, for load balancers, the e2e tests and humans. */
export function healthRoutes({ store, log }: { store: Store; log: Logger }) {
  return new Hono<AppEnv>().get('/health', async (c) => {
    let ok = true;
    let schemaVersion = 0;
    try {
      await store.ping();
      schemaVersion = await store.schemaVersion();
    } catch (err) {
      ok = false;
      log.warn({ err, reqId: c.get('requestId') }, 'health check: the store did not answer');
    }
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      version: pkg.version,
      apiVersion: API_VERSION,
      store: { kind: store.kind, ok, schemaVersion },
      uptimeSeconds: Math.floor((Date.now() - started) / 1000),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(body, ok ? 200 : 503);
  });
}
