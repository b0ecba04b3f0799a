import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { MeResponse } from '../../../shared/api/auth.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { accountApi, type AccountApi } from './api.ts';
import { JoinForm, SignInForm, SignUpForm } from './AuthForms.tsx';
import { deviceSession, isSignedIn, useSession, type SessionStore } from './session.ts';

interface PageProps {
  session?: SessionStore;
  api?: AccountApi;
}

const defaultApi = accountApi();

export function KeptChangesNotice({ session }: { session: SessionStore }) {
  const { interrupted } = useSession(session);
  if (!interrupted) return null;
  return (
    <p className="account-notice" role="status">
      You were signed out by the server. Your changes are kept on this device and will sync after
      you sign in again.
    </p>
  );
}

function AlreadySignedIn({ name, workspace }: { name: string; workspace: string }) {
  return (
    <section className="card account-card">
      <p>
        Signed in as <strong>{name}</strong> in <strong>{workspace}</strong>.
      </p>
      <p>
        <Link to="/settings">Account settings</Link>
      </p>
    </section>
  );
}

/** /account: sign in, or create a workspace. The app works without this; it enables sync. */
export function AccountPage({ session = deviceSession(), api = defaultApi }: PageProps) {
  const { state } = useSession(session);
  const navigate = useNavigate();
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const done = (me: MeResponse) => {
    session.signedIn(me);
    void navigate('/settings');
  };
  if (isSignedIn(state)) {
    return (
      <>
        <PageHeader title="Account" />
        <AlreadySignedIn name={state.user.name} workspace={state.workspace.name} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={mode === 'sign-in' ? 'Sign in' : 'Create a workspace'}
        subtitle="Outpost works on this device without an account. Signing in to your team server syncs your contacts and campaigns between devices."
      />
      <KeptChangesNotice session={session} />
      <section className="card account-card">
        <div className="account-switch" role="group" aria-label="Account">
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={mode === 'sign-in'}
            onClick={() => setMode('sign-in')}
          >
            I have an account
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={mode === 'sign-up'}
            onClick={() => setMode('sign-up')}
          >
            Create a workspace
          </button>
        </div>
        {mode === 'sign-in' ? (
          <SignInForm api={api} onDone={done} />
        ) : (
          <SignUpForm api={api} onDone={done} />
        )}
        <p className="muted">Joining a team? Open the invite link an admin sent you.</p>
      </section>
    </>
  );
}

/** /join#<token>: the invite link. The token sits in the fragment, never sent to a server. */
export function JoinPage({ session = deviceSession(), api = defaultApi }: PageProps) {
  const { state } = useSession(session);
  const { hash } = useLocation();
  const navigate = useNavigate();
  const token = decodeURIComponent(hash.replace(/^#/, ''));
  const done = (me: MeResponse) => {
    session.signedIn(me);
    // Replaces the entry holding the token, so it does not stay in the history.
    void navigate('/settings', { replace: true });
  };
  return (
    <>
      <PageHeader title="Join a workspace" />
      {isSignedIn(state) ? (
        <section className="card account-card">
          <p>
            You are signed in as <strong>{state.user.name}</strong> in{' '}
            <strong>{state.workspace.name}</strong>. Sign out in{' '}
            <Link to="/settings">Settings</Link> first to join another workspace.
          </p>
        </section>
      ) : token === '' ? (
        <section className="card account-card">
          <p role="alert">
            This page needs the whole invite link an admin sent you (it ends with a long code).
          </p>
        </section>
      ) : (
        <section className="card account-card">
          <p>Create your account to join your team’s workspace.</p>
          <JoinForm api={api} token={token} onDone={done} />
        </section>
      )}
    </>
  );
}
