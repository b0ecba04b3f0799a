import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  AuthResponse,
  CreatedInvite,
  InviteSummary,
  MeResponse,
} from '../../shared/api/auth.ts';
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import type { Store } from '../store/store.ts';
import {
  ADA,
  cookieHeader,
  sessionCookie,
  STORE_KINDS,
  testServer,
  useStore,
  type TestServer,
} from './testing.ts';

const errorOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error;
const BOB = { email: 'bob@example.com', name: 'Bob', password: 'correct horse battery' };

async function admin(server: TestServer, who = ADA) {
  const res = await server.call('POST', '/api/v1/auth/signup', who);
  expect(res.status).toBe(201);
  return { token: sessionCookie(res)!, me: (await res.json()) as AuthResponse };
}
async function invite(server: TestServer, session: string, body: object = {}) {
  const res = await server.call('POST', '/api/v1/invites', body, cookieHeader(session));
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedInvite;
}
const count = async (store: Store, table: string) =>
  (await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;

describe.each(STORE_KINDS)(
  'invites on %s',
  (kind) => {
    const stores = useStore(kind);

    it('lets an admin invite, and the invitee join the same workspace as a member', async () => {
      const store = await stores.fresh();
      const server = testServer(store);
      const ada = await admin(server);
      const created = await invite(server, ada.token);
      expect(created.token).toMatch(/^[\w-]{43}$/);
      expect(created.joinPath).toBe(`/join#${created.token}`);
      expect(created.invite).toMatchObject({ role: 'member', createdBy: { name: ADA.name } });
      // Only the hash is kept.
      const rows = await store.query<{ token_hash: string }>('SELECT token_hash FROM invites');
      expect(rows).toEqual([
        { token_hash: createHash('sha256').update(created.token).digest('hex') },
      ]);

      const joined = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        token: created.token,
      });
      expect(joined.status).toBe(201);
      const bob = (await joined.json()) as AuthResponse;
      expect(bob.workspace).toEqual(ada.me.workspace);
      expect(bob.user.role).toBe('member');
      const me = await server.call(
        'GET',
        '/api/v1/auth/me',
        undefined,
        cookieHeader(sessionCookie(joined)!),
      );
      expect(((await me.json()) as MeResponse).user.email).toBe(BOB.email);

      // Used: gone from the pending list, and refused a second time.
      const list = await server.call('GET', '/api/v1/invites', undefined, cookieHeader(ada.token));
      expect(((await list.json()) as { invites: InviteSummary[] }).invites).toEqual([]);
      const again = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        email: 'carol@example.com',
        token: created.token,
      });
      expect(again.status).toBe(403);
      expect((await errorOf(again)).message).toMatch(/already been used/);
    });

    it('makes an admin when the invite says so; members may not invite', async () => {
      const server = testServer(await stores.fresh());
      const ada = await admin(server);
      const asAdmin = await invite(server, ada.token, { role: 'admin' });
      const grace = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        token: asAdmin.token,
      });
      expect(((await grace.json()) as AuthResponse).user.role).toBe('admin');

      const member = await invite(server, ada.token);
      const carol = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        email: 'carol@example.com',
        token: member.token,
      });
      const carolSession = cookieHeader(sessionCookie(carol)!);
      for (const [method, path] of [
        ['POST', '/api/v1/invites'],
        ['GET', '/api/v1/invites'],
        ['DELETE', `/api/v1/invites/${member.invite.id}`],
      ] as const) {
        const res = await server.call(
          method,
          path,
          method === 'POST' ? {} : undefined,
          carolSession,
        );
        expect(res.status).toBe(403);
        expect((await errorOf(res)).message).toMatch(/only an admin/);
      }
    });

    it('refuses an expired, unknown or revoked invite, and nothing is created', async () => {
      const store = await stores.fresh();
      const server = testServer(store);
      const ada = await admin(server);
      const short = await invite(server, ada.token, { expiresInHours: 1 });
      server.clock.advance(61 * 60 * 1000);
      const expired = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        token: short.token,
      });
      expect(expired.status).toBe(403);
      expect((await errorOf(expired)).message).toMatch(/expired/);

      const unknown = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        token: 'B'.repeat(43),
      });
      expect(unknown.status).toBe(404);

      const revoked = await invite(server, ada.token);
      const del = await server.call(
        'DELETE',
        `/api/v1/invites/${revoked.invite.id}`,
        undefined,
        cookieHeader(ada.token),
      );
      expect(del.status).toBe(204);
      const late = await server.call('POST', '/api/v1/auth/join', { ...BOB, token: revoked.token });
      expect(late.status).toBe(404);
      expect(await count(store, 'users')).toBe(1);
    });

    it('lets exactly one of two simultaneous joins with one link through', async () => {
      const store = await stores.fresh();
      const server = testServer(store);
      const ada = await admin(server);
      const created = await invite(server, ada.token);
      const results = await Promise.all([
        server.call('POST', '/api/v1/auth/join', { ...BOB, token: created.token }),
        server.call('POST', '/api/v1/auth/join', {
          ...BOB,
          email: 'carol@example.com',
          token: created.token,
        }),
      ]);
      expect(results.map((r) => r.status).toSorted()).toEqual([201, 403]);
      expect(await count(store, 'users')).toBe(2);
    });

    it('refuses a join with an email already registered and leaves the invite usable', async () => {
      const store = await stores.fresh();
      const server = testServer(store);
      const ada = await admin(server);
      const created = await invite(server, ada.token);
      const dup = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        email: ADA.email,
        token: created.token,
      });
      expect(dup.status).toBe(409);
      const ok = await server.call('POST', '/api/v1/auth/join', { ...BOB, token: created.token });
      expect(ok.status).toBe(201);
    });

    it('keeps workspaces apart: /me, invite lists and revocation', async () => {
      const store = await stores.fresh();
      const server = testServer(store, { signup: 'open' });
      const a = await admin(server);
      const b = await admin(server, { ...ADA, workspaceName: 'Other Co', email: 'zed@other.co' });
      expect(b.me.workspace.id).not.toBe(a.me.workspace.id);
      const inviteA = await invite(server, a.token);
      await invite(server, b.token);

      const meB = await server.call('GET', '/api/v1/auth/me', undefined, cookieHeader(b.token));
      expect(((await meB.json()) as MeResponse).workspace.name).toBe('Other Co');

      const listB = await server.call('GET', '/api/v1/invites', undefined, cookieHeader(b.token));
      const invitesB = ((await listB.json()) as { invites: InviteSummary[] }).invites;
      expect(invitesB).toHaveLength(1);
      expect(invitesB[0]?.id).not.toBe(inviteA.invite.id);

      const steal = await server.call(
        'DELETE',
        `/api/v1/invites/${inviteA.invite.id}`,
        undefined,
        cookieHeader(b.token),
      );
      expect(steal.status).toBe(404);
      const listA = await server.call('GET', '/api/v1/invites', undefined, cookieHeader(a.token));
      expect(((await listA.json()) as { invites: InviteSummary[] }).invites).toHaveLength(1);

      // A's invite joins A's workspace, whoever uses it.
      const joined = await server.call('POST', '/api/v1/auth/join', {
        ...BOB,
        token: inviteA.token,
      });
      expect(((await joined.json()) as AuthResponse).workspace.id).toBe(a.me.workspace.id);
    });
  },
  30_000,
);
