import { randomUUID } from 'node:crypto';
import { zValidator } from '@hono/zod-validator';
import { Hono, type MiddlewareHandler } from 'hono';
import {
  createInviteRequestSchema,
  JOIN_PATH,
  type CreatedInvite,
  type InviteSummary,
  type Role,
} from '../../shared/api/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import { jsonBody, onInvalid } from '../http/validation.ts';
import type { Store } from '../store/store.ts';
import { requireAdmin } from './middleware.ts';
import type { SessionPolicy } from './sessions.ts';
import { hashToken, newToken } from './tokens.ts';

const HOUR_MS = 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Admins make single-use invite links for their own workspace; every query is scoped to it. */
export function inviteRoutes(deps: {
  store: Store;
  policy: SessionPolicy;
  session: MiddlewareHandler<AppEnv>;
}) {
  const { store, policy, session } = deps;
  return new Hono<AppEnv>()
    .post(
      '/invites',
      session,
      requireAdmin,
      jsonBody(),
      zValidator('json', createInviteRequestSchema, onInvalid),
      async (c) => {
        const { role, expiresInHours } = c.req.valid('json');
        const { workspaceId, userId } = c.get('session');
        const now = policy.now();
        const token = newToken();
        const id = randomUUID();
        const expiresAt = new Date(now.getTime() + expiresInHours * HOUR_MS).toISOString();
        await store.query(
          `INSERT INTO invites (id, workspace_id, token_hash, role, created_by, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, workspaceId, hashToken(token), role, userId, now.toISOString(), expiresAt],
        );
        const [creator] = await store.query<{ name: string }>(
          'SELECT name FROM users WHERE id = $1 AND workspace_id = $2',
          [userId, workspaceId],
        );
        const invite: InviteSummary = {
          id,
          role,
          createdAt: now.toISOString(),
          expiresAt,
          createdBy: { id: userId, name: creator?.name ?? '' },
        };
        const body: CreatedInvite = { invite, token, joinPath: `${JOIN_PATH}#${token}` };
        return c.json(body, 201);
      },
    )
    .get('/invites', session, requireAdmin, async (c) => {
      const rows = await store.query<{
        id: string;
        role: Role;
        created_at: string;
        expires_at: string;
        by_id: string;
        by_name: string;
      }>(
        `SELECT i.id, i.role, i.created_at, i.expires_at, u.id AS by_id, u.name AS by_name
         FROM invites i JOIN users u ON u.id = i.created_by
         WHERE i.workspace_id = $1 AND i.used_at IS NULL AND i.expires_at > $2
         ORDER BY i.created_at DESC, i.id`,
        [c.get('session').workspaceId, policy.now().toISOString()],
      );
      const invites: InviteSummary[] = rows.map((r) => ({
        id: r.id,
        role: r.role,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        createdBy: { id: r.by_id, name: r.by_name },
      }));
      return c.json({ invites });
    })
    .delete('/invites/:id', session, requireAdmin, async (c) => {
      const id = c.req.param('id');
      // Ids are UUIDs; anything else (NUL bytes included, which PostgreSQL refuses) is no invite.
      const deleted = !UUID.test(id)
        ? []
        : await store.query(
            'DELETE FROM invites WHERE id = $1 AND workspace_id = $2 AND used_at IS NULL RETURNING id',
            [id, c.get('session').workspaceId],
          );
      if (deleted.length === 0) {
        return apiError(c, 404, 'not_found', 'no pending invite with this id in your workspace');
      }
      return c.body(null, 204);
    });
}
