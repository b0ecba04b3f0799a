import { useSyncExternalStore } from 'react';
import { BehaviorSubject, type Observable } from 'rxjs';
import type { AccountUser, AccountWorkspace, MeResponse } from '../../../shared/api/auth.ts';
import { accountApi, AccountApiError, type AccountApi } from './api.ts';

export interface SignedIn {
  user: AccountUser;
  workspace: AccountWorkspace;
}
/**
 * `unknown` is reserved for a store that has not read the device's cache yet; a store starts
 * from the cached identity, or `signed-out` when this device never signed in.
 */
export type SessionState = 'unknown' | 'signed-out' | SignedIn;

export interface SessionSnapshot {
  state: SessionState;
  /**
   * The server ended the session while the app was in use (a 401 during sync): the app says
   * "signed out, your changes are kept" until the user signs in again.
   */
  interrupted: boolean;
}

export function isSignedIn(state: SessionState): state is SignedIn {
  return typeof state === 'object';
}

/**
 * Who is signed in on this device, for the UI and for sync. The last identity (never the token,
 * which lives in an HttpOnly cookie) is cached in localStorage so the app knows it offline and
 * other tabs hear sign-in and sign-out through the storage event.
 */
const CACHE_KEY = 'outpost.account';

export interface SessionStore {
  readonly state$: Observable<SessionSnapshot>;
  snapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
  /**
   * Asks the server whether the cached identity still holds; a network failure keeps it
   * (offline is not signed out). Without one, nothing is asked: a device that never signed in
   * makes no request (and a browser logs no 401 on every start).
   */
  refresh(): Promise<SessionState>;
  /** After a successful sign-in, sign-up or join. */
  signedIn(me: MeResponse | SignedIn): void;
  /** Signs out on the server, then here. Throws AccountApiError if the server cannot be reached. */
  signOut(): Promise<void>;
  /** For sync: the server answered 401. Local changes stay; sync resumes after sign-in. */
  reportUnauthorized(): void;
  /** For sync: called on every change into signed-in; returns the unsubscribe function. */
  onSignedIn(listener: () => void): () => void;
}

function readCache(): SignedIn | undefined {
  try {
    const raw = localStorage.getItem(CACHE_KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as SignedIn;
    return value?.user?.id && value.workspace?.id ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(state: SessionState): void {
  try {
    if (isSignedIn(state)) {
      localStorage.setItem(
        CACHE_KEY,
        JSON.stringify({ user: state.user, workspace: state.workspace }),
      );
    } else if (state === 'signed-out') {
      localStorage.removeItem(CACHE_KEY);
    }
  } catch {
    // Storage may be unavailable (private mode quotas): the state still works in memory.
  }
}

export function createSessionStore(api: AccountApi = accountApi()): SessionStore {
  const cached = readCache();
  const subject = new BehaviorSubject<SessionSnapshot>({
    state: cached ?? 'signed-out',
    interrupted: false,
  });
  const signedInListeners = new Set<() => void>();

  function set(state: SessionState, interrupted: boolean, persist = true): void {
    const before = subject.value.state;
    if (persist) writeCache(state);
    subject.next({ state, interrupted });
    if (isSignedIn(state) && !isSignedIn(before)) {
      for (const listener of signedInListeners) listener();
    }
  }

  // Another tab signed in or out.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== CACHE_KEY) return;
      const identity = readCache();
      set(identity ?? 'signed-out', false, false);
    });
  }

  return {
    state$: subject.asObservable(),
    snapshot: () => subject.value,
    subscribe(listener) {
      const subscription = subject.subscribe(() => listener());
      return () => subscription.unsubscribe();
    },
    async refresh() {
      if (!isSignedIn(subject.value.state)) return subject.value.state;
      try {
        const me = await api.me();
        set({ user: me.user, workspace: me.workspace }, false);
      } catch (error) {
        if (error instanceof AccountApiError && error.status === 401) {
          set('signed-out', subject.value.interrupted || isSignedIn(subject.value.state));
        }
        // Unreachable or failing server: keep what we knew.
      }
      return subject.value.state;
    },
    signedIn(me) {
      set({ user: me.user, workspace: me.workspace }, false);
    },
    async signOut() {
      try {
        await api.logOut();
      } catch (error) {
        if (!(error instanceof AccountApiError) || error.status !== 401) throw error;
      }
      set('signed-out', false);
    },
    reportUnauthorized() {
      // Only a session the app believed in was interrupted; after a deliberate sign-out, a
      // request still in flight answering 401 changes nothing.
      if (!isSignedIn(subject.value.state)) return;
      set('signed-out', true);
    },
    onSignedIn(listener) {
      signedInListeners.add(listener);
      return () => signedInListeners.delete(listener);
    },
  };
}

let deviceStore: SessionStore | undefined;
/** The app's one session store; the first call asks the server who is signed in. */
export function deviceSession(): SessionStore {
  if (!deviceStore) {
    deviceStore = createSessionStore();
    void deviceStore.refresh();
  }
  return deviceStore;
}

/** For sync (client/src/sync): a 401 from the server. */
export function reportUnauthorized(): void {
  deviceSession().reportUnauthorized();
}

export function useSession(store: SessionStore = deviceSession()): SessionSnapshot {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
