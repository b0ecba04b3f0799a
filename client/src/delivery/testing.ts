import { BehaviorSubject } from 'rxjs';
import type { Role } from '../../../shared/api/auth.ts';
import type { SessionSnapshot, SessionStore } from '../account/session.ts';
import { deliveryApi, type DeliveryApi } from './api.ts';

/** For tests: a session store fixed at signed out, or signed in with a role. */
export function fixedSession(who: Role | 'signed-out'): SessionStore {
  const snapshot: SessionSnapshot = {
    state:
      who === 'signed-out'
        ? 'signed-out'
        : {
            user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: who },
            workspace: { id: 'w1', name: 'Acme' },
          },
    interrupted: false,
  };
  const subject = new BehaviorSubject(snapshot);
  return {
    state$: subject.asObservable(),
    snapshot: () => snapshot,
    subscribe: () => () => undefined,
    refresh: async () => snapshot.state,
    signedIn: () => undefined,
    signOut: async () => undefined,
    reportUnauthorized: () => undefined,
    onSignedIn: () => () => undefined,
  };
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Answer = { status?: number; body?: unknown } | 'network-down';

/**
 * A delivery API over a stubbed fetch (the browser boundary): `answer` maps "METHOD /path"
 * (after /api/v1) to a response; every request is recorded in `calls`.
 */
export function stubbedApi(answer: (call: Call) => Answer): { api: DeliveryApi; calls: Call[] } {
  const calls: Call[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    if (init?.credentials !== 'same-origin') throw new Error('credentials must be same-origin');
    calls.push(call);
    const result = answer(call);
    if (result === 'network-down') throw new TypeError('Failed to fetch');
    const status = result.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(result.body ?? null), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { api: deliveryApi(fetchStub as typeof fetch), calls };
}
