import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { clientErrorReportSchema } from '../../shared/api/client-errors.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { type RateLimiter, rateLimit } from '../http/rate-limit.ts';
import { jsonBody, onInvalid } from '../http/validation.ts';
import type { Logger } from '../log.ts';

/**
 * Errors caught by the app's error boundaries. They are "stored" as one warn line each in the
 * server log (event: client_error), where operators already look; rate limited per client so a
 * render loop cannot flood the log.
 */
export function clientErrorRoutes(deps: {
  log: Logger;
  limiter: RateLimiter;
  trustProxy: boolean;
}) {
  const { log, limiter, trustProxy } = deps;
  return new Hono<AppEnv>().post(
    '/client-errors',
    rateLimit(limiter, (c) => clientAddress(c, trustProxy)),
    jsonBody(),
    zValidator('json', clientErrorReportSchema, onInvalid),
    (c) => {
      const report = c.req.valid('json');
      log.warn(
        {
          event: 'client_error',
          reqId: c.get('requestId'),
          boundary: report.boundary,
          name: report.name,
          message: report.message,
          url: report.url,
          build: report.build,
          stack: report.stack,
          componentStack: report.componentStack,
          userAgent: report.userAgent,
          occurredAt: report.occurredAt,
          ip: clientAddress(c, trustProxy),
        },
        'client error',
      );
      return c.json({ accepted: true } as const, 202);
    },
  );
}
