import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppEnv } from '../http/env.ts';

/**
 * The server's Prometheus metrics, in a registry per app (tests build many apps; prom-client's
 * global registry would refuse the second). Other areas either use the metrics defined here or
 * register their own on `registry`:
 *
 *   new Counter({ name: 'outpost_outbox_deliveries_total', help: '...', registers: [metrics.registry] })
 */
export interface Metrics {
  registry: Registry;
  /** Answered requests by method, matched route pattern (not the raw path) and status. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Documents received by push (`in`) and sent by pull or stream (`out`), per collection. */
  replicationDocuments: Counter<'direction' | 'collection'>;
  /** Open Server-Sent Events streams: inc() when one opens, dec() when it closes. */
  activeStreams: Gauge;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Process metrics (CPU, memory, event loop lag) start observers: only for the real server.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'outpost_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'outpost_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'outpost_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (until the handler returns; streams excluded)',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    replicationDocuments: new Counter({
      name: 'outpost_replication_documents_total',
      help: 'Replicated documents received (in: push) and sent (out: pull, stream)',
      labelNames: ['direction', 'collection'],
      registers,
    }),
    activeStreams: new Gauge({
      name: 'outpost_replication_active_streams',
      help: 'Open replication event streams',
      registers,
    }),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts every request once answered. Labels stay few whatever clients send: unknown methods
 * are `OTHER`, and a path no route matched is `(unmatched)` or `(static)` (client files), never
 * the raw path.
 */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const stop = performance.now();
    await next();
    const matched = routePath(c, -1);
    let route = matched;
    if (matched === '' || matched.endsWith('*')) {
      route = c.res.status < 400 ? '(static)' : '(unmatched)';
    }
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    metrics.httpRequests.inc({ method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method, route }, (performance.now() - stop) / 1000);
  };
}
