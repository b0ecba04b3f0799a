import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { apiError } from './errors.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=3600';
const REVALIDATE = 'no-cache';

/**
 * Vite puts content-hashed files under /assets/: a new build has new names, so they can be
 * cached forever. Everything else keeps its name across builds (index.html, sw.js, the
 * manifest) and must be revalidated, or users would be stuck on an old app; icons change
 * rarely enough to cache for an hour.
 */
export function cacheControlFor(path: string): string {
  if (path.startsWith('/assets/')) return IMMUTABLE;
  if (path.startsWith('/icons/') || path.startsWith('/favicon.')) return SHORT;
  return REVALIDATE;
}

/**
 * Refuses anything that could reach outside the client directory or into hidden files: `..`
 * (also percent-encoded), backslashes, NUL, and dot-segments. URL parsing already collapses
 * plain `/../`; this catches what survives it.
 */
export function isSafePath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return false;
  return decoded.split('/').every((segment) => !segment.startsWith('.'));
}

const NOT_BUILT = 'the client is not built: run npm run build';

/**
 * Serves the built PWA from `clientDir`. Any path without a file extension that a browser
 * navigates to (Accept: text/html) gets index.html, so deep links like /contacts survive a
 * reload; a missing file with an extension is a real 404. /api/* is never touched here.
 */
export function clientFiles(clientDir: string): MiddlewareHandler<AppEnv> {
  const indexFile = join(clientDir, 'index.html');
  // Created on first use: serveStatic complains on stderr if its root is missing, and the
  // client may be built after the server starts.
  let files: MiddlewareHandler<AppEnv> | undefined;

  async function page(c: Context<AppEnv>): Promise<Response> {
    let html: Buffer;
    try {
      html = await readFile(indexFile);
    } catch {
      return apiError(c, 503, 'unavailable', NOT_BUILT);
    }
    return c.body(new Uint8Array(html), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': REVALIDATE,
    });
  }

  return async (c, next) => {
    const { path, method } = c.req;
    if (path === '/api' || path.startsWith('/api/')) return next();
    if (method !== 'GET' && method !== 'HEAD') return next();
    if (!isSafePath(path)) return apiError(c, 404, 'not_found', 'no such file');

    const isPage =
      path === '/' ||
      path === '/index.html' ||
      (extname(path) === '' && (c.req.header('Accept') ?? '').includes('text/html'));
    if (isPage) return page(c);

    if (files || existsSync(clientDir)) {
      files ??= serveStatic<AppEnv>({ root: clientDir });
      let missing = false;
      const found = await files(c, async () => {
        missing = true;
      });
      if (found && !missing) {
        found.headers.set('Cache-Control', cacheControlFor(path));
        return found;
      }
    }
    if (extname(path) !== '') return apiError(c, 404, 'not_found', `no file at ${path}`);
    return next();
  };
}
