/**
 * How a provider's answer is classified (issue 6): what the worker does next depends only on
 * the class, never on the provider.
 *
 * - transient: network, timeout, 408, 423, 429 short-term, 5xx -> retried with backoff, forever;
 * - quota: the provider's quota is used up (HubSpot 429 DAILY, Explorium 403 credits) -> the
 *   connector pauses until `pausedUntil` and says so;
 * - auth: the credential is refused (401/403) -> the connector pauses until a new one is saved;
 * - permanent: the whole request is refused for what it is (400/404/409/422) -> its items fail
 *   with the provider's reason. Per-item refusals inside a batch answer are not errors: the
 *   connector returns them as item results.
 */
export type ErrorClass = 'transient' | 'quota' | 'auth' | 'permanent';

export class ProviderError extends Error {
  readonly errorClass: ErrorClass;
  /** HTTP status, or 0 for network errors and timeouts. */
  readonly status: number;
  /** How long the provider asked us to wait (Retry-After, rate-limit reset), if it said. */
  readonly retryAfterMs: number | null;
  /** quota/auth: when to try again (auth: never by itself). */
  readonly pausedUntil: number | null;
  readonly providerCorrelationId: string | null;
  constructor(
    errorClass: ErrorClass,
    message: string,
    options: {
      status?: number;
      retryAfterMs?: number | null;
      pausedUntil?: number | null;
      providerCorrelationId?: string | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.errorClass = errorClass;
    this.status = options.status ?? 0;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.pausedUntil = options.pausedUntil ?? null;
    this.providerCorrelationId = options.providerCorrelationId ?? null;
  }
}

/** An auth pause lasts until an admin saves a new credential (year 9999). */
export const UNTIL_NEW_CREDENTIAL = 253_402_300_799_000;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3); null if neither. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Statuses every provider's docs call transient. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 423 || status === 429 || status >= 500;
}

/** The next midnight UTC: HubSpot's daily limit resets at midnight in the account's time zone,
 * which the API does not tell us; UTC midnight is a guess the next probe corrects. */
export function nextMidnightUtc(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** For transient failures of a whole entry, rescheduled by the outbox: 1 s doubling to 10 min,
 * with full jitter so a fleet of entries does not come back at once. */
export function outboxBackoffMs(attempts: number, random: () => number = Math.random): number {
  const cap = Math.min(600_000, 1_000 * 2 ** Math.min(attempts, 20));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
