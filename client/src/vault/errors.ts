/**
 * Everything the vault can refuse, as a code the UI can branch on and a sentence it can show.
 * Messages never contain a secret value, only a secret's name.
 */
export type VaultErrorCode =
  | 'unavailable'
  | 'no-vault'
  | 'exists'
  | 'weak-passphrase'
  | 'wrong-passphrase'
  | 'locked'
  | 'tampered'
  | 'not-found'
  | 'empty-value'
  | 'conflict';

export const MIN_PASSPHRASE_LENGTH = 10;

const MESSAGES: Record<VaultErrorCode, string> = {
  unavailable:
    'This browser cannot encrypt here: WebCrypto needs a secure connection (https, or localhost).',
  'no-vault': 'There is no vault on this device yet.',
  exists: 'A vault already exists on this device.',
  'weak-passphrase': `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
  'wrong-passphrase': 'That passphrase is not right. Nothing was changed.',
  locked: 'The vault is locked. Unlock it with your passphrase first.',
  tampered:
    'A stored key was altered or damaged and cannot be decrypted. Delete it and save it again.',
  'not-found': 'There is no key by that name in the vault.',
  'empty-value': 'The key is empty. Paste the whole key.',
  conflict: 'The vault changed in another tab at the same time. Nothing was changed; try again.',
};

export class VaultError extends Error {
  readonly code: VaultErrorCode;
  /** The secret concerned, where there is one (its name, never its value). */
  readonly secretName: string | undefined;

  constructor(code: VaultErrorCode, options: { secretName?: string; cause?: unknown } = {}) {
    const { secretName, cause } = options;
    const base = MESSAGES[code];
    super(
      code === 'tampered' && secretName
        ? `The stored key "${secretName}" was altered or damaged and cannot be decrypted. Delete it and save it again.`
        : base,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'VaultError';
    this.code = code;
    this.secretName = secretName;
  }
}

export function isVaultError(error: unknown, code?: VaultErrorCode): error is VaultError {
  return error instanceof VaultError && (code === undefined || error.code === code);
}

/** A sentence for the UI from anything an operation threw. */
export function describeVaultError(error: unknown): string {
  if (error instanceof VaultError) return error.message;
  if (error instanceof Error && error.name === 'QuotaExceededError') {
    return 'The device is out of storage space; the key was not saved.';
  }
  return `The vault could not do that: ${error instanceof Error ? error.message : String(error)}`;
}
