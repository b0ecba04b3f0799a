import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type {
  ConnectorSummary,
  DeliverySettings,
  DeliveryStats,
} from '../../../shared/api/delivery.ts';
import { isSignedIn, useSession, type SessionStore } from '../account/session.ts';
import {
  defaultDeliveryApi,
  describeDeliveryError,
  isUnreachable,
  type DeliveryApi,
} from './api.ts';

export interface Loaded<T> {
  /** The last answer; kept when a later request fails, so the page shows what is known. */
  data: T | undefined;
  /** The last failure in words, cleared by the next success. */
  error: string | null;
  /** The last failure was the network or a gateway, not a refusal. */
  unreachable: boolean;
  /** When `data` was answered. */
  at: Date | null;
  reload: () => Promise<void>;
}

/**
 * Loads `load` while `enabled`, again every `intervalMs` (if given) while the page is visible, and
 * at once when it becomes visible again: a hidden tab asks the server nothing.
 */
export function useServerData<T>(
  load: () => Promise<T>,
  { enabled, intervalMs }: { enabled: boolean; intervalMs?: number },
): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({
    data: undefined,
    error: null,
    unreachable: false,
    at: null,
  });
  const latest = useRef(load);
  useLayoutEffect(() => {
    latest.current = load;
  });
  const live = useRef(true);

  const reload = useCallback(async () => {
    try {
      const data = await latest.current();
      if (live.current) setState({ data, error: null, unreachable: false, at: new Date() });
    } catch (error) {
      if (live.current) {
        setState((before) => ({
          ...before,
          error: describeDeliveryError(error),
          unreachable: isUnreachable(error),
        }));
      }
    }
  }, []);

  useEffect(() => {
    live.current = true;
    if (!enabled) return;
    void reload();
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (intervalMs && !timer) timer = setInterval(() => void reload(), intervalMs);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') return stop();
      void reload();
      start();
    };
    if (document.visibilityState !== 'hidden') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled, intervalMs, reload]);

  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  return { ...state, reload };
}

/** What the signed-in user may ask the server (null: signed out, so nothing). */
export interface ServerAccess {
  signedIn: boolean;
  admin: boolean;
  workspace: string | null;
}

export function useServerAccess(session?: SessionStore): ServerAccess {
  const { state } = useSession(session);
  if (!isSignedIn(state)) return { signedIn: false, admin: false, workspace: null };
  return { signedIn: true, admin: state.user.role === 'admin', workspace: state.workspace.name };
}

export const STATS_INTERVAL_MS = 15_000;

export function useDeliveryStats(
  enabled: boolean,
  api: DeliveryApi = defaultDeliveryApi(),
  intervalMs = STATS_INTERVAL_MS,
): Loaded<DeliveryStats> {
  return useServerData(() => api.stats(), { enabled, intervalMs });
}

export function useConnectors(
  enabled: boolean,
  api: DeliveryApi = defaultDeliveryApi(),
): Loaded<ConnectorSummary[]> {
  return useServerData(() => api.connectors(), { enabled });
}

/** The workspace's delivery settings; `enabled` for admins only (the server refuses others). */
export function useDeliverySettings(
  enabled: boolean,
  api: DeliveryApi = defaultDeliveryApi(),
): Loaded<DeliverySettings> {
  return useServerData(() => api.settings(), { enabled });
}
