import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { DBCore } from 'dexie';
import { randomId } from '../../../shared/ids.ts';
import { openVaultDatabase, type VaultDatabase } from './database.ts';
import { createVault, type Vault, type VaultOptions } from './vault.ts';

/** Test-only: vaults on fake-indexeddb with an in-memory localStorage. */

export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
  };
}

export function testDatabase(name = randomId('vault').toLowerCase()): VaultDatabase {
  return openVaultDatabase({ name, indexedDB, IDBKeyRange });
}

export function testVault(overrides: Partial<VaultOptions> = {}): {
  vault: Vault;
  db: VaultDatabase;
  storage: Storage;
} {
  const db = overrides.db ?? testDatabase();
  const storage = (overrides.storage as Storage | undefined) ?? memoryStorage();
  const vault = createVault({ idle: null, ...overrides, db, storage });
  return { vault, db, storage };
}

/**
 * Makes the `nth` write of `type` to `table` fail while `armed()` says so, the way a full disk
 * or a crashed tab would in the middle of a transaction. Call before the database opens.
 */
export function failNthWrite(
  db: VaultDatabase,
  options: { table: string; type: 'add' | 'put'; nth: number; armed: () => boolean },
): void {
  let count = 0;
  db.use({
    stack: 'dbcore',
    name: 'fail-nth-write',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          async mutate(request) {
            if (name === options.table && request.type === options.type && options.armed()) {
              count += 1;
              if (count === options.nth) throw new Error('injected write failure');
            }
            return table.mutate(request);
          },
        };
      },
    }),
  });
}

/** Every byte stored in the vault database, decoded as text, to search for plaintext. */
export async function storedText(db: VaultDatabase): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(decoder.decode(value));
    else if (typeof value === 'string' || typeof value === 'number') parts.push(String(value));
    else if (value && typeof value === 'object')
      for (const inner of Object.values(value)) walk(inner);
  };
  walk(await db.vault.toArray());
  walk(await db.secrets.toArray());
  return parts.join('\n');
}
