import type { Migration } from '../migrations.ts';

/** Workspaces, users, invites, sessions and login rate limits (sync-server/auth). */
export const accountsMigration: Migration = {
  version: 2,
  name: 'accounts',
  sqlite: `
    CREATE TABLE workspaces (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE workspaces (
      id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL
    );
  `,
};
