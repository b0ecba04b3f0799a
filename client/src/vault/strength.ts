import { MIN_PASSPHRASE_LENGTH } from './errors.ts';

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

export interface StrengthHint {
  strength: Strength;
  text: string;
}

const COMMON = /^(password|passphrase|qwerty|azerty|letmein|welcome|outpost|123456|abcdef)/i;

/**
 * A rough hint, not a gate beyond the minimum length: length matters most, and a few words
 * beat a short jumble. Rough bits: characters × log2(alphabet), with repeats and common
 * starts penalized.
 */
export function passphraseStrength(passphrase: string): StrengthHint {
  const chars = [...passphrase];
  if (chars.length < MIN_PASSPHRASE_LENGTH) {
    const missing = MIN_PASSPHRASE_LENGTH - chars.length;
    return {
      strength: 'too-short',
      text: `At least ${MIN_PASSPHRASE_LENGTH} characters (${missing} more).`,
    };
  }
  let alphabet = 0;
  if (/[a-z]/.test(passphrase)) alphabet += 26;
  if (/[A-Z]/.test(passphrase)) alphabet += 26;
  if (/\d/.test(passphrase)) alphabet += 10;
  if (/[^a-zA-Z\d]/.test(passphrase)) alphabet += 33;
  const distinct = new Set(chars).size;
  let bits = distinct * Math.log2(Math.max(alphabet, 2)) + (chars.length - distinct) * 1.5;
  if (COMMON.test(passphrase)) bits -= 20;
  if (bits < 50) {
    return {
      strength: 'weak',
      text: 'Weak: easy to guess. Add words or length; four random words work well.',
    };
  }
  if (bits < 75) return { strength: 'fair', text: 'Fair. A few more characters make it strong.' };
  return { strength: 'strong', text: 'Strong.' };
}
