import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Connector credentials at rest: AES-256-GCM under the server key, in a versioned envelope
 *
 *   v1:<keyId>:<iv>:<tag>:<ciphertext>      (each part base64url)
 *
 * The key id names the key that sealed it, so during a rotation the old and the new key can both
 * open what they sealed. The additional data binds the envelope to its workspace and credential
 * name: a row copied to another workspace or credential does not open.
 */

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A server key. Serializes and prints as its id only, so logging one leaks nothing. */
export interface ServerKey {
  readonly id: string;
  readonly bytes: Buffer;
}

export function serverKeyFromBytes(bytes: Buffer): ServerKey {
  if (bytes.length !== KEY_BYTES) {
    throw new Error(`a server key is ${KEY_BYTES} bytes, not ${bytes.length}`);
  }
  // Not the key: a short hash of it, which cannot be turned back into it.
  const id = createHash('sha256')
    .update('outpost-server-key-id\0')
    .update(bytes)
    .digest()
    .subarray(0, 6)
    .toString('base64url');
  const key = { id, bytes: Buffer.from(bytes) };
  Object.defineProperties(key, {
    toJSON: { value: () => ({ id }) },
    [inspect.custom]: { value: () => `ServerKey(${id})` },
  });
  return Object.freeze(key);
}

export function generateServerKey(): ServerKey {
  return serverKeyFromBytes(randomBytes(KEY_BYTES));
}

/**
 * A plaintext credential on its way in or out. `JSON.stringify`, `String()`, template literals
 * and `util.inspect` (console, pino, error messages) all see "[redacted]"; only `reveal()` gives
 * the value, so handing it to a connector is a deliberate act that reads as one.
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  /** The last 4 characters, the most an endpoint may return. */
  last4(): string {
    return this.#value.length >= 8 ? this.#value.slice(-4) : '';
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'SecretValue([redacted])';
  }
}

export interface SealContext {
  workspaceId: string;
  /** The credential's name: `hubspot`, `lemlist`, ... */
  name: string;
}

export type SecretBoxErrorCode = 'malformed' | 'unknown-key' | 'tampered';

/** Never carries the plaintext or key material: only what went wrong and which credential. */
export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.code = code;
  }
}

function additionalData(keyId: string, context: SealContext): Buffer {
  // JSON, not a joined string: no workspace id or name can make two contexts look the same.
  return Buffer.from(JSON.stringify([VERSION, keyId, context.workspaceId, context.name]));
}

export function seal(
  key: ServerKey,
  plaintext: string | SecretValue,
  context: SealContext,
): string {
  const value = typeof plaintext === 'string' ? plaintext : plaintext.reveal();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(key.id, context));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

/** The id of the key an envelope was sealed with (rotation skips those already under the new one). */
export function envelopeKeyId(envelope: string): string {
  return parse(envelope).keyId;
}

function parse(envelope: string) {
  const parts = envelope.split(':');
  const [version, keyId, iv, tag, ciphertext] = parts;
  const base64url = /^[\w-]*$/;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !keyId ||
    iv === undefined ||
    tag === undefined ||
    ciphertext === undefined ||
    ![keyId, iv, tag, ciphertext].every((part) => base64url.test(part))
  ) {
    throw new SecretBoxError('malformed', `not a ${VERSION} sealed credential`);
  }
  return {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
}

/**
 * Opens an envelope with whichever of `keys` sealed it (the current key, and during a rotation
 * the previous one).
 */
export function open(
  keys: ServerKey | readonly ServerKey[],
  envelope: string,
  context: SealContext,
): SecretValue {
  const { keyId, iv, tag, ciphertext } = parse(envelope);
  const key = (Array.isArray(keys) ? keys : [keys]).find((candidate) => candidate.id === keyId);
  const where = `credential "${context.name}" of workspace ${JSON.stringify(context.workspaceId)}`;
  if (!key) {
    throw new SecretBoxError(
      'unknown-key',
      `${where} was sealed with server key ${keyId}, which this server does not have`,
    );
  }
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretBoxError(
      'malformed',
      `${where}: the envelope's IV or tag has the wrong length`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return new SecretValue(plaintext.toString('utf8'));
  } catch {
    throw new SecretBoxError(
      'tampered',
      `${where} does not open: it was altered, or belongs to another workspace or credential`,
    );
  }
}
