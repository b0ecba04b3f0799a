import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';

/** The last value of a proxy header: the one our (single) proxy wrote. */
function proxied(c: Context<AppEnv>, name: string): string | undefined {
  return c.req.header(name)?.split(',').at(-1)?.trim() || undefined;
}

/** The host the browser addressed: Host, or behind a trusted proxy X-Forwarded-Host. */
function requestHost(c: Context<AppEnv>, trustProxy: boolean): string {
  return (trustProxy && proxied(c, 'X-Forwarded-Host')) || new URL(c.req.url).host;
}

export function isHttps(c: Context<AppEnv>, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = proxied(c, 'X-Forwarded-Proto');
    if (proto) return proto === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For cookie-authenticated writes (CSRF): the request must say it comes from this site, with
 * an Origin whose host is ours or, where a browser sends no Origin, Sec-Fetch-Site:
 * same-origin. Scheme is not compared: behind a TLS proxy the server sees http.
 */
export function provesSameOrigin(c: Context<AppEnv>, trustProxy: boolean): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return hostOf(origin) === requestHost(c, trustProxy);
  return c.req.header('Sec-Fetch-Site') === 'same-origin';
}

/**
 * For requests without a session (login, sign-up, join): an API client sends neither header
 * and passes; a browser on another site is refused, so it cannot sign a victim into the
 * attacker's account (login CSRF).
 */
export function isCrossSite(c: Context<AppEnv>, trustProxy: boolean): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return hostOf(origin) !== requestHost(c, trustProxy);
  const site = c.req.header('Sec-Fetch-Site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

function hostOf(origin: string): string | undefined {
  if (!URL.canParse(origin)) return undefined; // includes the literal "null"
  return new URL(origin).host;
}
