import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountApi } from './api.ts';
import { createSessionStore, isSignedIn } from './session.ts';
import { startServer } from './test-server.ts';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(() => server.stop());
beforeEach(() => localStorage.clear());

let n = 0;
/** A new person each test (SIGNUP=open): tests share the server. */
function person() {
  n += 1;
  return {
    workspaceName: `Workspace ${n}`,
    email: `ada${n}@example.com`,
    name: `Ada ${n}`,
    password: 'difference engine 1843',
  };
}

describe('session state, against the real server', () => {
  it('is signed-out without asking when this device never signed in', async () => {
    let requests = 0;
    const device = server.client();
    const session = createSessionStore(
      accountApi((...args) => {
        requests += 1;
        return device.fetch(...args);
      }),
    );
    expect(session.snapshot()).toEqual({ state: 'signed-out', interrupted: false });
    expect(await session.refresh()).toBe('signed-out');
    expect(requests).toBe(0);
  });

  it('signs up, survives a reload from the cookie, and signs out', async () => {
    const device = server.client();
    const api = accountApi(device.fetch);
    const ada = person();
    const session = createSessionStore(api);
    session.signedIn(await api.signUp(ada));
    const state = session.snapshot().state;
    expect(isSignedIn(state) && state.user.email).toBe(ada.email);

    // A new page load: the cached identity shows at once, and the server confirms it.
    const reloaded = createSessionStore(api);
    expect(isSignedIn(reloaded.snapshot().state)).toBe(true);
    const confirmed = await reloaded.refresh();
    expect(isSignedIn(confirmed) && confirmed.workspace.name).toBe(ada.workspaceName);

    await reloaded.signOut();
    expect(reloaded.snapshot()).toEqual({ state: 'signed-out', interrupted: false });
    expect(device.jar.size).toBe(0);
    expect(localStorage.getItem('outpost.account')).toBeNull();
    expect(await createSessionStore(api).refresh()).toBe('signed-out');
  });

  it('stays signed in while the server is unreachable (offline is not signed out)', async () => {
    const device = server.client();
    const api = accountApi(device.fetch);
    const ada = person();
    createSessionStore(api).signedIn(await api.signUp(ada));
    device.setOnline(false);
    const offline = createSessionStore(api);
    const state = await offline.refresh();
    expect(isSignedIn(state) && state.user.name).toBe(ada.name);
  });

  it('on a 401 from sync, says "signed out, changes kept"; signing in again resumes sync', async () => {
    const device = server.client();
    const api = accountApi(device.fetch);
    const ada = person();
    const session = createSessionStore(api);
    session.signedIn(await api.signUp(ada));
    let resumed = 0;
    const stop = session.onSignedIn(() => (resumed += 1));

    await device.endSessionOnServer();
    session.reportUnauthorized(); // what client/src/sync does on a 401
    expect(session.snapshot()).toEqual({ state: 'signed-out', interrupted: true });
    session.reportUnauthorized(); // repeated 401s change nothing
    expect(resumed).toBe(0);

    session.signedIn(await api.logIn({ email: ada.email, password: ada.password }));
    expect(session.snapshot().interrupted).toBe(false);
    expect(resumed).toBe(1);
    stop();
  });

  it('ignores a 401 that arrives after a deliberate sign-out', async () => {
    const api = accountApi(server.client().fetch);
    const session = createSessionStore(api);
    session.signedIn(await api.signUp(person()));
    await session.signOut();
    session.reportUnauthorized();
    expect(session.snapshot()).toEqual({ state: 'signed-out', interrupted: false });
  });

  it('finds out at start that the session ended while the app was closed', async () => {
    const device = server.client();
    const api = accountApi(device.fetch);
    createSessionStore(api).signedIn(await api.signUp(person()));
    await device.endSessionOnServer();
    const next = createSessionStore(api);
    expect(await next.refresh()).toBe('signed-out');
    expect(next.snapshot().interrupted).toBe(true);
  });

  it('hears another tab sign out through the storage event', async () => {
    const api = accountApi(server.client().fetch);
    const session = createSessionStore(api);
    session.signedIn(await api.signUp(person()));
    localStorage.removeItem('outpost.account');
    window.dispatchEvent(new StorageEvent('storage', { key: 'outpost.account' }));
    expect(session.snapshot().state).toBe('signed-out');
  });
});
