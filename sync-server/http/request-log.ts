import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';
import type { AppEnv } from './env.ts';

/**
 * One line per request once it is answered: reqId, method, path (never the query string, which
 * may carry tokens), status, durationMs. At debug level also a line when it starts, which shows
 * requests that hang.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const request = { reqId: c.get('requestId'), method: c.req.method, path: c.req.path };
    log.debug(request, 'request started');
    await next();
    const status = c.res.status;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const line = { ...request, status, durationMs };
    if (status >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  };
}
