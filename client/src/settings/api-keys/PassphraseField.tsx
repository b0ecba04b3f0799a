import { useId } from 'react';
import { passphraseStrength } from '../../vault/strength.ts';

interface PassphraseFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
  /** Show the strength hint under the field (new passphrases only). */
  strength?: boolean;
  autoFocus?: boolean;
  invalid?: boolean;
}

export function PassphraseField({
  label,
  value,
  onChange,
  autoComplete,
  strength = false,
  autoFocus = false,
  invalid = false,
}: PassphraseFieldProps) {
  const id = useId();
  const hint = strength && value ? passphraseStrength(value) : null;
  return (
    <div className="vault-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="vault-input"
        type="password"
        autoComplete={autoComplete}
        spellCheck={false}
        autoFocus={autoFocus}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className={`vault-strength vault-strength--${hint.strength}`}>
          {hint.text}
        </p>
      )}
    </div>
  );
}
