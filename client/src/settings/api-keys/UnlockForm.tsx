import { useState, type FormEvent } from 'react';
import type { Vault } from '../../vault/vault.ts';
import { PassphraseField } from './PassphraseField.tsx';
import { useAction } from './use-action.ts';

export function UnlockForm({ vault }: { vault: Vault }) {
  const [passphrase, setPassphrase] = useState('');
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await action.run(() => vault.unlock(passphrase).then(() => undefined));
    // Wrong or right, the passphrase does not stay in the page's state.
    if (!done) setPassphrase('');
  }

  return (
    <form className="vault-form vault-form--inline" onSubmit={(event) => void submit(event)}>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        onChange={setPassphrase}
        autoComplete="current-password"
        invalid={action.error !== null}
      />
      <button
        type="submit"
        className="button button--primary"
        disabled={action.busy || passphrase === ''}
      >
        {action.busy ? 'Unlocking…' : 'Unlock'}
      </button>
      {action.error && (
        <p className="vault-error" role="alert">
          {action.error}
        </p>
      )}
    </form>
  );
}
