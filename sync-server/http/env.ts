import type { HttpBindings } from '@hono/node-server';
import type { RequestIdVariables } from 'hono/request-id';

/**
 * Hono's environment for every route. Bindings are absent when the app is driven in memory by
 * `app.request()` (tests), so code reading them must cope with `undefined`.
 */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: RequestIdVariables;
}
