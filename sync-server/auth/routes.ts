import { zValidator } from '@hono/zod-validator';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  joinRequestSchema,
  loginRequestSchema,
  signupRequestSchema,
  type AuthResponse,
} from '../../shared/api/auth.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import { jsonBody, onInvalid } from '../http/validation.ts';
import {
  join,
  logIn,
  readMe,
  Refusal,
  signUp,
  type AccountsDeps,
  type SignedIn,
} from './accounts.ts';
import { inviteRoutes } from './invite-routes.ts';
import { isCrossSite } from './origin.ts';
import { clearSessionCookie, deleteSession, setSessionCookie } from './sessions.ts';

/** Answers a Refusal thrown by the accounts logic; anything else is a bug for errorHandler. */
function refused(c: Context<AppEnv>, error: unknown): Response {
  if (!(error instanceof Refusal)) throw error;
  return apiError(c, error.status, error.code, error.message, undefined, error.headers);
}

/** Sign-in forms posted from another site's page are refused (login CSRF). */
function sameSiteForms(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isCrossSite(c, trustProxy)) {
      return apiError(c, 403, 'forbidden', 'cross-site request refused: sign in from this site');
    }
    await next();
  };
}

/**
 * /auth/* and /invites. A browser gets the session as a cookie; `bearer: true` returns the token
 * in the body instead (API clients) and sets no cookie.
 */
export function authRoutes(deps: AccountsDeps & { session: MiddlewareHandler<AppEnv> }) {
  const { store, policy, session } = deps;
  const { trustProxy } = policy;

  function signedIn(
    c: Context<AppEnv>,
    result: SignedIn,
    bearer: boolean | undefined,
    status: 200 | 201,
  ) {
    const body: AuthResponse = result.me;
    if (bearer) return c.json({ ...body, token: result.session.token }, status);
    setSessionCookie(c, result.session.token, result.session.expiresAt, policy);
    return c.json(body, status);
  }

  const forms = [sameSiteForms(trustProxy), jsonBody()] as const;

  return new Hono<AppEnv>()
    .post(
      '/auth/signup',
      ...forms,
      zValidator('json', signupRequestSchema, onInvalid),
      async (c) => {
        const { bearer, ...input } = c.req.valid('json');
        return signUp(deps, input).then(
          (r) => signedIn(c, r, bearer, 201),
          (e) => refused(c, e),
        );
      },
    )
    .post('/auth/join', ...forms, zValidator('json', joinRequestSchema, onInvalid), async (c) => {
      const { bearer, ...input } = c.req.valid('json');
      return join(deps, input).then(
        (r) => signedIn(c, r, bearer, 201),
        (e) => refused(c, e),
      );
    })
    .post('/auth/login', ...forms, zValidator('json', loginRequestSchema, onInvalid), async (c) => {
      const { bearer, ...input } = c.req.valid('json');
      return logIn(deps, input, clientAddress(c, trustProxy)).then(
        (r) => signedIn(c, r, bearer, 200),
        (e) => refused(c, e),
      );
    })
    .post('/auth/logout', session, async (c) => {
      await deleteSession(store, c.get('session').sessionId);
      clearSessionCookie(c, trustProxy);
      return c.body(null, 204);
    })
    .get('/auth/me', session, async (c) => {
      const current = c.get('session');
      const [row] = await store.query<{ expires_at: string }>(
        'SELECT expires_at FROM sessions WHERE id = $1',
        [current.sessionId],
      );
      const me = row && (await readMe(store, current, row.expires_at));
      if (!me) return apiError(c, 401, 'unauthorized', 'this account no longer exists');
      return c.json(me);
    })
    .route('/', inviteRoutes({ store, policy, session }));
}
