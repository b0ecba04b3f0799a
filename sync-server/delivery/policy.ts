import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BrokenCircuitError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type IBackoff,
  type IRetryBackoffContext,
  retry,
  SamplingBreaker,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import type { Connector } from '../../shared/documents/server-written.ts';
import type { Logger } from '../log.ts';
import { isTransientStatus, ProviderError } from './errors.ts';
import { type RateLimit, SlidingWindowLimiter } from './limiter.ts';

export type BreakerOptions =
  | { kind: 'consecutive'; failures: number; halfOpenAfterMs: number }
  | {
      kind: 'sampling';
      /** Share of failed calls (0..1) over `durationMs` that opens the breaker. */
      threshold: number;
      durationMs: number;
      minimumRps: number;
      halfOpenAfterMs: number;
    };

export interface LaneOptions {
  connector: Connector;
  workspaceId: string;
  limit: RateLimit;
  /** One HTTP call; a hang fails the attempt after this long. */
  timeoutMs: number;
  /** Attempts per call (the outbox reschedules after the last, without limit). */
  maxAttempts: number;
  /** Base of the exponential backoff between attempts. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  breaker: BreakerOptions;
  /** From a previous `breaker.toJSON()` (connector_state.breaker). */
  breakerState?: unknown;
  /** Called with `breaker.toJSON()` on every state change, to persist it. */
  saveBreaker?: (state: unknown) => void;
  log: Logger;
  now?: () => number;
  random?: () => number;
}

export type BreakerStateName = 'closed' | 'open' | 'half-open' | 'isolated';

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** A call's correlation id, visible to the retry/breaker listeners of its own async chain. */
const callContext = new AsyncLocalStorage<{ correlationId: string }>();

/** Transient failures are retried and count against the breaker; 429 is retried but is the
 * provider protecting itself, not failing, so it does not open the breaker. */
const isRetryable = (err: Error) =>
  err instanceof TaskCancelledError ||
  (err instanceof ProviderError && err.errorClass === 'transient');
const isBreakerFailure = (err: Error) =>
  err instanceof TaskCancelledError ||
  (err instanceof ProviderError && err.errorClass === 'transient' && err.status !== 429);

/**
 * One connector's lane for one credential: the single policy every provider call goes through.
 * Nesting, outermost first: retry (exponential backoff with full jitter, never shorter than the
 * provider's Retry-After or the limiter's gate), bulkhead (at most `concurrency` attempts in
 * flight; a call waiting out its backoff holds none, so other calls use the limiter meanwhile),
 * circuit breaker, then per attempt a rate-limiter slot (held until a window after the answer)
 * and the timeout around the HTTP call itself, so waiting for a slot never counts as a hang.
 */
export function createLane(options: LaneOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { connector, workspaceId, log } = options;
  const limiter = new SlidingWindowLimiter(options.limit, { now });

  const delayFor = (context: IRetryBackoffContext<unknown>): number => {
    const exponential = Math.min(
      options.backoffMaxMs,
      options.backoffBaseMs * 2 ** (context.attempt - 1),
    );
    const jittered = exponential / 2 + (random() * exponential) / 2;
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof ProviderError ? (error.retryAfterMs ?? 0) : 0;
    return Math.round(Math.max(jittered, asked, limiter.blockedUntil - now()));
  };
  const backoff = {
    next: (context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> => ({
      duration: delayFor(context),
      next: backoff.next,
    }),
  };

  const b = options.breaker;
  const breaker = circuitBreaker(handleWhen(isBreakerFailure), {
    halfOpenAfter: b.halfOpenAfterMs,
    breaker:
      b.kind === 'consecutive'
        ? new ConsecutiveBreaker(b.failures)
        : new SamplingBreaker({
            threshold: b.threshold,
            duration: b.durationMs,
            minimumRps: b.minimumRps,
          }),
    initialState: options.breakerState ?? undefined,
  });
  const retryPolicy = retry(handleWhen(isRetryable), {
    maxAttempts: Math.max(0, options.maxAttempts - 1),
    backoff,
  });
  const policy = wrap(retryPolicy, bulkhead(options.concurrency, Number.MAX_SAFE_INTEGER), breaker);
  const timeoutPolicy = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);

  retryPolicy.onRetry((event) => {
    const error = 'error' in event ? event.error : undefined;
    log.warn(
      {
        event: 'delivery_retry',
        connector,
        workspaceId,
        attempt: event.attempt,
        delayMs: Math.round(event.delay),
        status: error instanceof ProviderError ? error.status : 0,
        reason: error?.message,
        correlationId: callContext.getStore()?.correlationId,
        providerCorrelationId: error instanceof ProviderError ? error.providerCorrelationId : null,
      },
      'provider call failed, retrying',
    );
  });
  breaker.onStateChange((state) => {
    log.warn(
      {
        event: 'breaker_state',
        connector,
        workspaceId,
        state: STATE_NAMES[state],
        correlationId: callContext.getStore()?.correlationId,
      },
      `circuit breaker ${STATE_NAMES[state]}`,
    );
    options.saveBreaker?.(breaker.toJSON());
  });

  return {
    connector,
    workspaceId,
    limiter,
    breaker,
    breakerState: (): BreakerStateName => STATE_NAMES[breaker.state],
    /**
     * Runs one provider call under the policy. `fn` throws ProviderError for a refused answer;
     * network errors and timeouts become transient ProviderErrors here.
     */
    call<T>(correlationId: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
      return callContext.run({ correlationId }, async () => {
        try {
          return await policy.execute(async () => {
            const answered = await limiter.acquire();
            try {
              return await timeoutPolicy.execute(async ({ signal }) => {
                try {
                  return await fn(signal);
                } catch (err) {
                  const error = toProviderError(err, signal);
                  if (error instanceof ProviderError && error.retryAfterMs !== null) {
                    limiter.blockUntil(now() + error.retryAfterMs);
                  }
                  throw error;
                }
              });
            } finally {
              answered();
            }
          });
        } catch (err) {
          if (err instanceof TaskCancelledError) {
            throw new ProviderError('transient', `no answer within ${options.timeoutMs} ms`, {
              cause: err,
            });
          }
          throw err;
        }
      });
    },
  };
}

export type Lane = ReturnType<typeof createLane>;

function toProviderError(err: unknown, signal: AbortSignal): Error {
  if (err instanceof ProviderError) return err;
  // Aborted by our own timeout: let cockatiel report the TaskCancelledError.
  if (signal.aborted) return err instanceof Error ? err : new Error(String(err));
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  return new ProviderError('transient', `network error: ${code ?? message}`, { cause: err });
}

export function isBrokenCircuit(err: unknown): err is BrokenCircuitError {
  return err instanceof BrokenCircuitError;
}

/** For connectors: the class of a non-2xx status whose body named nothing more specific. */
export function classOfStatus(status: number) {
  if (isTransientStatus(status)) return 'transient' as const;
  if (status === 401 || status === 403) return 'auth' as const;
  return 'permanent' as const;
}
