import { request } from 'node:http';
import { startServer as startRealServer } from '../../../e2e/support/server.ts';
import type { Fetch } from './api.ts';

/**
 * The real sync server (`node sync-server/main.ts`, SQLite, SIGNUP=open) in a child process,
 * started by the e2e helper: happy-dom, like a browser, hides Set-Cookie, so the server cannot
 * run inside this environment. `client()` gives a browser-like `fetch` for one device: relative
 * URLs, an Origin header and its own cookie jar.
 */
export async function startServer() {
  const real = await startRealServer({ clientDir: '/nonexistent', env: { SIGNUP: 'open' } });
  const { url } = real;
  const { host, origin } = new URL(url);

  function send(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{
      status: number;
      headers: Record<string, string | string[]>;
      body: string;
    }>((resolve, reject) => {
      const req = request(`${url.replace(/\/$/, '')}${path}`, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers as never, body: text }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  function client() {
    const jar = new Map<string, string>();
    let online = true;
    const fetchImpl: Fetch = async (input, init = {}) => {
      if (!online) throw new TypeError('Failed to fetch');
      const headers: Record<string, string> = {
        ...Object.fromEntries(new Headers(init.headers)),
        Host: host,
        Origin: origin,
      };
      if (jar.size > 0) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const body = typeof init.body === 'string' ? init.body : undefined;
      const res = await send(init.method ?? 'GET', String(input), headers, body);
      for (const line of (res.headers['set-cookie'] as string[] | undefined) ?? []) {
        const [pair = '', ...attributes] = line.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (value === '' || attributes.some((a) => a.trim() === 'Max-Age=0')) jar.delete(name);
        else jar.set(name, value);
      }
      const type = String(res.headers['content-type'] ?? 'application/json');
      return new Response(res.status === 204 ? null : res.body, {
        status: res.status,
        headers: { 'Content-Type': type },
      });
    };
    return {
      fetch: fetchImpl,
      jar,
      setOnline: (value: boolean) => (online = value),
      /** The session ends on the server (expiry, sign-out elsewhere); this device is not told. */
      async endSessionOnServer() {
        const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        await send('POST', '/api/v1/auth/logout', { Cookie: cookie, Origin: origin, Host: host });
      },
    };
  }

  return {
    client,
    async stop() {
      await real.stop();
    },
  };
}
