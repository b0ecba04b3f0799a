import type { HttpBindings } from '@hono/node-server';
import type { RequestIdVariables } from 'hono/request-id';

/** Who is calling: set by the auth middleware (sync-server/auth) on every authenticated route. */
export interface Session {
  /** The session row's id (not the token; the token is never stored or logged). */
  sessionId: string;
  userId: string;
  /** Every query of an authenticated route is scoped to this workspace. */
  workspaceId: string;
  role: 'admin' | 'member';
}

/**
 * Hono's environment for every route. Bindings are absent when the app is driven in memory by
 * `app.request()` (tests), so code reading them must cope with `undefined`. `session` is only
 * set behind the auth middleware.
 */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: RequestIdVariables & { session: Session };
}
