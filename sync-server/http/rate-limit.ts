import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { apiError } from './errors.ts';

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts requests per key. Async so that a database-backed limiter (several server instances
 * sharing one PostgreSQL) can replace the in-memory one without touching the routes.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateDecision>;
}

export interface MemoryRateLimiterOptions {
  /** Sustained rate, and also the burst a quiet client may spend at once. */
  perMinute: number;
  now?: () => number;
  /** Past this many tracked clients, idle ones are forgotten so memory stays bounded. */
  maxKeys?: number;
}

/**
 * Token bucket per key, in this process's memory: a client may burst `perMinute` requests, then
 * one more every 60/perMinute seconds. Unlike a fixed window, it never allows 2x at a boundary.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const { perMinute, now = Date.now, maxKeys = 10_000 } = options;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const tokensAt = (bucket: { tokens: number; at: number }, t: number) =>
    Math.min(perMinute, bucket.tokens + Math.max(0, t - bucket.at) * perMs);

  function forgetIdle(t: number): void {
    for (const [key, bucket] of buckets) {
      if (buckets.size <= maxKeys) return;
      // Map order is least recently used first (entries are re-inserted on use).
      if (tokensAt(bucket, t) >= perMinute || buckets.size > maxKeys * 2) buckets.delete(key);
    }
  }

  return {
    async consume(key) {
      const t = now();
      const previous = buckets.get(key);
      let tokens = previous ? tokensAt(previous, t) : perMinute;
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      buckets.delete(key);
      buckets.set(key, { tokens, at: t });
      if (buckets.size > maxKeys) forgetIdle(t);
      if (allowed) return { allowed, remaining: Math.floor(tokens) };
      return { allowed, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    },
  };
}

/** Answers 429 with Retry-After (seconds) once `keyOf`'s client has spent its budget. */
export function rateLimit(
  limiter: RateLimiter,
  keyOf: (c: Context<AppEnv>) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = await limiter.consume(keyOf(c));
    if (!decision.allowed) {
      const seconds = decision.retryAfterSeconds;
      return apiError(
        c,
        429,
        'rate_limited',
        `too many requests: try again in ${seconds} s`,
        undefined,
        { 'Retry-After': String(seconds) },
      );
    }
    await next();
  };
}
