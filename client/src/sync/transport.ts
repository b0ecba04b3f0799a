import { isApiErrorBody } from '../../../shared/api/errors.ts';
import {
  collectionDefinitions,
  type CollectionName,
} from '../../../shared/documents/collections.ts';
import {
  PROTOCOL_HEADER,
  SCHEMA_VERSION_PARAM,
  SYNC_PROTOCOL_VERSION,
} from '../../../shared/sync/protocol.ts';

/**
 * Every sync request, from a tab or from the service worker: same-origin cookie, the protocol
 * header and the collection's schema version, and failures sorted into what the app must do.
 * No retries here: RxDB's replication retries failed pulls and pushes itself (one retry layer).
 */

export type SyncFailureKind =
  /** No answer at all: no network, server down, timeout. */
  | 'unreachable'
  /** 401: the session is gone; changes stay on the device until sign-in. */
  | 'unauthorized'
  /** 426: this build is too old for the server; the page must reload. */
  | 'upgrade_required'
  /** Any other answer the server gave with an error status. */
  | 'server';

export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly kind: SyncFailureKind;
  readonly status: number | null;
  constructor(kind: SyncFailureKind, message: string, status: number | null = null) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

export interface SyncRequest {
  method: 'GET' | 'POST';
  path: string;
  collection?: CollectionName;
  query?: Record<string, string | number>;
  /** JSON text: push bodies are built row by row (handlers.ts), never serialized twice. */
  body?: string;
  signal?: AbortSignal;
  /** Streams stay open: no timeout. */
  timeout?: number | false;
  /** Told about every answer and failure (the engine's status). */
  observer?: TransportObserver;
}

/** What the transport tells the app about each answer (sync/status.ts listens). */
export interface TransportObserver {
  reached(): void;
  /** `request` is the failed request's number (requestsSent() when it started). */
  failed(error: SyncError, request: number): void;
}

let sent = 0;
/** How many requests this context has started: tells an old answer from a new one. */
export function requestsSent(): number {
  return sent;
}

// The page's (or service worker's) own origin; tests and benchmarks point it at their server.
let origin: string | null = null;

export function setSyncOrigin(next: string | null): void {
  origin = next;
}

function searchParams(request: SyncRequest): URLSearchParams {
  const params = new URLSearchParams();
  if (request.collection) {
    params.set(SCHEMA_VERSION_PARAM, String(collectionDefinitions[request.collection].version));
  }
  for (const [key, value] of Object.entries(request.query ?? {})) params.set(key, String(value));
  return params;
}

async function describe(response: Response): Promise<SyncError> {
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  try {
    const body: unknown = await response.json();
    if (isApiErrorBody(body)) message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
  }
  if (response.status === 401) return new SyncError('unauthorized', message, 401);
  if (response.status === 426) return new SyncError('upgrade_required', message, 426);
  return new SyncError('server', message, response.status);
}

/** Sends one request; resolves with the response (status 2xx) or throws a SyncError. */
export async function syncRequest(request: SyncRequest): Promise<Response> {
  const observer = request.observer;
  const number = ++sent;
  const timeout = request.timeout ?? REQUEST_TIMEOUT_MS;
  const signals = [request.signal, timeout === false ? undefined : AbortSignal.timeout(timeout)];
  const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    // Plain fetch: a wrapper's request cloning and re-serialization cost more than a megabyte
    // push body's upload.
    response = await fetch(
      `${origin ?? globalThis.location.origin}${request.path}?${searchParams(request)}`,
      {
        method: request.method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        body: request.body,
        signal: AbortSignal.any(signals.filter((signal) => signal !== undefined)),
      },
    );
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    const error = new SyncError('unreachable', 'The server cannot be reached.');
    error.cause = cause;
    observer?.failed(error, number);
    throw error;
  }
  if (response.ok) {
    observer?.reached();
    return response;
  }
  const error = await describe(response);
  // Any answer, even an error, proves the server is reachable; 5xx from a proxy does not.
  if (response.status < 500) observer?.reached();
  observer?.failed(error, number);
  throw error;
}

export async function syncJson<T>(request: SyncRequest): Promise<T> {
  const response = await syncRequest(request);
  return (await response.json()) as T;
}
