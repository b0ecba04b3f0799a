import { describe, expect, it } from 'vitest';
import { sqliteHarness } from '../replication/test-support.ts';
import { generateServerKey, SecretValue } from '../secrets/secret-box.ts';
import type { ServerKeys } from '../secrets/server-key.ts';
import {
  listCredentials,
  loadCredential,
  resealCredentials,
  saveCredential,
} from './credentials.ts';

const keysOf = (
  current: ServerKeys['current'],
  previous: ServerKeys['current'] | null,
): ServerKeys => ({
  current,
  previous,
  keyring: previous ? [current, previous] : [current],
  source: 'env',
  path: null,
  created: false,
});

describe('connector credentials at rest', () => {
  it('are sealed per workspace and connector, and sealed again after a key rotation', async () => {
    const store = await sqliteHarness().fresh();
    const oldKey = generateServerKey();
    const newKey = generateServerKey();
    const value = new SecretValue('pat-na1-rotate-me-12345678');
    await saveCredential(store, keysOf(oldKey, null), {
      workspaceId: 'w1',
      connector: 'hubspot',
      value,
      userId: 'u',
      now: 0,
    });

    const [row] = await store.query<{ sealed: string }>('SELECT sealed FROM connector_credentials');
    expect(row!.sealed).not.toContain('rotate-me');
    // Bound to its workspace: the same envelope under another workspace does not open.
    await store.query(
      "INSERT INTO connector_credentials SELECT 'w2', connector, sealed, last4, updated_at, updated_by FROM connector_credentials",
    );
    await expect(loadCredential(store, keysOf(oldKey, null), 'w2', 'hubspot')).rejects.toThrow(
      /does not open/,
    );
    await store.query("DELETE FROM connector_credentials WHERE workspace_id = 'w2'");

    expect(await resealCredentials(store, keysOf(newKey, oldKey))).toBe(1);
    expect(await resealCredentials(store, keysOf(newKey, oldKey))).toBe(0);
    const opened = await loadCredential(store, keysOf(newKey, null), 'w1', 'hubspot');
    expect(opened!.reveal()).toBe(value.reveal());
    expect(await listCredentials(store, 'w1')).toEqual([
      { connector: 'hubspot', last4: '5678', updatedAt: '1970-01-01T00:00:00.000Z' },
    ]);
    await store.close();
  });
});
