import { useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog.tsx';
import type { Vault } from '../../vault/vault.ts';
import { PassphraseField } from './PassphraseField.tsx';
import { useAction } from './use-action.ts';

interface RevealDialogProps {
  vault: Vault;
  /** The secret's name in the vault, and how the UI calls it. */
  secret: string;
  /** "HubSpot": the title says "Reveal the HubSpot key". */
  name: string;
  open: boolean;
  onClose: () => void;
  onRevealed: (value: string) => void;
}

/** Asks for the passphrase again: an unlocked vault may be a laptop left open on a desk. */
export function RevealDialog({
  vault,
  secret,
  name,
  open,
  onClose,
  onRevealed,
}: RevealDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={`Reveal the ${name} key`} className="vault-dialog">
      <RevealForm
        vault={vault}
        secret={secret}
        onCancel={onClose}
        onRevealed={(value) => {
          onRevealed(value);
          onClose();
        }}
      />
    </Dialog>
  );
}

function RevealForm({
  vault,
  secret,
  onCancel,
  onRevealed,
}: Pick<RevealDialogProps, 'vault' | 'secret' | 'onRevealed'> & { onCancel: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let value = '';
    const done = await action.run(async () => {
      value = await vault.revealSecret(secret, passphrase);
    });
    setPassphrase('');
    if (done) onRevealed(value);
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      <p className="ui-dialog__body">Enter your passphrase again to show the whole key.</p>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        onChange={setPassphrase}
        autoComplete="current-password"
        autoFocus
        invalid={action.error !== null}
      />
      {action.error && (
        <p className="vault-error" role="alert">
          {action.error}
        </p>
      )}
      <div className="ui-dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={action.busy || passphrase === ''}
        >
          {action.busy ? 'Checking…' : 'Reveal'}
        </button>
      </div>
    </form>
  );
}
