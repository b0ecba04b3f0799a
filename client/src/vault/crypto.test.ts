// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { decrypt, deriveKey, encrypt, IV_BYTES, PBKDF2_ITERATIONS, randomBytes } from './crypto.ts';

const salt = randomBytes(16);
const key = await deriveKey('correct horse battery staple', salt, PBKDF2_ITERATIONS);

describe('vault cryptography', () => {
  it('derives with PBKDF2-SHA-256 at no fewer than 600,000 iterations', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
  });

  it('keeps the derived key non-extractable', async () => {
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('round-trips, with a fresh 96-bit IV every time', async () => {
    const a = await encrypt(key, 'pat-na1-secret', 'v:hubspot');
    const b = await encrypt(key, 'pat-na1-secret', 'v:hubspot');
    expect(a.iv).toHaveLength(IV_BYTES);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(await decrypt(key, a, 'v:hubspot')).toBe('pat-na1-secret');
  });

  it('refuses other additional data, other keys and altered bytes', async () => {
    const sealed = await encrypt(key, 'pat-na1-secret', 'v:hubspot');
    expect(await decrypt(key, sealed, 'v:lemlist')).toBeNull();
    const other = await deriveKey('another passphrase!', salt, PBKDF2_ITERATIONS);
    expect(await decrypt(other, sealed, 'v:hubspot')).toBeNull();
    const altered = sealed.ciphertext.slice();
    altered[0] = (altered[0] ?? 0) ^ 1;
    expect(await decrypt(key, { iv: sealed.iv, ciphertext: altered }, 'v:hubspot')).toBeNull();
  });

  it('gives the same key for the same words composed differently (NFC)', async () => {
    const composed = await deriveKey('caf\u00e9 au lait 42', salt, PBKDF2_ITERATIONS);
    const decomposed = await deriveKey('cafe\u0301 au lait 42', salt, PBKDF2_ITERATIONS);
    const sealed = await encrypt(composed, 'x', 'aad');
    expect(await decrypt(decomposed, sealed, 'aad')).toBe('x');
  });
});
