import { providerFor } from '../../vault/providers.ts';
import type { VaultSnapshot } from '../../vault/vault.ts';

function describe(entries: readonly { name: string; storageKey: string }[]): string {
  return entries
    .map(({ name, storageKey }) => `${providerFor(name)?.name ?? name} (${storageKey})`)
    .join(', ');
}

/** Tells the user which plaintext keys left by older versions were moved in and erased. */
export function MigrationNotice({
  snapshot,
  onDismiss,
}: {
  snapshot: VaultSnapshot;
  onDismiss: () => void;
}) {
  const { migration, migrationError } = snapshot;
  if (migrationError) {
    return (
      <div className="vault-notice vault-notice--warn" role="alert">
        <p>
          Keys saved in plain text by an older version of Outpost could not be moved into the vault
          ({migrationError}). They stay where they were; unlocking again retries.
        </p>
      </div>
    );
  }
  if (!migration) return null;
  const { moved, alreadyInVault } = migration;
  return (
    <div className="vault-notice" role="status">
      {moved.length > 0 && (
        <p>
          Moved {moved.length === 1 ? 'a key' : `${moved.length} keys`} that an older version of
          Outpost kept in plain text into the vault, and erased the plain copies: {describe(moved)}.
        </p>
      )}
      {alreadyInVault.length > 0 && (
        <p>
          Erased plain-text copies of keys the vault already held (the vault's were kept):{' '}
          {describe(alreadyInVault)}.
        </p>
      )}
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
