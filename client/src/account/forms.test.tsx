import { act } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountSection } from '../settings/AccountSection.tsx';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { AccountPage, JoinPage } from './AccountPage.tsx';
import { accountApi, type AccountApi } from './api.ts';
import { createSessionStore, isSignedIn, type SessionStore } from './session.ts';
import { startServer } from './test-server.ts';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(() => server.stop());

let view: Rendered | undefined;
let api: AccountApi;
let session: SessionStore;
beforeEach(() => {
  localStorage.clear();
  api = accountApi(server.client().fetch);
  session = createSessionStore(api);
});
afterEach(() => view?.unmount());

let n = 0;
function person() {
  n += 1;
  return {
    workspaceName: `Team ${n}`,
    email: `grace${n}@example.com`,
    name: `Grace ${n}`,
    password: 'compiler cobol 1959',
  };
}

/** Types like a user: React listens to input events, not to value assignments. */
async function type(container: HTMLElement, label: string, value: string) {
  const labelEl = [...container.querySelectorAll('label')].find((l) => text(l) === label);
  const input =
    labelEl && container.querySelector<HTMLInputElement>(`#${CSS.escape(labelEl.htmlFor)}`);
  if (!input) throw new Error(`no field labelled ${label}`);
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Waits for real requests to the child-process server to settle into the DOM. */
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await act(() => new Promise((resolve) => setTimeout(resolve, 25)));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function Where() {
  const { pathname } = useLocation();
  return <output data-testid="where">{pathname}</output>;
}

function app(entry: string) {
  return (
    <MemoryRouter initialEntries={[entry]}>
      <Routes>
        <Route path="/account" element={<AccountPage session={session} api={api} />} />
        <Route path="/join" element={<JoinPage session={session} api={api} />} />
        <Route path="/settings" element={<AccountSection session={session} api={api} />} />
      </Routes>
      <Where />
    </MemoryRouter>
  );
}
const where = (c: HTMLElement) => text(c.querySelector('[data-testid="where"]'));

describe('account forms', () => {
  it('explains field problems before sending, then creates the workspace', async () => {
    const device = server.client();
    let requests = 0;
    api = accountApi((...args) => {
      requests += 1;
      return device.fetch(...args);
    });
    session = createSessionStore(api);
    view = await render(app('/account'));
    const { container } = view;
    await click(getButton(container, 'Create a workspace'));
    await click(getButton(container, 'Create workspace'));
    expect(text(container)).toContain('Enter a workspace name.');
    expect(text(container)).toContain('Use at least 10 characters.');
    expect(requests).toBe(0);

    const grace = person();
    await type(container, 'Workspace name', grace.workspaceName);
    await type(container, 'Your name', grace.name);
    await type(container, 'Email', grace.email);
    await type(container, 'Password', grace.password);
    await click(getButton(container, 'Create workspace'));
    await until(() => where(container) === '/settings', 'the Settings page');
    expect(text(container.querySelector('[data-testid="account-facts"]'))).toContain(grace.name);
    expect(text(container)).toContain(grace.workspaceName);
  });

  it('shows the server refusal of a wrong password', async () => {
    const grace = person();
    await api.signUp(grace);
    await api.logOut();
    view = await render(app('/account'));
    const { container } = view;
    await type(container, 'Email', grace.email);
    await type(container, 'Password', 'not my password');
    await click(getButton(container, 'Sign in'));
    await until(() => container.querySelector('[role="alert"]') !== null, 'the alert');
    expect(text(container.querySelector('[role="alert"]'))).toBe('Wrong email or password.');
    expect(isSignedIn(session.snapshot().state)).toBe(false);
  });

  it('lets an admin create an invite link that a new user joins with, then signs out', async () => {
    session.signedIn(await api.signUp(person()));
    view = await render(app('/settings'));
    const { container } = view;
    expect(text(container)).toContain('Admin');
    await click(getButton(container, 'Create invite link'));
    await until(() => container.querySelector('#invite-link') !== null, 'the invite link');
    const link = container.querySelector<HTMLInputElement>('#invite-link')!.value;
    expect(link).toMatch(/\/join#[\w-]{43}$/);
    await until(
      () => container.querySelectorAll('[aria-label="Pending invites"] li').length === 1,
      'the pending invite',
    );

    await click(getButton(container, 'Sign out'));
    await until(() => text(container).includes('Not signed in'), 'signed out');
    expect(session.snapshot()).toEqual({ state: 'signed-out', interrupted: false });
    await view.unmount();

    // Another device opens the link.
    api = accountApi(server.client().fetch);
    session = createSessionStore(api);
    view = await render(app(`/join${link.slice(link.indexOf('#'))}`));
    const joiner = person();
    await type(view.container, 'Your name', joiner.name);
    await type(view.container, 'Email', joiner.email);
    await type(view.container, 'Password', joiner.password);
    await click(getButton(view.container, 'Join workspace'));
    await until(() => where(view!.container) === '/settings', 'the Settings page');
    const state = session.snapshot().state;
    expect(isSignedIn(state) && state.user.role).toBe('member');
    expect(text(view.container)).not.toContain('Create invite link');
  });

  it('says the changes are kept after the server ends the session', async () => {
    session.signedIn(await api.signUp(person()));
    view = await render(app('/settings'));
    await act(async () => session.reportUnauthorized());
    expect(text(view.container)).toContain('Your changes are kept on this device');
    expect(text(view.container)).toContain('Sign in');
  });

  it('asks for the whole link when /join has no token', async () => {
    view = await render(app('/join'));
    expect(text(view.container.querySelector('[role="alert"]'))).toMatch(/whole invite link/);
  });
});
