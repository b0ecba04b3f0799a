import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../shared/api/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import type { Store } from '../store/store.ts';
import { provesSameOrigin, SAFE_METHODS } from './origin.ts';
import {
  clearSessionCookie,
  findSession,
  setSessionCookie,
  type SessionPolicy,
} from './sessions.ts';
import { looksLikeToken } from './tokens.ts';

export interface AuthDeps {
  store: Store;
  policy: SessionPolicy;
}

type Credential =
  | { kind: 'bearer'; token: string }
  | { kind: 'cookie'; token: string }
  | { kind: 'invalid'; reason: string }
  | undefined;

/** A bearer header wins over a cookie: it cannot be sent by another site's page. */
export function readCredential(c: Context<AppEnv>): Credential {
  const header = c.req.header('Authorization');
  if (header !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) return { kind: 'invalid', reason: 'send Authorization: Bearer <token>' };
    return { kind: 'bearer', token: match[1]! };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie === undefined ? undefined : { kind: 'cookie', token: cookie };
}

const SIGN_IN_AGAIN = 'sign in again';

/**
 * Sets `c.var.session` for the routes behind it, or answers 401 `unauthorized`. Cookie-carried
 * sessions must also prove same origin on unsafe methods (403 `forbidden` otherwise); bearer
 * tokens are exempt. A refreshed session gets a refreshed cookie.
 */
export function requireSession({ store, policy }: AuthDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const credential = readCredential(c);
    if (!credential) {
      return apiError(
        c,
        401,
        'unauthorized',
        'not signed in: sign in, or send Authorization: Bearer <token>',
      );
    }
    if (credential.kind === 'invalid') {
      return apiError(
        c,
        401,
        'unauthorized',
        `malformed Authorization header: ${credential.reason}`,
      );
    }
    if (
      credential.kind === 'cookie' &&
      !SAFE_METHODS.has(c.req.method) &&
      !provesSameOrigin(c, policy.trustProxy)
    ) {
      return apiError(
        c,
        403,
        'forbidden',
        'cross-site request refused: a request signed in by cookie must come from this site (Origin header)',
      );
    }
    const result = looksLikeToken(credential.token)
      ? await findSession(store, credential.token, policy)
      : ({ found: false, expired: false } as const);
    if (!result.found) {
      if (credential.kind === 'cookie') clearSessionCookie(c, policy.trustProxy);
      const why = result.expired
        ? 'the session has expired'
        : 'the session is not valid (signed out, expired or never issued)';
      return apiError(c, 401, 'unauthorized', `${why}: ${SIGN_IN_AGAIN}`);
    }
    c.set('session', result.session);
    if (result.refreshed && credential.kind === 'cookie') {
      setSessionCookie(c, credential.token, result.expiresAt, policy);
    }
    await next();
  };
}

/** After requireSession: only workspace admins pass; members get 403. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('session').role !== 'admin') {
    return apiError(c, 403, 'forbidden', 'only an admin of this workspace may do this');
  }
  await next();
};
