import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * The address of the client, for rate limits and logs. X-Forwarded-For is believed only when
 * TRUST_PROXY is set, and then only its last entry: that is the one our proxy appended; earlier
 * entries come from the client and can say anything. (One proxy hop is assumed.)
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  if (!c.env?.incoming) return 'unknown'; // in-memory requests (tests) have no socket
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
