import { useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { providerFor } from '../../vault/providers.ts';
import type { Vault } from '../../vault/vault.ts';
import { useAction } from './use-action.ts';

interface ResetVaultProps {
  vault: Vault;
  /** Names of the secrets that will be lost. */
  secrets: readonly string[];
  /** The trigger's text: "Forgot passphrase? Reset vault" when locked. */
  trigger: string;
}

export function ResetVault({ vault, secrets, trigger }: ResetVaultProps) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const lost = secrets.map((name) => providerFor(name)?.label ?? `${name} key`);

  return (
    <div className="vault-reset">
      <button
        type="button"
        className="button button--quiet vault-danger"
        onClick={() => setConfirming(true)}
      >
        {trigger}
      </button>
      {action.error && (
        <p className="vault-error" role="alert">
          {action.error}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Reset the vault?"
        confirmLabel="Erase vault and keys"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          const done = await action.run(() => vault.reset());
          if (done) setConfirming(false);
        }}
      >
        {lost.length > 0 ? (
          <>
            <p>These keys are erased from this device, and nobody can recover them:</p>
            <ul className="vault-reset__list">
              {lost.map((label) => (
                <li key={label}>{label}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>The vault holds no keys yet; only the vault and its passphrase are erased.</p>
        )}
        <p>
          Your contacts, campaigns, ICP and everything else stay as they are. You can then create a
          new vault with a new passphrase and paste the keys again.
        </p>
      </ConfirmDialog>
    </div>
  );
}
