import { envelopeKeyId, open, seal, type SealContext, type ServerKey } from './secret-box.ts';

/**
 * Key rotation over any store: give it every sealed credential, get back the ones to write,
 * each sealed again under the new key. Pure (no I/O), so each store writes the result its own
 * way, in one transaction.
 *
 * Wiring, once the credentials table exists (CRM issue):
 *   1. `node sync-server/secrets/rotate-key.ts` makes the new key current and keeps the old
 *      one as secret.key.previous; the server's keyring (loadServerKey) opens both.
 *   2. On the next start (or from the command itself), in ONE transaction:
 *        const rows = await store.credentials.all();                        // every workspace
 *        const { changed } = rotateEnvelopes(rows, keys.keyring, keys.current);
 *        await store.credentials.updateEnvelopes(changed);
 *      A failure leaves every row as it was, still openable with the keyring.
 *   3. Once no row names the previous key id, secret.key.previous can be deleted (the next
 *      rotation replaces it anyway, after checking that).
 */

export interface SealedCredential extends SealContext {
  envelope: string;
}

export interface RotationResult<T extends SealedCredential> {
  /** Sealed again under the new key: write these. */
  changed: T[];
  /** Already under the new key (a rotation that was interrupted and run again). */
  unchanged: number;
}

export class RotationError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'RotationError';
  }
}

/**
 * All or nothing: one credential that cannot be opened stops the rotation (nothing is returned
 * to write), naming it, but never showing its value.
 */
export function rotateEnvelopes<T extends SealedCredential>(
  credentials: readonly T[],
  from: readonly ServerKey[],
  to: ServerKey,
): RotationResult<T> {
  const changed: T[] = [];
  let unchanged = 0;
  for (const credential of credentials) {
    const context = { workspaceId: credential.workspaceId, name: credential.name };
    try {
      if (envelopeKeyId(credential.envelope) === to.id) {
        unchanged += 1;
        continue;
      }
      const value = open([...from, to], credential.envelope, context);
      changed.push({ ...credential, envelope: seal(to, value, context) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RotationError(
        `rotation stopped, nothing was changed: credential "${credential.name}" of workspace ` +
          `${JSON.stringify(credential.workspaceId)} could not be opened (${reason})`,
        { cause: error },
      );
    }
  }
  return { changed, unchanged };
}
