import type { Sql } from '../store/store.ts';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** One office behind one address holds many users: the address allows this many times more. */
export const ADDRESS_FACTOR = 5;

export type LoginDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts login attempts per key in a fixed window, in the database so every server instance
 * sees the same counts. The upsert is one atomic statement on both stores, so concurrent
 * attempts cannot both read the old count. Every attempt counts, refused ones too, so hammering
 * gains nothing; a window still ends on time, as its start only moves once it has passed.
 */
export async function countAttempt(
  db: Sql,
  key: string,
  limit: number,
  now: Date,
): Promise<LoginDecision> {
  const cutoff = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const [row] = await db.query<{ attempts: number; window_start: string }>(
    `INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1
                       ELSE login_attempts.attempts + 1 END,
       window_start = CASE WHEN login_attempts.window_start <= $3 THEN excluded.window_start
                           ELSE login_attempts.window_start END
     RETURNING attempts, window_start`,
    [key, now.toISOString(), cutoff],
  );
  if (!row || row.attempts <= limit) return { allowed: true };
  const endsAt = Date.parse(row.window_start) + LOGIN_WINDOW_MS;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
  };
}

/** A successful login forgets the email's failures (never the address's). */
export async function forgetAttempts(db: Sql, key: string): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE key = $1', [key]);
}

/** Windows that have ended hold nothing worth keeping. */
export async function deleteOldAttempts(db: Sql, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  await db.query('DELETE FROM login_attempts WHERE window_start <= $1', [cutoff]);
}
