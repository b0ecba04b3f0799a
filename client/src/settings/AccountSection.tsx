import { useState } from 'react';
import { Link } from 'react-router';
import { accountApi, AccountApiError, type AccountApi } from '../account/api.ts';
import { InvitePanel } from '../account/InvitePanel.tsx';
import { deviceSession, isSignedIn, useSession, type SessionStore } from '../account/session.ts';

const defaultApi = accountApi();

/** Who is signed in to the team server, sign out, and (admins) invite links. */
export function AccountSection({
  session = deviceSession(),
  api = defaultApi,
}: {
  session?: SessionStore;
  api?: AccountApi;
}) {
  const { state, interrupted } = useSession(session);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    setError(null);
    try {
      await session.signOut();
    } catch (err) {
      if (!(err instanceof AccountApiError)) throw err;
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card settings-section account" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      {state === 'unknown' && <p className="muted">Checking who is signed in…</p>}
      {state === 'signed-out' && (
        <>
          {interrupted ? (
            <p className="account-notice" role="status">
              You were signed out by the server. Your changes are kept on this device and will sync
              after you sign in again.
            </p>
          ) : (
            <p>
              Not signed in. Outpost keeps working on this device; sign in to your team server to
              sync between devices.
            </p>
          )}
          <p>
            <Link className="button button--primary" to="/account">
              Sign in
            </Link>
          </p>
        </>
      )}
      {isSignedIn(state) && (
        <>
          <dl className="facts" data-testid="account-facts">
            <dt>Signed in as</dt>
            <dd>
              {state.user.name} <span className="muted">({state.user.email})</span>
            </dd>
            <dt>Workspace</dt>
            <dd>{state.workspace.name}</dd>
            <dt>Role</dt>
            <dd>{state.user.role === 'admin' ? 'Admin' : 'Member'}</dd>
          </dl>
          <p>
            <button type="button" className="button" disabled={busy} onClick={() => void signOut()}>
              {busy ? 'Signing out…' : 'Sign out'}
            </button>
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {state.user.role === 'admin' && <InvitePanel api={api} />}
        </>
      )}
    </section>
  );
}
