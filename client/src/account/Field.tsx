import { useId } from 'react';

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  error?: string | undefined;
  hint?: string;
}

/** A labelled input whose error is announced and tied to it (aria-describedby). */
export function Field({
  label,
  name,
  value,
  onChange,
  type = 'text',
  autoComplete,
  error,
  hint,
}: FieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className="account-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        className="ui-input"
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? noteId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={noteId} className="field-error">
          {error}
        </p>
      ) : (
        hint && (
          <p id={noteId} className="muted account-field__hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
