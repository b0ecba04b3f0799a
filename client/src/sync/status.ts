import type { Rejection } from './handlers.ts';
import type { SyncError } from './transport.ts';

/**
 * What the sync indicator shows, as one value every tab can hold: the leader tab (the one that
 * replicates) owns it and broadcasts it; the other tabs show the leader's copy.
 */
export interface SyncStatus {
  /** Whether the server answered lately; never "offline" after an answer. */
  connection: 'online' | 'offline';
  /** Replicating right now (a pull or push in flight). */
  active: boolean;
  /** Local changes not yet on the server; null until counted. */
  pending: number | null;
  /** True when counting stopped at the cap (shown as "1,000+"). */
  pendingCapped: boolean;
  /** ISO time of the last successful exchange with the server. */
  lastSyncedAt: string | null;
  problem: SyncProblem | null;
  /** Rows the server refused, with its reasons (most recent first, at most MAX_REJECTIONS). */
  rejected: Rejection[];
}

export type SyncProblem =
  | { kind: 'signed_out' }
  | { kind: 'upgrade_required'; message: string }
  | { kind: 'error'; message: string };

export const MAX_REJECTIONS = 50;

export function initialStatus(online: boolean): SyncStatus {
  return {
    connection: online ? 'online' : 'offline',
    active: false,
    pending: null,
    pendingCapped: false,
    lastSyncedAt: null,
    problem: null,
    rejected: [],
  };
}

export type SyncEvent =
  | { type: 'reached'; at: string }
  | { type: 'failed'; error: Pick<SyncError, 'kind' | 'message'> }
  | { type: 'network_lost' }
  | { type: 'signed_in' }
  /** Not signed in on this device (no request made to learn it). */
  | { type: 'signed_out' }
  | { type: 'active'; active: boolean }
  | { type: 'pending'; count: number; capped: boolean }
  | { type: 'rejected'; rejections: Rejection[] }
  | { type: 'dismiss_rejections' };

export function reduceStatus(status: SyncStatus, event: SyncEvent): SyncStatus {
  switch (event.type) {
    case 'reached':
      return {
        ...status,
        connection: 'online',
        lastSyncedAt: event.at,
        // An answer clears a transport error, not a sign-out or a required update.
        problem: status.problem?.kind === 'error' ? null : status.problem,
      };
    case 'failed':
      switch (event.error.kind) {
        case 'unreachable':
          return { ...status, connection: 'offline' };
        case 'unauthorized':
          return { ...status, connection: 'online', problem: { kind: 'signed_out' } };
        case 'upgrade_required':
          return {
            ...status,
            connection: 'online',
            problem: { kind: 'upgrade_required', message: event.error.message },
          };
        case 'server':
          if (status.problem && status.problem.kind !== 'error') return status;
          return { ...status, problem: { kind: 'error', message: event.error.message } };
      }
      return status;
    case 'network_lost':
      return { ...status, connection: 'offline' };
    case 'signed_out':
      return status.problem?.kind === 'upgrade_required'
        ? status
        : { ...status, problem: { kind: 'signed_out' } };
    case 'signed_in':
      return status.problem?.kind === 'signed_out' ? { ...status, problem: null } : status;
    case 'active':
      return { ...status, active: event.active };
    case 'pending':
      return { ...status, pending: event.count, pendingCapped: event.capped };
    case 'rejected':
      return {
        ...status,
        rejected: [...event.rejections, ...status.rejected].slice(0, MAX_REJECTIONS),
      };
    case 'dismiss_rejections':
      return { ...status, rejected: [] };
  }
}

export interface StatusStore {
  get(): SyncStatus;
  dispatch(event: SyncEvent): void;
  /** Replaces the whole value (a follower tab taking the leader's broadcast). */
  replace(status: SyncStatus): void;
  subscribe(listener: () => void): () => void;
}

export function createStatusStore(initial: SyncStatus): StatusStore {
  let current = initial;
  const listeners = new Set<() => void>();
  const set = (next: SyncStatus) => {
    if (next === current) return;
    current = next;
    for (const listener of listeners) listener();
  };
  return {
    get: () => current,
    dispatch: (event) => set(reduceStatus(current, event)),
    replace: set,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const online = typeof navigator === 'undefined' ? true : navigator.onLine;
/** The page's one status, shown by the header's SyncIndicator. */
export const syncStatus = createStatusStore(initialStatus(online));
