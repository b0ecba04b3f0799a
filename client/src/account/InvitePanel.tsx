import { useEffect, useState } from 'react';
import { JOIN_PATH, type CreatedInvite, type InviteSummary } from '../../../shared/api/auth.ts';
import { AccountApiError, type AccountApi } from './api.ts';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Admins: make a single-use invite link (shown once), see pending ones, revoke them. */
export function InvitePanel({ api }: { api: AccountApi }) {
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [pending, setPending] = useState<InviteSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    let live = true;
    api.listInvites().then(
      (result) => live && setPending(result.invites),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setPending((await api.listInvites()).invites);
    } catch (err) {
      if (!(err instanceof AccountApiError)) throw err;
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  const link = created ? `${window.location.origin}${JOIN_PATH}#${created.token}` : '';
  return (
    <div className="account-invites">
      <h3>Invite teammates</h3>
      <p className="muted">
        An invite link lets one person join this workspace as a member. It works once and expires
        after 7 days.
      </p>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            setCopied(false);
            setCreated(await api.createInvite({ role: 'member' }));
          })
        }
      >
        Create invite link
      </button>
      {created && (
        <div className="account-invite-link">
          <label htmlFor="invite-link">Invite link (shown only now)</label>
          <div className="account-invite-link__row">
            <input
              id="invite-link"
              className="ui-input"
              readOnly
              value={link}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              className="button"
              onClick={() =>
                void navigator.clipboard?.writeText(link).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="muted">Expires {when(created.invite.expiresAt)}.</p>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {pending.length > 0 && (
        <ul className="account-pending" aria-label="Pending invites">
          {pending.map((invite) => (
            <li key={invite.id}>
              <span>
                {invite.role === 'admin' ? 'Admin' : 'Member'} invite by {invite.createdBy.name},
                expires {when(invite.expiresAt)}
              </span>
              <button
                type="button"
                className="button button--quiet"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await api.revokeInvite(invite.id);
                    if (created?.invite.id === invite.id) setCreated(null);
                  })
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
