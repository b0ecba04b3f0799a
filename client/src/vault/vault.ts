import { deriveKey, encrypt, PBKDF2_ITERATIONS, randomBytes, SALT_BYTES } from './crypto.ts';
import type { Bytes } from './crypto.ts';
import type { SecretRecord, VaultDatabase, VaultRecord } from './database.ts';
import { MIN_PASSPHRASE_LENGTH, VaultError } from './errors.ts';
import { readIdleMinutes, watchIdle, writeIdleMinutes, type IdleStorage } from './idle-lock.ts';
import type { IdleReason, IdleWatchOptions } from './idle-lock.ts';
import { findLegacyKeys, wipeLegacyKeys, type LegacyStorage } from './migration.ts';
import type { MigrationReport } from './migration.ts';
import {
  keyForPassphrase,
  openLast4,
  openSecret,
  sameBytes,
  sealSecret,
  VERIFIER_MARKER,
  verifierAad,
} from './records.ts';

export type VaultStatus = 'loading' | 'unavailable' | 'absent' | 'locked' | 'unlocked';
/** Why the vault is locked: the UI says it ("Locked after 15 minutes without activity"). */
export type LockReason = 'manual' | IdleReason | 'elsewhere' | 'changed';

export interface SecretSummary {
  name: string;
  /** Only while unlocked; '' for values too short to show any. */
  last4: string | null;
  updatedAt: number;
  /** Its last characters failed to decrypt: the record was altered. */
  damaged: boolean;
}

export interface VaultSnapshot {
  status: VaultStatus;
  secrets: readonly SecretSummary[];
  lockReason: LockReason | null;
  /** What the last create/unlock moved out of localStorage, until dismissed. */
  migration: MigrationReport | null;
  migrationError: string | null;
  idleMinutes: number;
  /** Why the vault cannot be read at all ('unavailable'): no IndexedDB, a broken database. */
  problem: string | null;
}

export interface Vault {
  getSnapshot(): VaultSnapshot;
  subscribe(listener: () => void): () => void;
  readonly isUnlocked: boolean;
  /** Re-reads the database (also done on first subscribe and after every change). */
  refresh(): Promise<void>;
  create(passphrase: string): Promise<MigrationReport>;
  unlock(passphrase: string): Promise<MigrationReport>;
  lock(reason?: LockReason): void;
  setSecret(name: string, value: string): Promise<void>;
  getSecret(name: string): Promise<string>;
  /** Checks `passphrase` again even though the vault is unlocked: someone else may be at the desk. */
  revealSecret(name: string, passphrase: string): Promise<string>;
  deleteSecret(name: string): Promise<void>;
  listSecrets(): Promise<SecretSummary[]>;
  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void>;
  /** Deletes the vault and every secret in it; nothing outside the vault database. */
  reset(): Promise<void>;
  setIdleMinutes(minutes: number): void;
  dismissMigration(): void;
  close(): void;
}

/** What tabs tell each other: another tab locks too on 'locked', re-reads on 'changed'. */
type VaultMessage = { type: 'locked' } | { type: 'changed' };
type Channel = Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener'>;

export interface VaultOptions {
  db: VaultDatabase;
  /** localStorage: legacy plaintext keys and the idle setting. */
  storage: LegacyStorage & IdleStorage;
  /** Where user activity is heard for the idle lock; null turns the idle lock off. */
  idle: Pick<IdleWatchOptions, 'target' | 'document'> | null;
  channel?: Channel | null;
  now?: () => number;
}

interface Session {
  key: CryptoKey;
  vaultId: string;
  salt: Bytes;
}

const NO_MIGRATION: MigrationReport = { moved: [], alreadyInVault: [] };

function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new VaultError('weak-passphrase');
}

async function newKeyMaterial(passphrase: string, vaultId: string) {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const verifier = await encrypt(key, VERIFIER_MARKER, verifierAad(vaultId));
  return { salt, key, verifier };
}

