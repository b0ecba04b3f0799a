import { useId, useState, type FormEvent } from 'react';
import { MAX_IDLE_MINUTES, MIN_IDLE_MINUTES_SETTING } from '../../vault/idle-lock.ts';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/errors.ts';
import type { Vault } from '../../vault/vault.ts';
import { PassphraseField } from './PassphraseField.tsx';
import { useAction } from './use-action.ts';

export function IdleMinutesField({ vault, minutes }: { vault: Vault; minutes: number }) {
  const id = useId();
  const [draft, setDraft] = useState(String(minutes));
  const [problem, setProblem] = useState<string | null>(null);

  function apply(raw: string) {
    setDraft(raw);
    const value = Number(raw);
    if (
      raw.trim() === '' ||
      !Number.isInteger(value) ||
      value < MIN_IDLE_MINUTES_SETTING ||
      value > MAX_IDLE_MINUTES
    ) {
      setProblem(
        `A whole number of minutes from ${MIN_IDLE_MINUTES_SETTING} to ${MAX_IDLE_MINUTES}.`,
      );
      return;
    }
    setProblem(null);
    vault.setIdleMinutes(value);
  }

  return (
    <div className="vault-field vault-idle">
      <label htmlFor={id}>Lock after this many minutes without activity</label>
      <input
        id={id}
        className="vault-input vault-input--short"
        type="number"
        inputMode="numeric"
        min={MIN_IDLE_MINUTES_SETTING}
        max={MAX_IDLE_MINUTES}
        step={1}
        value={draft}
        aria-invalid={problem !== null || undefined}
        onChange={(event) => apply(event.target.value)}
      />
      <p className="muted vault-field__note">
        Also locks when Outpost stays in the background that long.
      </p>
      {problem && (
        <p className="vault-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

export function ChangePassphraseForm({ vault }: { vault: Vault }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(false);
    if ([...next].length < MIN_PASSPHRASE_LENGTH) {
      setProblem(`The new passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
      return;
    }
    if (next !== confirm) {
      setProblem('The two new passphrases are not the same.');
      return;
    }
    setProblem(null);
    const done = await action.run(() => vault.changePassphrase(current, next));
    setCurrent('');
    if (done) {
      setNext('');
      setConfirm('');
      setChanged(true);
    }
  }

  const error = problem ?? action.error;
  return (
    <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="vault-form__fields">
        <PassphraseField
          label="Current passphrase"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
        />
        <PassphraseField
          label="New passphrase"
          value={next}
          onChange={(value) => {
            setNext(value);
            setProblem(null);
          }}
          autoComplete="new-password"
          strength
        />
        <PassphraseField
          label="Confirm new passphrase"
          value={confirm}
          onChange={(value) => {
            setConfirm(value);
            setProblem(null);
          }}
          autoComplete="new-password"
        />
      </div>
      {error && (
        <p className="vault-error" role="alert">
          {error}
        </p>
      )}
      {changed && (
        <p className="vault-saved" role="status">
          Passphrase changed; every key was encrypted again under it.
        </p>
      )}
      <button
        type="submit"
        className="button"
        disabled={action.busy || current === '' || next === ''}
      >
        {action.busy ? 'Changing passphrase…' : 'Change passphrase'}
      </button>
    </form>
  );
}
