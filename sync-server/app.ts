import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { API_BASE } from '../shared/version.ts';
import { requireAdmin, requireSession } from './auth/middleware.ts';
import { authRoutes } from './auth/routes.ts';
import type { Config } from './config.ts';
import { type DeliveryRouteDeps, deliveryRoutes } from './delivery/routes.ts';
import type { AppEnv } from './http/env.ts';
import { apiError, errorHandler, notFound } from './http/errors.ts';
import { createMemoryRateLimiter, type RateLimiter } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { clientFiles } from './http/static.ts';
import type { Logger } from './log.ts';
import { createMetrics, httpMetrics, type Metrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { clientErrorRoutes } from './routes/client-errors.ts';
import { healthRoutes } from './routes/health.ts';
import type { ChangeFeed } from './replication/feed.ts';
import type { OnAccepted } from './replication/hooks.ts';
import { replicationRoutes } from './replication/routes.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /** Defaults to an in-memory limiter at CLIENT_ERROR_RATE_LIMIT per minute. */
  clientErrorLimiter?: RateLimiter;
  /** Defaults to a fresh registry without process metrics. */
  metrics?: Metrics;
  /** The clock of sessions, invites and login limits; tests move it. */
  now?: () => Date;
  /** Replication's change feed (replication/feed.ts); in-process when absent. */
  changeFeed?: ChangeFeed;
  /** Called inside each push transaction with the accepted documents (the outbox). */
  onAccepted?: OnAccepted;
  /** The delivery service (delivery/service.ts): mounts the connector routes. */
  delivery?: Pick<DeliveryRouteDeps, 'delivery'>;
}

/**
 * The whole HTTP surface: API routes under /api/v1 and the built PWA everywhere else. Nothing
 * here listens on a socket (main.ts does), so tests drive it in memory with `app.request()`.
 */
export function createApp(deps: AppDeps) {
  const { config, store, log, clientErrorLimiter } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const policy = {
    sessionDays: config.sessionDays,
    trustProxy: config.trustProxy,
    now: deps.now ?? (() => new Date()),
  };
  // Routes that need a signed-in caller put this first and read c.get('session').
  const session = requireSession({ store, policy });
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(log));
  app.notFound(notFound);

  // Outermost first: the id exists before anything logs, and the request line sees the final
  // status whatever the inner layers answered.
  app.use(requestId());
  app.use(requestLog(log));
  app.use(httpMetrics(metrics));
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
    .route('/', clientErrorRoutes({ log, limiter, trustProxy: config.trustProxy }))
    .route(
      '/',
      authRoutes({
        store,
        policy,
        session,
        signup: config.signup,
        loginRateLimit: config.loginRateLimit,
      }),
    )
    .route('/', metricsRoutes({ metrics, token: config.metricsToken }))
    .use('/sync/*', session)
    .route(
      '/sync',
      replicationRoutes({
        store,
        log,
        feed: deps.changeFeed,
        onAccepted: deps.onAccepted,
        metrics,
      }),
    );

  // Connector settings, Lemlist campaigns, delivery stats and retries (shared/api/delivery.ts).
  if (deps.delivery) {
    api.route(
      '/',
      deliveryRoutes({ ...deps.delivery, store, log, requireSession: session, requireAdmin }),
    );
  }
  return app.route(API_BASE, api);
}

/** For the client: `hc<AppType>('/')` gives typed calls without code generation. */
export type AppType = ReturnType<typeof createApp>;
