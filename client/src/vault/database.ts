import { Dexie, type EntityTable } from 'dexie';
import type { Bytes, Sealed } from './crypto.ts';

/**
 * The vault's own IndexedDB database, apart from the replicated RxDB collections: nothing here
 * is ever synced, exported or sent anywhere. Names are stored in clear (they say which providers
 * are configured, not how to reach them); values and their last four characters are ciphertext.
 */
export const VAULT_DATABASE_NAME = 'outpost-vault';

/** The one vault of this device (a second `create` is refused while it exists). */
export interface VaultRecord {
  /** Random; part of every secret's additional data, so ciphertexts do not move between vaults. */
  id: string;
  salt: Bytes;
  iterations: number;
  /** A known marker encrypted under the key: decrypts only with the right passphrase. */
  verifier: Sealed;
  createdAt: number;
}

export interface SecretRecord {
  name: string;
  iv: Bytes;
  ciphertext: Bytes;
  /**
   * The value's last characters, encrypted apart from it, so that listing the keys decrypts a
   * few characters rather than every whole key.
   */
  last4: Sealed;
  updatedAt: number;
}

export type VaultDatabase = Dexie & {
  vault: EntityTable<VaultRecord, 'id'>;
  secrets: EntityTable<SecretRecord, 'name'>;
};

export interface VaultDatabaseOptions {
  name?: string;
  /** Tests pass fake-indexeddb's; the browser's otherwise. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** Opens lazily, on the first query. */
export function openVaultDatabase(options: VaultDatabaseOptions = {}): VaultDatabase {
  const { name = VAULT_DATABASE_NAME, indexedDB, IDBKeyRange } = options;
  const db = new Dexie(name, {
    ...(indexedDB ? { indexedDB } : {}),
    ...(IDBKeyRange ? { IDBKeyRange } : {}),
  }) as VaultDatabase;
  db.version(1).stores({ vault: 'id', secrets: 'name' });
  return db;
}
