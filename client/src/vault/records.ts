import { decrypt, deriveKey, encrypt, type Bytes } from './crypto.ts';
import type { SecretRecord, VaultRecord } from './database.ts';
import { VaultError } from './errors.ts';

/**
 * How records are sealed. Additional data binds each ciphertext to its place: the value of
 * secret `n` in vault `v` is sealed with `v:n`, so a ciphertext copied to another name or into
 * another vault fails to decrypt. The vault id is a UUID (no `:` or `/`), and the character
 * after it tells the kinds apart, so no secret name can make one kind's data equal another's.
 */
export const valueAad = (vaultId: string, name: string) => `${vaultId}:${name}`;
export const last4Aad = (vaultId: string, name: string) => `${vaultId}/last4:${name}`;
export const verifierAad = (vaultId: string) => `${vaultId}/verifier`;

export const VERIFIER_MARKER = 'outpost-vault-verifier-v1';

/** Short values show no characters at all: four of six would give most of it away. */
export function lastFour(value: string): string {
  return value.length >= 8 ? value.slice(-4) : '';
}

export async function sealSecret(
  key: CryptoKey,
  vaultId: string,
  name: string,
  value: string,
  updatedAt: number,
): Promise<SecretRecord> {
  const sealed = await encrypt(key, value, valueAad(vaultId, name));
  const last4 = await encrypt(key, lastFour(value), last4Aad(vaultId, name));
  return { name, iv: sealed.iv, ciphertext: sealed.ciphertext, last4, updatedAt };
}

/** The key was verified at unlock, so a failure here means the record was altered or moved. */
export async function openSecret(
  key: CryptoKey,
  vaultId: string,
  record: SecretRecord,
): Promise<string> {
  const value = await decrypt(key, record, valueAad(vaultId, record.name));
  if (value === null) throw new VaultError('tampered', { secretName: record.name });
  return value;
}

export async function openLast4(
  key: CryptoKey,
  vaultId: string,
  record: SecretRecord,
): Promise<string | null> {
  if (!record.last4) return null;
  return decrypt(key, record.last4, last4Aad(vaultId, record.name));
}

/** Derives the key for `passphrase` and checks it against the vault's verifier. */
export async function keyForPassphrase(
  record: VaultRecord,
  passphrase: string,
): Promise<CryptoKey> {
  const key = await deriveKey(passphrase, record.salt, record.iterations);
  const marker = await decrypt(key, record.verifier, verifierAad(record.id));
  if (marker !== VERIFIER_MARKER) throw new VaultError('wrong-passphrase');
  return key;
}

export function sameBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
