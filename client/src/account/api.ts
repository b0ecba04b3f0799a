import {
  AUTH_PATHS,
  type AuthResponse,
  type CreatedInvite,
  type CreateInviteRequest,
  type InviteSummary,
  type JoinRequest,
  type LoginRequest,
  type MeResponse,
  type SignupRequest,
} from '../../../shared/api/auth.ts';
import { isApiErrorBody, type ApiErrorCode } from '../../../shared/api/errors.ts';
import type { ValidationIssue } from '../../../shared/api/validation.ts';

/** The server refused, or could not be reached (`code: 'network'`). `message` is for people. */
export class AccountApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode | 'network';
  readonly issues: ValidationIssue[];
  constructor(
    status: number,
    code: ApiErrorCode | 'network',
    message: string,
    issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = 'AccountApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export type Fetch = typeof fetch;

/**
 * Calls to the accounts API. Same-origin credentials: the session travels in its HttpOnly
 * cookie, which this code never sees.
 */
export function accountApi(fetchImpl: Fetch = (...args) => fetch(...args)) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AccountApiError(
        0,
        'network',
        'The server cannot be reached. Check your connection and try again.',
      );
    }
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => undefined);
    if (res.ok) return data as T;
    if (isApiErrorBody(data)) {
      const issues = Array.isArray(data.error.details)
        ? (data.error.details as ValidationIssue[])
        : [];
      throw new AccountApiError(res.status, data.error.code, sentence(data.error.message), issues);
    }
    throw new AccountApiError(
      res.status,
      'unavailable',
      `The server answered ${res.status}. Try again later.`,
    );
  }
  return {
    signUp: (body: SignupRequest) => call<AuthResponse>('POST', AUTH_PATHS.signup, body),
    join: (body: JoinRequest) => call<AuthResponse>('POST', AUTH_PATHS.join, body),
    logIn: (body: LoginRequest) => call<AuthResponse>('POST', AUTH_PATHS.login, body),
    logOut: () => call<void>('POST', AUTH_PATHS.logout),
    me: () => call<MeResponse>('GET', AUTH_PATHS.me),
    createInvite: (body: CreateInviteRequest) =>
      call<CreatedInvite>('POST', AUTH_PATHS.invites, body),
    listInvites: () => call<{ invites: InviteSummary[] }>('GET', AUTH_PATHS.invites),
    revokeInvite: (id: string) =>
      call<void>('DELETE', `${AUTH_PATHS.invites}/${encodeURIComponent(id)}`),
  };
}

export type AccountApi = ReturnType<typeof accountApi>;

/** Server messages are lower-case fragments ("wrong email or password"); the UI shows sentences. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
