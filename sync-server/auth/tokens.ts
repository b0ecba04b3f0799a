import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_PATTERN } from '../../shared/api/auth.ts';

/** A fresh 256-bit secret as base64url (43 characters): session and invite tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of the token. A fast hash is right here (unlike passwords):
 * the token has 256 bits of entropy, so there is nothing to guess.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
