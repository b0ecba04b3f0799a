import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import type { Metrics } from './metrics.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Metrics name routes and volumes, not secrets, but they are not for the public. With a
 * METRICS_TOKEN, a scraper sends it as a bearer token from anywhere. Without one, only a client
 * on this machine may read them, and only if no proxy forwarded the request (a reverse proxy on
 * the same machine would otherwise make every visitor look local).
 */
export function allowedToScrape(c: Context<AppEnv>, token: string | undefined): boolean {
  if (token !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '');
    return match !== null && sameSecret(match[1]!, token);
  }
  if (c.req.header('X-Forwarded-For') !== undefined || c.req.header('Forwarded') !== undefined) {
    return false;
  }
  return LOOPBACK.test(clientAddress(c, false));
}

export function metricsRoutes(deps: { metrics: Metrics; token: string | undefined }) {
  const { metrics, token } = deps;
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    if (!allowedToScrape(c, token)) {
      const how =
        token === undefined
          ? 'metrics are served to this machine only (set METRICS_TOKEN to scrape from elsewhere)'
          : 'send Authorization: Bearer <METRICS_TOKEN>';
      return apiError(c, 401, 'unauthorized', how);
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
}
