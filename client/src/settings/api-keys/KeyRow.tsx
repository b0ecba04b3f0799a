import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { Connector } from '../../../../shared/documents/server-written.ts';
import type { SecretSummary, Vault } from '../../vault/vault.ts';
import { RevealDialog } from './RevealDialog.tsx';
import { ServerKey, type ServerKeyProps } from './ServerKey.tsx';
import { useAction } from './use-action.ts';

export interface KeyRowProps {
  vault: Vault;
  /** The vault secret's name. */
  secret: string;
  /** "HubSpot": buttons say "Save HubSpot key". */
  name: string;
  /** "HubSpot private app token": the field's label. */
  label: string;
  hint?: string;
  /** Offer "Send to team server" (CRM connectors). */
  server: boolean;
  summary: SecretSummary | undefined;
  unlocked: boolean;
  /** The team server's side (CRM connectors only). */
  remote?: Pick<ServerKeyProps, 'access' | 'server' | 'api'>;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * Locked and unlocked vaults render different trees (ApiKeysSection), so locking unmounts the
 * row and a revealed value goes away with the key that decrypted it.
 */
export function KeyRow(props: KeyRowProps) {
  const { vault, secret, name, label, hint, summary, unlocked } = props;
  const headingId = useId();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const action = useAction();

  return (
    <li className="vault-key" aria-labelledby={headingId}>
      <div className="vault-key__head">
        <h3 id={headingId} className="vault-key__name">
          {name}
        </h3>
        <KeyState summary={summary} unlocked={unlocked} />
      </div>
      {hint && unlocked && <p className="vault-key__hint muted">{hint}</p>}

      {unlocked && (
        <>
          {revealed !== null && (
            <div className="vault-key__revealed">
              <code data-testid={`revealed-${secret}`}>{revealed}</code>
              <button
                type="button"
                className="button"
                aria-label={`Hide ${name} key`}
                onClick={() => setRevealed(null)}
              >
                Hide
              </button>
            </div>
          )}
          <SaveForm {...props} onSaved={() => setRevealed(null)} />
          {summary && (
            <div className="vault-key__actions">
              <button
                type="button"
                className="button"
                aria-label={`Reveal ${name} key`}
                onClick={() => setRevealing(true)}
              >
                Reveal
              </button>
              <button
                type="button"
                className="button button--quiet vault-danger"
                aria-label={`Delete ${name} key`}
                onClick={() => setDeleting(true)}
              >
                Delete
              </button>
            </div>
          )}
          {action.error && (
            <p className="vault-error" role="alert">
              {action.error}
            </p>
          )}
          <RevealDialog
            vault={vault}
            secret={secret}
            name={name}
            open={revealing}
            onClose={() => setRevealing(false)}
            onRevealed={setRevealed}
          />
          <ConfirmDialog
            open={deleting}
            title={`Delete the ${label}?`}
            confirmLabel="Delete key"
            danger
            onCancel={() => setDeleting(false)}
            onConfirm={async () => {
              setDeleting(false);
              setRevealed(null);
              await action.run(() => vault.deleteSecret(secret));
            }}
          >
            <p>
              It is erased from this device's vault. To use {name} from this device again, you will
              paste the key again.
            </p>
          </ConfirmDialog>
        </>
      )}
      {props.server && props.remote && (
        <ServerKey
          connector={secret as Connector}
          name={name}
          vault={vault}
          localKey={unlocked && !!summary && !summary.damaged}
          {...props.remote}
        />
      )}
    </li>
  );
}

function KeyState({
  summary,
  unlocked,
}: {
  summary: SecretSummary | undefined;
  unlocked: boolean;
}) {
  if (!summary) return <span className="vault-key__state muted">Not set</span>;
  if (!unlocked) return <span className="vault-badge">Locked</span>;
  if (summary.damaged) {
    return <span className="vault-badge vault-badge--danger">Damaged: delete and save again</span>;
  }
  return (
    <span className="vault-key__state">
      <span
        className="vault-key__masked"
        aria-label={summary.last4 ? `ends in ${summary.last4}` : 'set'}
      >
        ••••{summary.last4 ? ` ${summary.last4}` : ''}
      </span>
      <span className="muted"> · saved {dateFormat.format(summary.updatedAt)}</span>
    </span>
  );
}

function SaveForm({
  vault,
  secret,
  name,
  label,
  summary,
  onSaved,
}: KeyRowProps & { onSaved: () => void }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const done = await action.run(() => vault.setSecret(secret, value));
    if (done) {
      setValue('');
      setSaved(true);
      onSaved();
    }
  }

  return (
    <form className="vault-key__form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>{label}</label>
      <div className="vault-key__input-row">
        <input
          id={id}
          className="vault-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={summary ? 'Paste a new key to replace it' : 'Paste the key'}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(false);
          }}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={action.busy || value.trim() === ''}
          aria-label={`Save ${name} key`}
        >
          Save
        </button>
      </div>
      {action.error && (
        <p className="vault-error" role="alert">
          {action.error}
        </p>
      )}
      {saved && (
        <p className="vault-saved" role="status">
          Saved, encrypted on this device.
        </p>
      )}
    </form>
  );
}
