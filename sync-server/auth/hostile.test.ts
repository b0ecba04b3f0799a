import { describe, expect, it } from 'vitest';
import type { AuthResponse, CreatedInvite } from '../../shared/api/auth.ts';
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import {
  ADA,
  cookieHeader,
  ORIGIN,
  sessionCookie,
  STORE_KINDS,
  testServer,
  useStore,
} from './testing.ts';

const GOOD = {
  signup: ADA,
  login: { email: ADA.email, password: ADA.password },
  join: {
    token: 'C'.repeat(43),
    email: 'bob@example.com',
    name: 'Bob',
    password: 'long enough pw',
  },
  invites: { role: 'member' },
} as const;

/** Bodies that must each be refused with a 4xx JSON answer, for every endpoint. */
function hostileBodies(good: Record<string, unknown>): [string, string, Record<string, string>?][] {
  const cases: [string, string, Record<string, string>?][] = [
    ['empty', ''],
    ['truncated JSON', '{"email":'],
    ['not JSON', 'email=a@b.c&password=x'],
    ['JSON null', 'null'],
    ['JSON number', '42'],
    ['JSON string', '"hello"'],
    ['JSON array', JSON.stringify([good])],
    ['text/plain', JSON.stringify(good), { 'Content-Type': 'text/plain' }],
    ['form encoded', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['extra key', JSON.stringify({ ...good, isAdmin: true })],
    ['prototype pollution', `{"__proto__":{"role":"admin"},${JSON.stringify(good).slice(1)}`],
    ['huge body', JSON.stringify({ ...good, padding: 'x'.repeat(300_000) })],
  ];
  for (const key of Object.keys(good)) {
    for (const [what, value] of [
      ['a number', 12],
      ['null', null],
      ['an array', ['x']],
      ['an object', { $ne: '' }],
      ['huge', 'y'.repeat(100_000)],
      ['NUL-laden', 'ann\u0000@example.com'],
      ['missing', undefined],
    ] as const) {
      cases.push([`${key} is ${what}`, JSON.stringify({ ...good, [key]: value })]);
    }
  }
  return cases;
}

describe.each(STORE_KINDS)(
  'hostile input on %s',
  (kind) => {
    const stores = useStore(kind);

    it('answers every malformed, wrongly typed or oversized body with 4xx JSON and stores nothing', async () => {
      const store = await stores.fresh();
      const server = testServer(store, { maxBodyBytes: 200_000 });
      const signup = await server.call('POST', '/api/v1/auth/signup', ADA);
      const session = cookieHeader(sessionCookie(signup)!);
      const counts = async () =>
        Promise.all(
          ['workspaces', 'users', 'invites', 'sessions'].map(
            async (t) => (await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0]?.n,
          ),
        );
      const before = await counts();
      let tried = 0;
      for (const [endpoint, good] of Object.entries(GOOD)) {
        const path = endpoint === 'invites' ? '/api/v1/invites' : `/api/v1/auth/${endpoint}`;
        for (const [what, body, headers] of hostileBodies(good)) {
          // `role: 'member'` alone is valid for invites; the others must fail.
          if (endpoint === 'invites' && what === 'role is missing') continue;
          const res = await server.app.request(`${ORIGIN}${path}`, {
            method: 'POST',
            headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...session, ...headers },
            body,
          });
          tried += 1;
          expect(res.status, `${endpoint}: ${what}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${endpoint}: ${what}`).toBeLessThan(500);
          const error = ((await res.json()) as ApiErrorBody).error;
          expect(error.message.length, `${endpoint}: ${what}`).toBeGreaterThan(5);
        }
      }
      expect(tried).toBeGreaterThan(80);
      expect(await counts()).toEqual(before);
      for (const line of server.logs.lines) expect(line.level).not.toBe('error');
    });

    it('explains what is wrong with each field', async () => {
      const server = testServer(await stores.fresh());
      const res = await server.call('POST', '/api/v1/auth/signup', {
        workspaceName: '  ',
        email: 'not-an-email',
        name: 'Ada',
        password: 'short',
      });
      expect(res.status).toBe(400);
      const error = ((await res.json()) as ApiErrorBody).error;
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual(
        expect.arrayContaining([
          { path: 'workspaceName', message: 'enter a workspace name' },
          { path: 'email', message: 'enter a valid email address, like ann@example.com' },
          { path: 'password', message: 'use at least 10 characters' },
        ]),
      );
    });

    it('answers odd invite ids with 404, never 500', async () => {
      const server = testServer(await stores.fresh());
      const signup = await server.call('POST', '/api/v1/auth/signup', ADA);
      const session = cookieHeader(sessionCookie(signup)!);
      for (const id of ['x', '%00', "1' OR '1'='1", 'a'.repeat(2000), '..%2f..%2f']) {
        const res = await server.call('DELETE', `/api/v1/invites/${id}`, undefined, session);
        expect(res.status, id).toBe(404);
      }
    });

    it('never writes a password, token or cookie to the log', async () => {
      const server = testServer(await stores.fresh());
      const signup = await server.call('POST', '/api/v1/auth/signup', ADA);
      const adaToken = sessionCookie(signup)!;
      const created = await server.call('POST', '/api/v1/invites', {}, cookieHeader(adaToken));
      const invite = (await created.json()) as CreatedInvite;
      const joined = await server.call('POST', '/api/v1/auth/join', {
        ...GOOD.join,
        token: invite.token,
      });
      const bobToken = sessionCookie(joined)!;
      await server.call('POST', '/api/v1/auth/login', {
        email: ADA.email,
        password: 'wrong password!',
      });
      const login = await server.call('POST', '/api/v1/auth/login', {
        email: ADA.email,
        password: ADA.password,
        bearer: true,
      });
      const bearer = ((await login.json()) as AuthResponse).token!;
      await server.call('GET', '/api/v1/auth/me', undefined, { Authorization: `Bearer ${bearer}` });
      await server.call('POST', '/api/v1/auth/logout', undefined, cookieHeader(bobToken));
      // The logger itself redacts these names wherever a careless line puts them.
      server.logs.log.info(
        { body: { password: ADA.password, token: invite.token }, headers: { cookie: adaToken } },
        'careless',
      );

      const text = JSON.stringify(server.logs.lines);
      expect(server.logs.lines.length).toBeGreaterThan(7);
      for (const secret of [
        ADA.password,
        GOOD.join.password,
        'wrong password!',
        adaToken,
        bobToken,
        bearer,
        invite.token,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('[redacted]');
    });
  },
  30_000,
);
