import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../shared/api/auth.ts';
import type { AppEnv, Session } from '../http/env.ts';
import type { Sql } from '../store/store.ts';
import { hashToken, newToken } from './tokens.ts';
import { isHttps } from './origin.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session's expiry moves forward at most this often, so every request is not a write. */
const REFRESH_EVERY_MS = 60 * 60 * 1000;

export interface SessionPolicy {
  sessionDays: number;
  trustProxy: boolean;
  now: () => Date;
}

export interface NewSession {
  sessionId: string;
  token: string;
  expiresAt: string;
}

/** Starts a session; only the token's hash is written. */
export async function createSession(
  tx: Sql,
  user: { userId: string; workspaceId: string },
  policy: SessionPolicy,
): Promise<NewSession> {
  const now = policy.now();
  const token = newToken();
  const sessionId = randomUUID();
  const expiresAt = new Date(now.getTime() + policy.sessionDays * DAY_MS).toISOString();
  await tx.query(
    `INSERT INTO sessions (id, token_hash, user_id, workspace_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [sessionId, hashToken(token), user.userId, user.workspaceId, now.toISOString(), expiresAt],
  );
  return { sessionId, token, expiresAt };
}

export type SessionLookup =
  | { found: false; expired: boolean }
  | { found: true; session: Session; expiresAt: string; refreshed: boolean };

/**
 * The session a token belongs to, its expiry extended (sliding) when the last extension is
 * older than an hour. The role is read from the user, so a changed role applies at once.
 */
export async function findSession(
  db: Sql,
  token: string,
  policy: SessionPolicy,
): Promise<SessionLookup> {
  const [row] = await db.query<{
    id: string;
    user_id: string;
    workspace_id: string;
    role: 'admin' | 'member';
    expires_at: string;
  }>(
    `SELECT s.id, s.user_id, s.workspace_id, u.role, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id AND u.workspace_id = s.workspace_id
     WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  if (!row) return { found: false, expired: false };
  const now = policy.now().getTime();
  const expires = Date.parse(row.expires_at);
  if (expires <= now) {
    await db.query('DELETE FROM sessions WHERE id = $1', [row.id]);
    return { found: false, expired: true };
  }
  const session: Session = {
    sessionId: row.id,
    userId: row.user_id,
    workspaceId: row.workspace_id,
    role: row.role,
  };
  const ttl = policy.sessionDays * DAY_MS;
  if (expires - now > ttl - REFRESH_EVERY_MS) {
    return { found: true, session, expiresAt: row.expires_at, refreshed: false };
  }
  const expiresAt = new Date(now + ttl).toISOString();
  await db.query('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiresAt, row.id]);
  return { found: true, session, expiresAt, refreshed: true };
}

export async function deleteSession(db: Sql, sessionId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
}

/** Expired sessions of everyone: run now and then (on login) so the table does not grow. */
export async function deleteExpiredSessions(db: Sql, now: Date): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now.toISOString()]);
}

/**
 * HttpOnly (scripts cannot read it), SameSite=Strict (never sent on cross-site requests),
 * Secure when the page came over https, Path=/ (the service worker's sync needs it too).
 */
export function setSessionCookie(
  c: Context<AppEnv>,
  token: string,
  expiresAt: string,
  policy: Pick<SessionPolicy, 'trustProxy' | 'now'>,
): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - policy.now().getTime()) / 1000));
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, policy.trustProxy),
    maxAge,
  });
}

export function clearSessionCookie(c: Context<AppEnv>, trustProxy: boolean): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, trustProxy),
  });
}
