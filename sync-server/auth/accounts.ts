import { randomUUID } from 'node:crypto';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorCode } from '../../shared/api/errors.ts';
import type { MeResponse, Role } from '../../shared/api/auth.ts';
import type { Session } from '../http/env.ts';
import type { Sql, Store } from '../store/store.ts';
import { ADDRESS_FACTOR, countAttempt, deleteOldAttempts, forgetAttempts } from './login-limit.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  createSession,
  deleteExpiredSessions,
  type NewSession,
  type SessionPolicy,
} from './sessions.ts';
import { hashToken } from './tokens.ts';

/** A request the accounts logic refuses; routes answer it as an API error. */
export class Refusal extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ApiErrorCode;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'Refusal';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export interface AccountsDeps {
  store: Store;
  policy: SessionPolicy;
  signup: 'first' | 'open';
  loginRateLimit: number;
}

export interface SignedIn {
  me: MeResponse;
  session: NewSession;
}

const EMAIL_TAKEN = 'an account with this email already exists: sign in instead';
const SIGNUP_CLOSED =
  'sign-up is closed on this server: ask an admin of your workspace for an invite link';

/** Who the session belongs to; `undefined` if the user is gone. Scoped to the workspace. */
export async function readMe(
  db: Sql,
  session: Pick<Session, 'userId' | 'workspaceId'>,
  expiresAt: string,
): Promise<MeResponse | undefined> {
  const [row] = await db.query<{
    id: string;
    email: string;
    name: string;
    role: Role;
    workspace_id: string;
    workspace_name: string;
  }>(
    `SELECT u.id, u.email, u.name, u.role, w.id AS workspace_id, w.name AS workspace_name
     FROM users u JOIN workspaces w ON w.id = u.workspace_id
     WHERE u.id = $1 AND u.workspace_id = $2`,
    [session.userId, session.workspaceId],
  );
  if (!row) return undefined;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role },
    workspace: { id: row.workspace_id, name: row.workspace_name },
    session: { expiresAt },
  };
}

async function insertUser(
  tx: Sql,
  user: { id: string; workspaceId: string; email: string; name: string; hash: string; role: Role },
  now: string,
): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO users (id, workspace_id, email, name, password_hash, role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [user.id, user.workspaceId, user.email, user.name, user.hash, user.role, now],
  );
  if (inserted.length === 0) throw new Refusal(409, 'conflict', EMAIL_TAKEN);
}

async function startSession(
  tx: Sql,
  user: { userId: string; workspaceId: string },
  policy: SessionPolicy,
): Promise<SignedIn> {
  const session = await createSession(tx, user, policy);
  const me = await readMe(tx, user, session.expiresAt);
  if (!me) throw new Error('the user just written is missing');
  return { me, session };
}

/** Creates a workspace with its first user, an admin, and signs them in. */
export async function signUp(
  deps: AccountsDeps,
  input: { workspaceName: string; email: string; name: string; password: string },
): Promise<SignedIn> {
  // Hashed before the transaction: the write lock is not held through ~50 ms of scrypt.
  const hash = await hashPassword(input.password);
  return deps.store.transaction(async (tx) => {
    const now = deps.policy.now().toISOString();
    const workspaceId = randomUUID();
    if (deps.signup === 'first') {
      // The key's uniqueness settles two simultaneous first sign-ups, on any number of servers.
      const [existing] = await tx.query<{ n: number }>('SELECT count(*) AS n FROM workspaces');
      const claimed = await tx.query(
        `INSERT INTO server_meta (key, value) VALUES ('first_signup', $1)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [workspaceId],
      );
      if ((existing?.n ?? 0) > 0 || claimed.length === 0) {
        throw new Refusal(403, 'forbidden', SIGNUP_CLOSED);
      }
    }
    await tx.query('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [
      workspaceId,
      input.workspaceName,
      now,
    ]);
    const userId = randomUUID();
    await insertUser(tx, { ...input, id: userId, workspaceId, hash, role: 'admin' }, now);
    return startSession(tx, { userId, workspaceId }, deps.policy);
  });
}

/** Spends an invite: a new user in its workspace with its role, signed in. */
export async function join(
  deps: AccountsDeps,
  input: { token: string; email: string; name: string; password: string },
): Promise<SignedIn> {
  const hash = await hashPassword(input.password);
  const tokenHash = hashToken(input.token);
  return deps.store.transaction(async (tx) => {
    const now = deps.policy.now().toISOString();
    // One atomic claim: of two people joining with one link, exactly one gets it.
    const [invite] = await tx.query<{ id: string; workspace_id: string; role: Role }>(
      `UPDATE invites SET used_at = $2
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING id, workspace_id, role`,
      [tokenHash, now],
    );
    if (!invite) throw await inviteRefusal(tx, tokenHash);
    const userId = randomUUID();
    await insertUser(
      tx,
      { ...input, id: userId, workspaceId: invite.workspace_id, hash, role: invite.role },
      now,
    );
    await tx.query('UPDATE invites SET used_by = $1 WHERE id = $2', [userId, invite.id]);
    return startSession(tx, { userId, workspaceId: invite.workspace_id }, deps.policy);
  });
}

async function inviteRefusal(tx: Sql, tokenHash: string): Promise<Refusal> {
  const [row] = await tx.query<{ used_at: string | null }>(
    'SELECT used_at FROM invites WHERE token_hash = $1',
    [tokenHash],
  );
  if (!row) {
    return new Refusal(
      404,
      'not_found',
      'this invite link is not valid: ask your admin for a new one',
    );
  }
  return new Refusal(
    403,
    'forbidden',
    row.used_at
      ? 'this invite link has already been used: ask your admin for a new one'
      : 'this invite link has expired: ask your admin for a new one',
  );
}

/**
 * Checks the password, rate limited per email and per client address. An unknown email costs
 * the same scrypt work as a wrong password and gets the same answer.
 */
export async function logIn(
  deps: AccountsDeps,
  input: { email: string; password: string },
  address: string,
): Promise<SignedIn> {
  const { store, policy, loginRateLimit } = deps;
  const now = policy.now();
  const emailKey = `email:${input.email}`;
  const decisions = [
    await countAttempt(store, emailKey, loginRateLimit, now),
    await countAttempt(store, `addr:${address}`, loginRateLimit * ADDRESS_FACTOR, now),
  ];
  const wait = Math.max(0, ...decisions.map((d) => (d.allowed ? 0 : d.retryAfterSeconds)));
  if (wait > 0) {
    throw new Refusal(
      429,
      'rate_limited',
      `too many sign-in attempts: try again in ${Math.ceil(wait / 60)} min`,
      { 'Retry-After': String(wait) },
    );
  }
  const [user] = await store.query<{ id: string; workspace_id: string; password_hash: string }>(
    'SELECT id, workspace_id, password_hash FROM users WHERE email = $1',
    [input.email],
  );
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !ok) throw new Refusal(401, 'unauthorized', 'wrong email or password');
  return store.transaction(async (tx) => {
    await forgetAttempts(tx, emailKey);
    await deleteExpiredSessions(tx, now);
    await deleteOldAttempts(tx, now);
    return startSession(tx, { userId: user.id, workspaceId: user.workspace_id }, policy);
  });
}
