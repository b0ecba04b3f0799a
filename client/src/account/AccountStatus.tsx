import { Link } from 'react-router';
import { deviceSession, isSignedIn, useSession, type SessionStore } from './session.ts';

/** The header's account slot: who is signed in, or the way to sign in (which enables sync). */
export function AccountStatus({ session = deviceSession() }: { session?: SessionStore }) {
  const { state, interrupted } = useSession(session);
  if (isSignedIn(state)) {
    return (
      <Link
        className="account-status"
        to="/settings"
        data-testid="account-status"
        title={state.workspace.name}
      >
        {state.user.name}
      </Link>
    );
  }
  if (state === 'unknown') return null;
  return (
    <Link
      className="account-status"
      data-state={interrupted ? 'interrupted' : 'signed-out'}
      data-testid="account-status"
      to="/account"
    >
      {interrupted ? 'Signed out: changes kept, sign in to sync' : 'Sign in'}
    </Link>
  );
}
