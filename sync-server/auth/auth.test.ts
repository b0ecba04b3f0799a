import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthResponse, MeResponse } from '../../shared/api/auth.ts';
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import {
  ADA,
  bearerHeader,
  cookieHeader,
  ORIGIN,
  sessionCookie,
  STORE_KINDS,
  testServer,
  useStore,
} from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;
const errorOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error;

describe.each(STORE_KINDS)(
  'accounts on %s',
  (kind) => {
    const stores = useStore(kind);

    async function signedUp(config = {}) {
      const store = await stores.fresh();
      const server = testServer(store, config);
      const res = await server.call('POST', '/api/v1/auth/signup', ADA);
      expect(res.status).toBe(201);
      const token = sessionCookie(res);
      if (!token) throw new Error('no session cookie');
      return { store, server, token, body: (await res.json()) as AuthResponse, res };
    }

    it('signs up the first user as admin of a new workspace, with a session cookie', async () => {
      const { server, token, body, res } = await signedUp();
      expect(body.user).toMatchObject({ email: ADA.email, name: ADA.name, role: 'admin' });
      expect(body.workspace.name).toBe(ADA.workspaceName);
      expect(body.token).toBeUndefined();
      const cookie = res.headers.getSetCookie().join('\n');
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(new RegExp(`Max-Age=${30 * 24 * 3600}`));
      expect(cookie).not.toMatch(/Secure/); // plain http

      const me = await server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(token));
      expect(me.status).toBe(200);
      const meBody = (await me.json()) as MeResponse;
      expect(meBody.user.id).toBe(body.user.id);
      expect(meBody.workspace).toEqual(body.workspace);
    });

    it('stores only a hash of the session token and an scrypt hash of the password', async () => {
      const { store, token } = await signedUp();
      const sessions = await store.query<{ token_hash: string }>('SELECT * FROM sessions');
      expect(sessions.map((s) => s.token_hash)).toEqual([
        createHash('sha256').update(token).digest('hex'),
      ]);
      const users = await store.query<{ password_hash: string }>('SELECT * FROM users');
      expect(users[0]?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
      const everything = JSON.stringify([sessions, users]);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(ADA.password);
    });

    it('marks the cookie Secure over https, also behind a trusted proxy', async () => {
      const server = testServer(await stores.fresh(), { trustProxy: true, signup: 'open' });
      const direct = await server.app.request('https://outpost.example/api/v1/auth/signup', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://outpost.example' },
        body: JSON.stringify(ADA),
      });
      expect(direct.status).toBe(201);
      expect(direct.headers.getSetCookie().join()).toMatch(/; Secure/);
      const proxied = await server.call(
        'POST',
        '/api/v1/auth/signup',
        { ...ADA, email: 'bob@example.com' },
        { 'X-Forwarded-Proto': 'https' },
      );
      expect(proxied.status).toBe(201);
      expect(proxied.headers.getSetCookie().join()).toMatch(/; Secure/);
    });

    it('returns a bearer token instead of a cookie when asked, and accepts it', async () => {
      const server = testServer(await stores.fresh());
      const res = await server.call('POST', '/api/v1/auth/signup', { ...ADA, bearer: true });
      expect(res.status).toBe(201);
      expect(res.headers.getSetCookie()).toEqual([]);
      const { token } = (await res.json()) as AuthResponse;
      expect(token).toMatch(/^[\w-]{43}$/);
      const me = await server.app.request(`${ORIGIN}/api/v1/auth/me`, {
        headers: bearerHeader(token!),
      });
      expect(me.status).toBe(200);
    });

    it('refuses a second sign-up once a workspace exists (SIGNUP=first)', async () => {
      const { server, store } = await signedUp();
      const res = await server.call('POST', '/api/v1/auth/signup', { ...ADA, email: 'eve@x.org' });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).message).toMatch(/sign-up is closed.*invite link/);
      const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM workspaces');
      expect(row?.n).toBe(1);
    });

    it('lets exactly one of two simultaneous first sign-ups through', async () => {
      const store = await stores.fresh();
      const a = testServer(store);
      const b = testServer(store);
      const results = await Promise.all([
        a.call('POST', '/api/v1/auth/signup', ADA),
        b.call('POST', '/api/v1/auth/signup', { ...ADA, email: 'eve@example.com' }),
      ]);
      expect(results.map((r) => r.status).toSorted()).toEqual([201, 403]);
      const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM workspaces');
      expect(row?.n).toBe(1);
    });

    it('with SIGNUP=open, refuses an email already registered, whatever its case', async () => {
      const { server } = await signedUp({ signup: 'open' });
      const dup = await server.call('POST', '/api/v1/auth/signup', {
        ...ADA,
        email: ' ADA@Example.com ',
      });
      expect(dup.status).toBe(409);
      expect(await errorOf(dup)).toMatchObject({ code: 'conflict' });
      const other = await server.call('POST', '/api/v1/auth/signup', {
        ...ADA,
        email: 'grace@example.com',
      });
      expect(other.status).toBe(201);
    });

    it('logs in with the right password, and refuses a wrong one or an unknown email alike', async () => {
      const { server } = await signedUp();
      const wrong = await server.call('POST', '/api/v1/auth/login', {
        email: ADA.email,
        password: 'not the password',
      });
      const unknown = await server.call('POST', '/api/v1/auth/login', {
        email: 'nobody@example.com',
        password: ADA.password,
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect((await errorOf(wrong)).message).toBe('wrong email or password');
      expect((await errorOf(unknown)).message).toBe('wrong email or password');
      expect(sessionCookie(wrong)).toBeUndefined();

      const ok = await server.call('POST', '/api/v1/auth/login', {
        email: 'Ada@Example.com',
        password: ADA.password,
      });
      expect(ok.status).toBe(200);
      const token = sessionCookie(ok)!;
      const me = await server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(token));
      expect(((await me.json()) as MeResponse).user.email).toBe(ADA.email);
    });

    it('logs out: the session stops working and the cookie is cleared', async () => {
      const { server, token } = await signedUp();
      const out = await server.call('POST', '/api/v1/auth/logout', undefined, cookieHeader(token));
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join()).toMatch(/outpost_session=;.*Max-Age=0/);
      const me = await server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(token));
      expect(me.status).toBe(401);
      expect((await errorOf(me)).code).toBe('unauthorized');
      const again = await server.call(
        'POST',
        '/api/v1/auth/logout',
        undefined,
        cookieHeader(token),
      );
      expect(again.status).toBe(401);
    });

    it('expires an unused session, and extends one in use (sliding)', async () => {
      const { server, token } = await signedUp();
      const me = () => server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(token));
      server.clock.advance(20 * DAY);
      const used = await me();
      expect(used.status).toBe(200);
      // The refreshed cookie lasts a full term again.
      expect(used.headers.getSetCookie().join()).toMatch(new RegExp(`Max-Age=${30 * 24 * 3600}`));
      server.clock.advance(20 * DAY); // 40 days after sign-up, 20 after last use
      expect((await me()).status).toBe(200);
      server.clock.advance(31 * DAY);
      const expired = await me();
      expect(expired.status).toBe(401);
      expect((await errorOf(expired)).message).toMatch(/expired: sign in again/);
      expect(expired.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    });

    it.each([
      ['a well-formed token that was never issued', cookieHeader('A'.repeat(43))],
      ['a malformed cookie', cookieHeader('not-a-token')],
      ['a forged bearer token', bearerHeader('x'.repeat(43))],
      ['a non-bearer Authorization', { Authorization: 'Basic YWRhOnB3' }],
      ['no credentials at all', {}],
    ])('answers 401 for %s', async (_what, headers) => {
      const { server } = await signedUp();
      const res = await server.call('GET', '/api/v1/auth/me', undefined, headers);
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      expect(error.code).toBe('unauthorized');
      expect(error.message.length).toBeGreaterThan(15);
    });

    it('refuses cookie-authenticated writes without proof of same origin (CSRF)', async () => {
      const { server, token } = await signedUp();
      const logout = (headers: Record<string, string>) =>
        server.app.request(`${ORIGIN}/api/v1/auth/logout`, { method: 'POST', headers });
      for (const headers of [
        { ...cookieHeader(token), Origin: 'http://evil.example' },
        { ...cookieHeader(token), Origin: 'null' },
        { ...cookieHeader(token), 'Sec-Fetch-Site': 'cross-site' },
        cookieHeader(token), // no Origin, no Sec-Fetch-Site
      ]) {
        const res = await logout(headers);
        expect(res.status).toBe(403);
        expect((await errorOf(res)).message).toMatch(/cross-site request refused/);
      }
      // Still signed in: none of those got through.
      const me = await server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(token));
      expect(me.status).toBe(200);
      // A GET needs no proof; a same-origin fetch without Origin passes on Sec-Fetch-Site.
      expect(
        (await logout({ ...cookieHeader(token), 'Sec-Fetch-Site': 'same-origin' })).status,
      ).toBe(204);
    });

    it('exempts bearer-authenticated writes from the origin check', async () => {
      const server = testServer(await stores.fresh());
      const res = await server.call('POST', '/api/v1/auth/signup', { ...ADA, bearer: true });
      const { token } = (await res.json()) as AuthResponse;
      const out = await server.app.request(`${ORIGIN}/api/v1/auth/logout`, {
        method: 'POST',
        headers: bearerHeader(token!),
      });
      expect(out.status).toBe(204);
    });

    it('refuses sign-up and login forms posted from another site', async () => {
      const { server } = await signedUp();
      const res = await server.call(
        'POST',
        '/api/v1/auth/login',
        { email: ADA.email, password: ADA.password },
        { Origin: 'https://evil.example' },
      );
      expect(res.status).toBe(403);
      expect(sessionCookie(res)).toBeUndefined();
    });

    it('limits login attempts per email, shared by every server on the database', async () => {
      const store = await stores.fresh();
      const a = testServer(store, { loginRateLimit: 3 });
      const b = testServer(store, { loginRateLimit: 3 }); // a second instance, same database
      expect((await a.call('POST', '/api/v1/auth/signup', ADA)).status).toBe(201);
      const attempt = (server: typeof a, password: string) =>
        server.call('POST', '/api/v1/auth/login', { email: ADA.email, password });
      expect((await attempt(a, 'wrong password 1')).status).toBe(401);
      expect((await attempt(b, 'wrong password 2')).status).toBe(401);
      expect((await attempt(a, 'wrong password 3')).status).toBe(401);
      const limited = await attempt(b, ADA.password);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('Retry-After'))).toBe(15 * 60);
      expect((await errorOf(limited)).message).toMatch(/too many sign-in attempts/);
      a.clock.advance(15 * 60 * 1000);
      expect((await attempt(a, ADA.password)).status).toBe(200);
    });

    it('limits login attempts per client address across emails', async () => {
      const server = testServer(await stores.fresh(), { loginRateLimit: 1 });
      // In-memory requests all come from one address; its budget is 5 x 1.
      for (let i = 0; i < 5; i++) {
        const res = await server.call('POST', '/api/v1/auth/login', {
          email: `user${i}@example.com`,
          password: 'guess guess guess',
        });
        expect(res.status).toBe(401);
      }
      const sixth = await server.call('POST', '/api/v1/auth/login', {
        email: 'user9@example.com',
        password: 'guess guess guess',
      });
      expect(sixth.status).toBe(429);
    });
  },
  30_000,
);
