import { isApiErrorBody, type ApiErrorCode } from '../../../shared/api/errors.ts';
import type {
  ConnectorSummary,
  DeliverySettings,
  DeliveryStats,
  LemlistCampaign,
  TestResult,
} from '../../../shared/api/delivery.ts';
import type { Connector } from '../../../shared/documents/server-written.ts';
import { API_BASE } from '../../../shared/version.ts';
import { sentence } from '../account/api.ts';

/** The server refused, or could not be reached (`code: 'network'`). `message` is for people. */
export class DeliveryApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode | 'network';
  constructor(status: number, code: ApiErrorCode | 'network', message: string) {
    super(message);
    this.name = 'DeliveryApiError';
    this.status = status;
    this.code = code;
  }
}

export const UNREACHABLE = 'The server cannot be reached. Check your connection and try again.';

/** True when the failure says nothing about the request itself: show what is known, try later. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof DeliveryApiError && (error.code === 'network' || error.status >= 502);
}

export function describeDeliveryError(error: unknown): string {
  if (error instanceof DeliveryApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

type Fetch = typeof fetch;

const at = (connector: Connector) => `/connectors/${encodeURIComponent(connector)}`;

/**
 * The delivery API (shared/api/delivery.ts). Same-origin credentials: the session travels in its
 * HttpOnly cookie. A provider key only ever goes out in a PUT or test body, on an admin's click.
 */
export function deliveryApi(fetchImpl: Fetch = (...args) => fetch(...args)) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(`${API_BASE}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new DeliveryApiError(0, 'network', UNREACHABLE);
    }
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => undefined);
    if (res.ok) return data as T;
    if (isApiErrorBody(data)) {
      throw new DeliveryApiError(res.status, data.error.code, sentence(data.error.message));
    }
    // A proxy or the service worker answered instead of our server (no JSON error body).
    throw new DeliveryApiError(
      res.status,
      'unavailable',
      res.status >= 502 ? UNREACHABLE : `The server answered ${res.status}. Try again later.`,
    );
  }
  return {
    connectors: () => call<ConnectorSummary[]>('GET', '/connectors'),
    saveCredential: (connector: Connector, value: string) =>
      call<ConnectorSummary>('PUT', `${at(connector)}/credential`, { value }),
    deleteCredential: (connector: Connector) => call<void>('DELETE', `${at(connector)}/credential`),
    /** Without `value`, tests the credential the server has. */
    test: (connector: Connector, value?: string) =>
      call<TestResult>('POST', `${at(connector)}/test`, value === undefined ? {} : { value }),
    lemlistCampaigns: () => call<LemlistCampaign[]>('GET', '/connectors/lemlist/campaigns'),
    stats: () => call<DeliveryStats>('GET', '/delivery/stats'),
    /** One contact, or every failed entry of the connector. */
    retry: (connector: Connector, contactId?: string) =>
      call<{ requeued: number }>(
        'POST',
        `/delivery/${encodeURIComponent(connector)}/retry`,
        contactId === undefined ? {} : { contactId },
      ),
    /** Explorium enriches the contact again, even if it did before (a user's explicit ask). */
    enrichAgain: (contactId: string) =>
      call<{ queued: boolean }>('POST', '/delivery/explorium/enrich', { contactId }),
    /** The workspace's delivery settings (admins only). */
    settings: () => call<DeliverySettings>('GET', '/delivery/settings'),
    saveSettings: (settings: DeliverySettings) =>
      call<DeliverySettings>('PUT', '/delivery/settings', settings),
  };
}

export type DeliveryApi = ReturnType<typeof deliveryApi>;

let shared: DeliveryApi | undefined;
/** The app's instance; components take an `api` prop so tests can pass one over a stub fetch. */
export function defaultDeliveryApi(): DeliveryApi {
  shared ??= deliveryApi();
  return shared;
}
