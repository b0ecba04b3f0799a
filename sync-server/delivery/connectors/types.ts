import ky, { type KyInstance } from 'ky';
import type { Connector } from '../../../shared/documents/server-written.ts';
import type { SecretValue } from '../../secrets/secret-box.ts';
import type { Sql } from '../../store/store.ts';
import { classOfStatus } from '../policy.ts';
import { parseRetryAfter, ProviderError } from '../errors.ts';
import type { Lane } from '../policy.ts';
import type { Entry } from '../outbox.ts';
import type { EnrichedFields } from '../results.ts';

/** An item the provider took (or already had), or refused for what it is. */
export type ItemResult =
  | { ok: true; remoteId: string | null; note?: string; enrichment?: EnrichedFields }
  | { ok: false; reason: string };

export interface ConnectorContext {
  lane: Lane;
  baseUrl: string;
  credential: SecretValue;
  correlationId: string;
  /** For reading replicated documents (a contact's fields for Lemlist). */
  sql: Sql;
  now: () => number;
}

/**
 * One provider. `deliver` answers per entry (by documentId): an ItemResult, or a ProviderError
 * when the call carrying that entry failed (transient, quota, auth, permanent).
 */
export interface ConnectorModule {
  connector: Connector;
  /** Entries per claimed batch (HubSpot 100 per upsert, Explorium 50 per call). */
  batchSize: number;
  deliver(
    ctx: ConnectorContext,
    entries: Entry[],
  ): Promise<Map<string, ItemResult | ProviderError>>;
  /** Resolves if the credential works (one cheap read); throws ProviderError otherwise. */
  test(ctx: ConnectorContext): Promise<void>;
}

/** ky for a provider: its own retries off (the policy retries), no ky timeout (the policy's). */
export function providerClient(baseUrl: string, headers: Record<string, string>): KyInstance {
  return ky.create({
    prefixUrl: baseUrl,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    headers,
  });
}

/**
 * Honours the provider's rate-limit headers: when the provider says none are left but our own
 * count says otherwise (another client shares the key), no request leaves before the reset.
 */
export function observeRateHeaders(
  lane: Lane,
  remaining: string | null,
  resetAt: number | null,
): void {
  if (remaining === null || Number(remaining) > 0) return;
  if (lane.limiter.inWindow() >= lane.limiter.limit.max) return;
  lane.limiter.blockUntil(resetAt ?? Date.now() + lane.limiter.limit.windowMs / 10);
}

/** The generic mapping of a refused call; connectors handle their special bodies first. */
export function errorFor(
  response: Response,
  message: string,
  now: number,
  providerCorrelationId: string | null = null,
): ProviderError {
  const status = response.status;
  return new ProviderError(classOfStatus(status), `${status}: ${message}`.slice(0, 900), {
    status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    providerCorrelationId,
  });
}

/** The body as text; '' if it cannot be read (a reset mid-body is caught by the caller's retry). */
export async function safeText(response: Response): Promise<string> {
  return response.text().catch(() => '');
}

export function safeJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every entry of a failed call gets the call's error. */
export function allFailed(entries: Entry[], error: ProviderError) {
  return new Map<string, ItemResult | ProviderError>(entries.map((e) => [e.documentId, error]));
}
