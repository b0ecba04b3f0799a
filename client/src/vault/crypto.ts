import { VaultError } from './errors.ts';

/**
 * The vault's cryptography, on WebCrypto only: PBKDF2-SHA-256 turns the passphrase into a
 * non-extractable AES-GCM-256 key; every encryption gets a fresh random 96-bit IV and binds its
 * context (vault id and secret name) as additional authenticated data.
 */

/**
 * OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. Never lower: it is what a thief pays per guess.
 * Unlocking costs one derivation (measured in docs/security.md).
 */
export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;

export type Bytes = Uint8Array<ArrayBuffer>;

export interface Sealed {
  iv: Bytes;
  ciphertext: Bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function subtle(): SubtleCrypto {
  // crypto.subtle is undefined outside a secure context (plain http to a LAN address).
  const api = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (!api) throw new VaultError('unavailable');
  return api;
}

export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * The passphrase is NFC-normalized first, so the same words typed on another keyboard (composed
 * or decomposed accents) give the same key.
 */
export async function deriveKey(
  passphrase: string,
  salt: Bytes,
  iterations: number,
): Promise<CryptoKey> {
  const material = await subtle().importKey(
    'raw',
    encoder.encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false, // non-extractable: script can use the key but never read its bytes
    ['encrypt', 'decrypt'],
  );
}

export async function encrypt(key: CryptoKey, plaintext: string, aad: string): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(aad), tagLength: 128 },
    key,
    encoder.encode(plaintext),
  );
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/**
 * Null when the tag does not verify: wrong key, altered bytes, or a ciphertext moved to another
 * context. The caller knows which of those it can be and says so.
 */
export async function decrypt(key: CryptoKey, sealed: Sealed, aad: string): Promise<string | null> {
  let plaintext: ArrayBuffer;
  try {
    plaintext = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(aad), tagLength: 128 },
      key,
      sealed.ciphertext,
    );
  } catch (error) {
    // OperationError: the tag did not verify. The others: a malformed record (not bytes, an
    // empty IV), which is damage too.
    const name = error instanceof Error ? error.name : '';
    if (name === 'OperationError' || name === 'DataError' || error instanceof TypeError) {
      return null;
    }
    throw error;
  }
  try {
    return decoder.decode(plaintext);
  } catch {
    return null;
  }
}
