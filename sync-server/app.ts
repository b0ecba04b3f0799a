import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { API_BASE } from '../shared/version.ts';
import type { Config } from './config.ts';
import type { AppEnv } from './http/env.ts';
import { apiError, errorHandler, notFound } from './http/errors.ts';
import { createMemoryRateLimiter, type RateLimiter } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { clientFiles } from './http/static.ts';
import type { Logger } from './log.ts';
import { clientErrorRoutes } from './routes/client-errors.ts';
import { healthRoutes } from './routes/health.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /** Defaults to an in-memory limiter at CLIENT_ERROR_RATE_LIMIT per minute. */
  clientErrorLimiter?: RateLimiter;
}

/**
 * The whole HTTP surface: API routes under /api/v1 and the built PWA everywhere else. Nothing
 * here listens on a socket (main.ts does), so tests drive it in memory with `app.request()`.
 */
export function createApp({ config, store, log, clientErrorLimiter }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(log));
  app.notFound(notFound);

  // Outermost first: the id exists before anything logs, and the request line sees the final
  // status whatever the inner layers answered.
  app.use(requestId());
  app.use(requestLog(log));
  app.use(securityHeaders());
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        apiError(
          c,
          405,
          'method_not_allowed',
          `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(', ')}`,
          undefined,
          { Allow: methods.join(', ') },
        ),
    }),
  );
  app.use(
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) =>
        apiError(
          c,
          413,
          'payload_too_large',
          `the request body is larger than ${config.maxBodyBytes} bytes`,
        ),
    }),
  );
  app.use(clientFiles(config.clientDir));

  const limiter =
    clientErrorLimiter ?? createMemoryRateLimiter({ perMinute: config.clientErrorRateLimit });
  const api = new Hono<AppEnv>()
    .route('/', healthRoutes({ store, log }))
    .route('/', clientErrorRoutes({ log, limiter, trustProxy: config.trustProxy }));

  return app.route(API_BASE, api);
}

/** For the client: `hc<AppType>('/')` gives typed calls without code generation. */
export type AppType = ReturnType<typeof createApp>;
