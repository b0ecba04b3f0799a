// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey, encrypt } from './crypto.ts';
import type { VaultDatabase } from './database.ts';
import { VaultError, type VaultErrorCode } from './errors.ts';
import { VERIFIER_MARKER, verifierAad } from './records.ts';
import { failNthWrite, storedText, testDatabase, testVault } from './testing.ts';
import type { Vault } from './vault.ts';

const PASS = 'correct horse battery';
const HUBSPOT = 'pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const LEMLIST = 'lemlist-9a8b7c6d5e4f3a2b1c0d';

const open: Vault[] = [];
function track<T extends { vault: Vault }>(made: T): T {
  open.push(made.vault);
  return made;
}
afterEach(() => {
  for (const vault of open.splice(0)) vault.close();
});

async function expectCode(promise: Promise<unknown>, code: VaultErrorCode) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe(code);
}

async function withKeys(db?: VaultDatabase) {
  const made = track(testVault(db ? { db } : {}));
  await made.vault.create(PASS);
  await made.vault.setSecret('hubspot', HUBSPOT);
  await made.vault.setSecret('lemlist', LEMLIST);
  return made;
}

describe('vault', () => {
  it('round-trips secrets through lock and unlock', async () => {
    const { vault } = await withKeys();
    expect(await vault.getSecret('hubspot')).toBe(HUBSPOT);
    expect(await vault.listSecrets()).toMatchObject([
      { name: 'hubspot', last4: 'e1f0', damaged: false },
      { name: 'lemlist', last4: '1c0d', damaged: false },
    ]);

    vault.lock();
    expect(vault.isUnlocked).toBe(false);
    await expectCode(vault.getSecret('hubspot'), 'locked');
    await expectCode(vault.setSecret('hubspot', 'x'), 'locked');
    // Locked: the names are known, their last characters are not.
    expect(await vault.listSecrets()).toMatchObject([
      { name: 'hubspot', last4: null },
      { name: 'lemlist', last4: null },
    ]);

    await vault.unlock(PASS);
    expect(await vault.getSecret('lemlist')).toBe(LEMLIST);
    expect(vault.getSnapshot()).toMatchObject({ status: 'unlocked', lockReason: null });
  });

  it('a second instance on the same database (a reload) starts locked', async () => {
    const { db } = await withKeys();
    const reloaded = track(testVault({ db })).vault;
    await reloaded.refresh();
    expect(reloaded.getSnapshot().status).toBe('locked');
    await expectCode(reloaded.getSecret('hubspot'), 'locked');
    await reloaded.unlock(PASS);
    expect(await reloaded.getSecret('hubspot')).toBe(HUBSPOT);
  });

  it('stores no plaintext: not the values, not their last characters, not the passphrase', async () => {
    const { db } = await withKeys();
    const stored = await storedText(db);
    for (const plain of [HUBSPOT, LEMLIST, 'e1f0', '1c0d', PASS]) {
      expect(stored).not.toContain(plain);
    }
    expect(stored).toContain('hubspot'); // names are in clear, by design
  });

  it('says so on a wrong passphrase, and leaves everything intact', async () => {
    const { vault, db } = await withKeys();
    vault.lock();
    const before = await storedText(db);
    await expectCode(vault.unlock('not the passphrase'), 'wrong-passphrase');
    expect(vault.isUnlocked).toBe(false);
    expect(await storedText(db)).toBe(before);
    await vault.unlock(PASS);
    expect(await vault.getSecret('hubspot')).toBe(HUBSPOT);
  });

  it('refuses a passphrase under 10 characters, and a second vault', async () => {
    const { vault } = track(testVault());
    await expectCode(vault.create('short'), 'weak-passphrase');
    await vault.create(PASS);
    await expectCode(vault.create(PASS), 'exists');
  });

  it('says "tampered" when a ciphertext was altered', async () => {
    const { vault, db } = await withKeys();
    const record = await db.secrets.get('hubspot');
    const ciphertext = record!.ciphertext.slice();
    ciphertext[3] = (ciphertext[3] ?? 0) ^ 0x40;
    await db.secrets.put({ ...record!, ciphertext });
    await expectCode(vault.getSecret('hubspot'), 'tampered');
    expect(await vault.getSecret('lemlist')).toBe(LEMLIST);
  });

  it('binds each ciphertext to its name and vault (additional data)', async () => {
    const { vault, db } = await withKeys();
    // Moved to another name: the HubSpot token presented as the Lemlist key.
    const hubspot = await db.secrets.get('hubspot');
    await db.secrets.put({ ...hubspot!, name: 'lemlist' });
    await expectCode(vault.getSecret('lemlist'), 'tampered');
    expect((await vault.listSecrets()).find((s) => s.name === 'lemlist')?.damaged).toBe(true);

    // Copied into another vault with the same key (same passphrase and salt): its id differs.
    const record = (await db.vault.toCollection().first())!;
    const key = await deriveKey(PASS, record.salt, record.iterations);
    const otherId = crypto.randomUUID();
    const other = track(testVault());
    await other.db.vault.add({
      ...record,
      id: otherId,
      verifier: await encrypt(key, VERIFIER_MARKER, verifierAad(otherId)),
    });
    await other.db.secrets.put(hubspot!);
    await other.vault.unlock(PASS);
    await expectCode(other.vault.getSecret('hubspot'), 'tampered');
  });

  it('changes the passphrase, re-encrypting every secret', async () => {
    const { vault, db } = await withKeys();
    const before = await db.secrets.toArray();
    await vault.changePassphrase(PASS, 'a new passphrase 2');
    const after = await db.secrets.toArray();
    expect(after.map((s) => s.name)).toEqual(['hubspot', 'lemlist']);
    after.forEach((secret, index) => expect(secret.iv).not.toEqual(before[index]?.iv));
    expect(await vault.getSecret('hubspot')).toBe(HUBSPOT);

    vault.lock();
    await expectCode(vault.unlock(PASS), 'wrong-passphrase');
    await vault.unlock('a new passphrase 2');
    expect(await vault.getSecret('lemlist')).toBe(LEMLIST);
  });

  it('changes the passphrase all or nothing: a failure halfway leaves the old state', async () => {
    let armed = false;
    const db = testDatabase();
    // The second secret's write fails, after the vault record and the first secret were written.
    failNthWrite(db, { table: 'secrets', type: 'put', nth: 2, armed: () => armed });
    const { vault } = await withKeys(db);
    await vault.setSecret('explorium', 'exp-0123456789abcdef');
    const before = await storedText(db);

    armed = true;
    await expect(vault.changePassphrase(PASS, 'a new passphrase 2')).rejects.toThrow(
      'injected write failure',
    );
    armed = false;
    expect(await storedText(db)).toBe(before);

    vault.lock();
    await expectCode(vault.unlock('a new passphrase 2'), 'wrong-passphrase');
    await vault.unlock(PASS);
    expect(await vault.getSecret('hubspot')).toBe(HUBSPOT);
    expect(await vault.getSecret('lemlist')).toBe(LEMLIST);
    expect(await vault.getSecret('explorium')).toBe('exp-0123456789abcdef');
  });

  it('checks the passphrase again to reveal a key', async () => {
    const { vault } = await withKeys();
    await expectCode(vault.revealSecret('hubspot', 'someone else at the desk'), 'wrong-passphrase');
    expect(await vault.revealSecret('hubspot', PASS)).toBe(HUBSPOT);
    vault.lock();
    await expectCode(vault.revealSecret('hubspot', PASS), 'locked');
  });

  it('deletes one key, and shows no characters of a short one', async () => {
    const { vault } = await withKeys();
    await vault.deleteSecret('lemlist');
    await vault.setSecret('llm', ' short \n');
    expect(await vault.getSecret('llm')).toBe('short');
    expect(await vault.listSecrets()).toMatchObject([
      { name: 'hubspot', last4: 'e1f0' },
      { name: 'llm', last4: '' },
    ]);
    await expectCode(vault.setSecret('llm', '   '), 'empty-value');
    await expectCode(vault.getSecret('lemlist'), 'not-found');
  });

  it('reset wipes the vault and nothing else', async () => {
    const { vault, storage } = await withKeys();
    storage.setItem('outpost:device-id', 'd-123');
    await vault.reset();
    expect(vault.getSnapshot()).toMatchObject({ status: 'absent', secrets: [] });
    expect(vault.isUnlocked).toBe(false);
    expect(storage.getItem('outpost:device-id')).toBe('d-123');
    await vault.create('a fresh passphrase');
    expect(await vault.listSecrets()).toEqual([]);
  });

  it('a passphrase changed in another tab locks this one instead of writing under the old key', async () => {
    const { vault, db } = await withKeys();
    const otherTab = track(testVault({ db })).vault;
    await otherTab.unlock(PASS);
    await vault.changePassphrase(PASS, 'a new passphrase 2');
    await expectCode(otherTab.setSecret('hubspot', 'pat-stale-key-0000'), 'locked');
    await Promise.resolve();
    expect(otherTab.isUnlocked).toBe(false);
    expect(otherTab.getSnapshot().lockReason).toBe('changed');
    expect(await vault.getSecret('hubspot')).toBe(HUBSPOT);
  });

  it('"Lock now" in one tab locks the other tabs too', async () => {
    const channelName = `vault-test-${crypto.randomUUID()}`;
    const { db } = await withKeys();
    const first = track(testVault({ db, channel: new BroadcastChannel(channelName) })).vault;
    const second = track(testVault({ db, channel: new BroadcastChannel(channelName) })).vault;
    await first.unlock(PASS);
    await second.unlock(PASS);
    first.lock();
    await expect.poll(() => second.isUnlocked).toBe(false);
    expect(second.getSnapshot().lockReason).toBe('elsewhere');
  });

  it('publishes snapshots for React', async () => {
    const { vault } = track(testVault());
    const seen: string[] = [];
    const unsubscribe = vault.subscribe(() => seen.push(vault.getSnapshot().status));
    await vault.refresh();
    await vault.create(PASS);
    await vault.setSecret('hubspot', HUBSPOT);
    vault.lock();
    unsubscribe();
    expect(seen.at(-1)).toBe('locked');
    expect(seen).toContain('absent');
    expect(seen).toContain('unlocked');
    expect(vault.getSnapshot().secrets).toEqual([
      expect.objectContaining({ name: 'hubspot', last4: null }),
    ]);
  });
});
