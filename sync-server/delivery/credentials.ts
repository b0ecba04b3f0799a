import type { Connector } from '../../shared/documents/server-written.ts';
import { rotateEnvelopes } from '../secrets/rotate.ts';
import { open, seal, SecretValue } from '../secrets/secret-box.ts';
import type { ServerKeys } from '../secrets/server-key.ts';
import type { Sql, Store } from '../store/store.ts';

/**
 * Connector credentials at rest (issue 7, server side): sealed with the server key, bound to
 * their workspace and connector (secret-box AAD). Only the last 4 characters ever leave.
 */
export interface CredentialSummary {
  connector: Connector;
  last4: string;
  updatedAt: string;
}

export async function saveCredential(
  sql: Sql,
  keys: Pick<ServerKeys, 'current'>,
  input: {
    workspaceId: string;
    connector: Connector;
    value: SecretValue;
    userId: string;
    now: number;
  },
): Promise<CredentialSummary> {
  const sealed = seal(keys.current, input.value, {
    workspaceId: input.workspaceId,
    name: input.connector,
  });
  const last4 = input.value.last4();
  await sql.query(
    `INSERT INTO connector_credentials (workspace_id, connector, sealed, last4, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, connector) DO UPDATE SET sealed = excluded.sealed,
       last4 = excluded.last4, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [input.workspaceId, input.connector, sealed, last4, input.now, input.userId],
  );
  // A new credential ends an auth pause and starts its breaker afresh.
  await sql.query(`DELETE FROM connector_state WHERE workspace_id = $1 AND connector = $2`, [
    input.workspaceId,
    input.connector,
  ]);
  return { connector: input.connector, last4, updatedAt: new Date(input.now).toISOString() };
}

export async function deleteCredential(sql: Sql, workspaceId: string, connector: Connector) {
  const rows = await sql.query(
    `DELETE FROM connector_credentials WHERE workspace_id = $1 AND connector = $2 RETURNING 1 AS d`,
    [workspaceId, connector],
  );
  return rows.length > 0;
}

export async function listCredentials(sql: Sql, workspaceId: string): Promise<CredentialSummary[]> {
  const rows = await sql.query<{ connector: Connector; last4: string; updated_at: number }>(
    `SELECT connector, last4, updated_at FROM connector_credentials WHERE workspace_id = $1
     ORDER BY connector`,
    [workspaceId],
  );
  return rows.map((r) => ({
    connector: r.connector,
    last4: r.last4,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function loadCredential(
  sql: Sql,
  keys: Pick<ServerKeys, 'keyring'>,
  workspaceId: string,
  connector: Connector,
): Promise<SecretValue | null> {
  const rows = await sql.query<{ sealed: string }>(
    `SELECT sealed FROM connector_credentials WHERE workspace_id = $1 AND connector = $2`,
    [workspaceId, connector],
  );
  const row = rows[0];
  return row ? open(keys.keyring, row.sealed, { workspaceId, name: connector }) : null;
}

/**
 * After a key rotation (secrets/rotate-key.ts): seals every credential still under the previous
 * key with the current one, in one transaction. Run at startup; a no-op when all are current.
 */
export async function resealCredentials(store: Store, keys: ServerKeys): Promise<number> {
  return store.transaction(async (tx) => {
    const rows = await tx.query<{ workspace_id: string; connector: string; sealed: string }>(
      'SELECT workspace_id, connector, sealed FROM connector_credentials',
    );
    const { changed } = rotateEnvelopes(
      rows.map((r) => ({ workspaceId: r.workspace_id, name: r.connector, envelope: r.sealed })),
      keys.keyring,
      keys.current,
    );
    for (const c of changed) {
      await tx.query(
        'UPDATE connector_credentials SET sealed = $3 WHERE workspace_id = $1 AND connector = $2',
        [c.workspaceId, c.name, c.envelope],
      );
    }
    return changed.length;
  });
}
