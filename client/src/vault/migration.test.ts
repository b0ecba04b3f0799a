// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { findLegacyKeys, legacySecretName } from './migration.ts';
import { failNthWrite, memoryStorage, storedText, testDatabase, testVault } from './testing.ts';
import type { Vault } from './vault.ts';

const PASS = 'correct horse battery';
const open: Vault[] = [];
afterEach(() => {
  for (const vault of open.splice(0)) vault.close();
});

function legacyStorage() {
  return memoryStorage({
    hubspot_api_key: 'pat-na1-legacy-hubspot-1111',
    lemlist_api_key: 'lemlist-legacy-2222',
    explorium_api_key: 'explorium-legacy-3333',
    OPENAI_API_KEY: 'sk-legacy-openai-4444',
    empty_api_key: '  ',
    'outpost:device-id': 'd-123',
    theme: 'dark',
  });
}

describe('migration of plaintext keys from localStorage', () => {
  it('names the secret after the prefix of `*_api_key`', () => {
    expect(legacySecretName('hubspot_api_key')).toBe('hubspot');
    expect(legacySecretName('OPENAI_API_KEY')).toBe('openai');
    expect(legacySecretName('_api_key')).toBeNull();
    expect(legacySecretName('api_key')).toBeNull();
    expect(legacySecretName('hubspot_api_key_backup')).toBeNull();
    expect(findLegacyKeys(legacyStorage()).map((key) => key.name)).toEqual([
      'hubspot',
      'lemlist',
      'explorium',
      'openai',
      'empty',
    ]);
  });

  it('moves them into the vault on create, wipes them, and reports what moved', async () => {
    const storage = legacyStorage();
    const { vault, db } = testVault({ storage });
    open.push(vault);
    const report = await vault.create(PASS);
    expect(report.moved.map((m) => m.name).sort()).toEqual([
      'explorium',
      'hubspot',
      'lemlist',
      'openai',
    ]);
    expect(vault.getSnapshot().migration).toEqual(report);
    expect(await vault.getSecret('hubspot')).toBe('pat-na1-legacy-hubspot-1111');
    expect(await vault.getSecret('openai')).toBe('sk-legacy-openai-4444');
    expect(findLegacyKeys(storage)).toEqual([]);
    // Nothing else in localStorage is touched.
    expect(storage.getItem('outpost:device-id')).toBe('d-123');
    expect(storage.getItem('theme')).toBe('dark');
    expect(storage.length).toBe(2);
    expect(await storedText(db)).not.toContain('legacy');
  });

  it('on unlock, keeps a key the vault already holds and still wipes the plaintext copy', async () => {
    const storage = memoryStorage();
    const { vault } = testVault({ storage });
    open.push(vault);
    await vault.create(PASS);
    await vault.setSecret('hubspot', 'pat-na1-saved-in-the-vault');
    vault.lock();

    storage.setItem('hubspot_api_key', 'pat-na1-old-plaintext');
    storage.setItem('lemlist_api_key', 'lemlist-old-plaintext');
    const report = await vault.unlock(PASS);
    expect(report).toEqual({
      moved: [{ name: 'lemlist', storageKey: 'lemlist_api_key' }],
      alreadyInVault: [{ name: 'hubspot', storageKey: 'hubspot_api_key' }],
    });
    expect(await vault.getSecret('hubspot')).toBe('pat-na1-saved-in-the-vault');
    expect(await vault.getSecret('lemlist')).toBe('lemlist-old-plaintext');
    expect(storage.length).toBe(0);
  });

  it('leaves the plaintext where it was when the vault cannot take it', async () => {
    const storage = legacyStorage();
    let armed = true;
    const db = testDatabase();
    failNthWrite(db, { table: 'secrets', type: 'add', nth: 2, armed: () => armed });
    const { vault } = testVault({ db, storage });
    open.push(vault);
    await vault.create(PASS);
    expect(vault.isUnlocked).toBe(true);
    expect(vault.getSnapshot().migrationError).toMatch(/injected write failure/);
    expect(findLegacyKeys(storage)).toHaveLength(5);
    expect(await vault.listSecrets()).toEqual([]); // the first add was rolled back too

    armed = false;
    vault.lock();
    await vault.unlock(PASS);
    expect(findLegacyKeys(storage)).toEqual([]);
    expect(await vault.listSecrets()).toHaveLength(4);
  });
});