export function createVault(options: VaultOptions): Vault {
  const { db, storage, idle, channel = null, now = Date.now } = options;
  let session: Session | null = null;
  let stopIdle: (() => void) | null = null;
  let generation = 0;
  let loaded = false;
  const listeners = new Set<() => void>();
  let snapshot: VaultSnapshot = {
    status: 'loading',
    secrets: [],
    lockReason: null,
    migration: null,
    migrationError: null,
    idleMinutes: readIdleMinutes(storage),
    problem: null,
  };

  function update(patch: Partial<VaultSnapshot>): void {
    snapshot = { ...snapshot, ...patch };
    for (const listener of listeners) listener();
  }

  function announce(message: VaultMessage): void {
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel, not a window
    channel?.postMessage(message);
  }

  if (channel) {
    channel.addEventListener('message', (event: MessageEvent<VaultMessage>) => {
      if (event.data.type === 'locked') lock('elsewhere', false);
      else void refresh().catch(() => undefined); // the next operation reports it
    });
  }

  function startSession(next: Session): void {
    session = next;
    stopIdle?.();
    stopIdle = idle
      ? watchIdle({ ...idle, idleMs: snapshot.idleMinutes * 60_000, onIdle: (why) => lock(why) })
      : null;
  }

  function lock(reason: LockReason = 'manual', tellOthers = reason === 'manual'): void {
    stopIdle?.();
    stopIdle = null;
    const wasUnlocked = session !== null;
    session = null;
    if (tellOthers) announce({ type: 'locked' });
    if (!wasUnlocked) return;
    update({
      status: 'locked',
      lockReason: reason,
      secrets: snapshot.secrets.map((secret) => ({ ...secret, last4: null, damaged: false })),
    });
  }

  async function readVault(): Promise<VaultRecord | undefined> {
    return db.vault.toCollection().first();
  }

  function requireSession(): Session {
    if (!session) throw new VaultError('locked');
    return session;
  }

  /**
   * Inside a transaction: the session's key is still the vault's key. A passphrase changed or a
   * vault reset in another tab makes it stale, and nothing may be written under a stale key.
   */
  async function assertCurrent(current: Session): Promise<void> {
    const record = await db.vault.get(current.vaultId);
    if (!record || !sameBytes(record.salt, current.salt)) {
      queueMicrotask(() => lock('changed', false));
      throw new VaultError('locked');
    }
  }

  async function summaries(
    records: SecretRecord[],
    current: Session | null,
  ): Promise<SecretSummary[]> {
    return Promise.all(
      records.map(async (record) => {
        const last4 = current ? await openLast4(current.key, current.vaultId, record) : null;
        return {
          name: record.name,
          last4,
          updatedAt: record.updatedAt,
          damaged: current !== null && last4 === null,
        };
      }),
    );
  }

  async function listSecrets(): Promise<SecretSummary[]> {
    const current = session;
    const [record, records] = await db.transaction('r', db.vault, db.secrets, async () => [
      await readVault(),
      await db.secrets.toArray(),
    ]);
    const valid = current && record && sameBytes(record.salt, current.salt) ? current : null;
    return summaries(records, valid);
  }

  async function refresh(): Promise<void> {
    const mine = ++generation;
    const record = await readVault();
    if (session && (!record || !sameBytes(record.salt, session.salt))) lock('changed', false);
    const secrets = record ? await listSecrets() : [];
    if (mine !== generation) return; // a later refresh has newer news
    const status = !record ? 'absent' : session ? 'unlocked' : 'locked';
    // Locked while this ran: what was decrypted before the lock is not published.
    const visible = session ? secrets : secrets.map((s) => ({ ...s, last4: null, damaged: false }));
    update({ status, secrets: visible, problem: null });
  }

  async function migrate(current: Session): Promise<MigrationReport> {
    const found = findLegacyKeys(storage);
    if (found.length === 0) return NO_MIGRATION;
    const sealed = new Map<string, { record: SecretRecord; storageKey: string }>();
    const report: MigrationReport = { moved: [], alreadyInVault: [] };
    for (const legacy of found) {
      if (!legacy.value) continue; // an empty leftover is only wiped
      if (sealed.has(legacy.name)) {
        report.alreadyInVault.push({ name: legacy.name, storageKey: legacy.storageKey });
        continue;
      }
      const record = await sealSecret(
        current.key,
        current.vaultId,
        legacy.name,
        legacy.value,
        now(),
      );
      sealed.set(legacy.name, { record, storageKey: legacy.storageKey });
    }
    await db.transaction('rw', db.vault, db.secrets, async () => {
      await assertCurrent(current);
      for (const { record, storageKey } of sealed.values()) {
        if (await db.secrets.get(record.name)) {
          report.alreadyInVault.push({ name: record.name, storageKey });
        } else {
          await db.secrets.add(record);
          report.moved.push({ name: record.name, storageKey });
        }
      }
    });
    // Only once the vault holds them: a failed write leaves the plaintext where it was.
    wipeLegacyKeys(storage, found);
    return report;
  }

  async function afterOpening(current: Session): Promise<MigrationReport> {
    let report = NO_MIGRATION;
    let migrationError: string | null = null;
    try {
      report = await migrate(current);
    } catch (error) {
      migrationError = error instanceof Error ? error.message : String(error);
    }
    const hasNews = report.moved.length + report.alreadyInVault.length > 0;
    update({
      lockReason: null,
      migration: hasNews ? report : snapshot.migration,
      migrationError,
    });
    await refresh();
    return report;
  }

  const vault: Vault = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (!loaded) {
        loaded = true;
        refresh().catch((error: unknown) => {
          update({
            status: 'unavailable',
            problem: error instanceof Error ? error.message : String(error),
          });
        });
      }
      return () => listeners.delete(listener);
    },
    get isUnlocked() {
      return session !== null;
    },
    refresh,
    lock: (reason) => lock(reason),

    async create(passphrase) {
      checkPassphrase(passphrase);
      if (await readVault()) throw new VaultError('exists');
      const id = crypto.randomUUID();
      const { salt, key, verifier } = await newKeyMaterial(passphrase, id);
      const record: VaultRecord = {
        id,
        salt,
        iterations: PBKDF2_ITERATIONS,
        verifier,
        createdAt: now(),
      };
      await db.transaction('rw', db.vault, db.secrets, async () => {
        if ((await db.vault.count()) > 0) throw new VaultError('exists');
        // Leftovers of no vault cannot be decrypted by anyone: clear them.
        await db.secrets.clear();
        await db.vault.add(record);
      });
      const current = { key, vaultId: id, salt };
      startSession(current);
      announce({ type: 'changed' });
      return afterOpening(current);
    },

    async unlock(passphrase) {
      const record = await readVault();
      if (!record) throw new VaultError('no-vault');
      const key = await keyForPassphrase(record, passphrase);
      const current = { key, vaultId: record.id, salt: record.salt };
      startSession(current);
      return afterOpening(current);
    },

    async setSecret(name, value) {
      const trimmed = value.trim();
      if (!trimmed) throw new VaultError('empty-value', { secretName: name });
      const current = requireSession();
      const record = await sealSecret(current.key, current.vaultId, name, trimmed, now());
      await db.transaction('rw', db.vault, db.secrets, async () => {
        await assertCurrent(current);
        await db.secrets.put(record);
      });
      announce({ type: 'changed' });
      await refresh();
    },

    async getSecret(name) {
      const current = requireSession();
      const record = await db.transaction('r', db.vault, db.secrets, async () => {
        await assertCurrent(current);
        return db.secrets.get(name);
      });
      if (!record) throw new VaultError('not-found', { secretName: name });
      return openSecret(current.key, current.vaultId, record);
    },

    async revealSecret(name, passphrase) {
      requireSession();
      const vaultRecord = await readVault();
      if (!vaultRecord) throw new VaultError('no-vault');
      const key = await keyForPassphrase(vaultRecord, passphrase);
      const record = await db.secrets.get(name);
      if (!record) throw new VaultError('not-found', { secretName: name });
      return openSecret(key, vaultRecord.id, record);
    },

    async deleteSecret(name) {
      const current = requireSession();
      await db.transaction('rw', db.vault, db.secrets, async () => {
        await assertCurrent(current);
        await db.secrets.delete(name);
      });
      announce({ type: 'changed' });
      await refresh();
    },

    listSecrets,

    async changePassphrase(oldPassphrase, newPassphrase) {
      checkPassphrase(newPassphrase);
      const record = await readVault();
      if (!record) throw new VaultError('no-vault');
      const oldKey = await keyForPassphrase(record, oldPassphrase);
      const before = await db.secrets.toArray();
      // All the cryptography happens before the transaction: an IndexedDB transaction commits
      // by itself as soon as it waits on anything that is not IndexedDB (WebCrypto included).
      const { salt, key, verifier } = await newKeyMaterial(newPassphrase, record.id);
      const rewritten: SecretRecord[] = [];
      for (const secret of before) {
        const value = await openSecret(oldKey, record.id, secret);
        rewritten.push(await sealSecret(key, record.id, secret.name, value, secret.updatedAt));
      }
      await db.transaction('rw', db.vault, db.secrets, async () => {
        const stored = await db.vault.get(record.id);
        const secretsNow = await db.secrets.toArray();
        const unchanged =
          stored !== undefined &&
          sameBytes(stored.salt, record.salt) &&
          secretsNow.length === before.length &&
          secretsNow.every((secret, index) => {
            const earlier = before[index];
            return earlier?.name === secret.name && sameBytes(secret.iv, earlier.iv);
          });
        if (!unchanged) throw new VaultError('conflict');
        await db.vault.put({ ...record, salt, iterations: PBKDF2_ITERATIONS, verifier });
        // One write per secret: a failure at any of them aborts the transaction, and with it
        // the new verifier and every secret already rewritten.
        for (const secret of rewritten) await db.secrets.put(secret);
      });
      startSession({ key, vaultId: record.id, salt });
      announce({ type: 'changed' });
      update({ lockReason: null });
      await refresh();
    },

    async reset() {
      await db.transaction('rw', db.vault, db.secrets, async () => {
        await db.secrets.clear();
        await db.vault.clear();
      });
      stopIdle?.();
      stopIdle = null;
      session = null;
      announce({ type: 'changed' });
      update({ lockReason: null, migration: null, migrationError: null });
      await refresh();
    },

    setIdleMinutes(minutes) {
      writeIdleMinutes(storage, minutes);
      update({ idleMinutes: readIdleMinutes(storage) });
      if (session) startSession(session); // restart the watch with the new time
    },

    dismissMigration() {
      update({ migration: null, migrationError: null });
    },

    close() {
      stopIdle?.();
      stopIdle = null;
      session = null;
      channel?.close();
      listeners.clear();
      db.close();
    },
  };
  return vault;
}
