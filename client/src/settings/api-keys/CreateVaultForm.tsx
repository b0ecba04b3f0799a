import { useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/errors.ts';
import type { Vault } from '../../vault/vault.ts';
import { PassphraseField } from './PassphraseField.tsx';
import { useAction } from './use-action.ts';

export function CreateVaultForm({ vault }: { vault: Vault }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<'short' | 'mismatch' | null>(null);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
      setProblem('short');
      return;
    }
    if (passphrase !== confirm) {
      setProblem('mismatch');
      return;
    }
    setProblem(null);
    await action.run(() => vault.create(passphrase).then(() => undefined));
  }

  const error =
    problem === 'short'
      ? `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`
      : problem === 'mismatch'
        ? 'The two passphrases are not the same.'
        : action.error;
  return (
    <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
      <p>
        Choose a passphrase for this device. It is never stored or sent anywhere: if you forget it,
        the keys cannot be recovered and you will paste them again.
      </p>
      <div className="vault-form__fields">
        <PassphraseField
          label="Passphrase"
          value={passphrase}
          onChange={(value) => {
            setPassphrase(value);
            setProblem(null);
          }}
          autoComplete="new-password"
          strength
          invalid={problem === 'short'}
        />
        <PassphraseField
          label="Confirm passphrase"
          value={confirm}
          onChange={(value) => {
            setConfirm(value);
            setProblem(null);
          }}
          autoComplete="new-password"
          invalid={problem === 'mismatch'}
        />
      </div>
      {error && (
        <p className="vault-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={action.busy}>
        {action.busy ? 'Creating vault…' : 'Create vault'}
      </button>
    </form>
  );
}
