import type { Migration } from '../migrations.ts';

/**
 * Workspaces, users, invites, sessions and login rate limits (sync-server/auth).
 * - users.email is unique on the server: one account per (normalized) email, so login needs no
 *   workspace name.
 * - invites and sessions keep only the SHA-256 of their token: a copy of the database lets no one
 *   sign in or join.
 * - login_attempts is a fixed-window counter per key (`email:...`, `addr:...`), in the database
 *   so several server instances share it.
 */
export const accountsMigration: Migration = {
  version: 2,
  name: 'accounts',
  sqlite: `
    CREATE TABLE workspaces (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id),
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX users_workspace ON users (workspace_id);
    CREATE TABLE invites (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id),
      token_hash TEXT NOT NULL UNIQUE,
      role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
      created_by TEXT NOT NULL REFERENCES users (id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      used_by TEXT REFERENCES users (id)
    ) STRICT;
    CREATE INDEX invites_workspace ON invites (workspace_id, created_at);
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users (id),
      workspace_id TEXT NOT NULL REFERENCES workspaces (id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE INDEX sessions_expiry ON sessions (expires_at);
    CREATE TABLE login_attempts (
      key TEXT PRIMARY KEY,
      window_start TEXT NOT NULL,
      attempts INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX login_attempts_window ON login_attempts (window_start);
  `,
  postgres: `
    CREATE TABLE workspaces (
      id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE TABLE users (
      id text PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id),
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'member')),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX users_workspace ON users (workspace_id);
    CREATE TABLE invites (
      id text PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id),
      token_hash text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('admin', 'member')),
      created_by text NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      used_by text REFERENCES users (id)
    );
    CREATE INDEX invites_workspace ON invites (workspace_id, created_at);
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id text NOT NULL REFERENCES users (id),
      workspace_id text NOT NULL REFERENCES workspaces (id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE INDEX sessions_expiry ON sessions (expires_at);
    CREATE TABLE login_attempts (
      key text PRIMARY KEY,
      window_start timestamptz NOT NULL,
      attempts integer NOT NULL
    );
    CREATE INDEX login_attempts_window ON login_attempts (window_start);
  `,
};
