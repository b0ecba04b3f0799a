import { useEffect, useState, useSyncExternalStore } from 'react';
import { agoText, describeStatus, pendingText, type IndicatorState } from '../sync/describe.ts';
import { syncStatus, type StatusStore } from '../sync/status.ts';
// oxlint-disable-next-line import/no-unassigned-import -- the indicator's styles travel with it
import './SyncIndicator.css';

const WARNING_STATES = new Set<IndicatorState>(['offline', 'update', 'signed-out', 'error']);

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The header's sync status: reachable or not, changes waiting, last sync, and what went wrong
 * in words ("please reload to update", "signed out, your changes are kept"), plus the changes
 * the server refused and why. Fed by sync/status.ts, which only believes "offline" until the
 * server answers again.
 */
export function SyncIndicator({ store = syncStatus }: { store?: StatusStore }) {
  const status = useSyncExternalStore(store.subscribe, store.get);
  const now = useNow(30_000);
  const { state, label, detail } = describeStatus(status, now);
  const warning = WARNING_STATES.has(state);
  const meta =
    state === 'synced'
      ? agoText(status.lastSyncedAt, now)
      : state === 'waiting'
        ? null
        : pendingText(status);

  return (
    <div className="sync-indicator">
      <span
        className="connectivity"
        data-testid="connectivity"
        data-state={warning ? 'offline' : 'online'}
        data-sync-state={state}
        data-pending={status.pending ?? ''}
        title={detail}
        aria-live="polite"
      >
        <span className="connectivity__dot" aria-hidden="true" />
        <span>{label}</span>
        {meta && <span className="connectivity__meta">· {meta}</span>}
        <span className="visually-hidden"> {detail}</span>
      </span>
      {state === 'update' && (
        <button type="button" className="button button--small" onClick={() => location.reload()}>
          Reload
        </button>
      )}
      {status.rejected.length > 0 && (
        <details className="sync-indicator__rejected" data-testid="sync-rejected">
          <summary>
            {status.rejected.length === 1
              ? '1 change refused by the server'
              : `${status.rejected.length} changes refused by the server`}
          </summary>
          <ul>
            {status.rejected.map((row, index) => (
              <li key={`${row.collection}:${row.id ?? ''}:${index}`}>
                {row.collection} {row.id ?? '(no id)'}: {row.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--small"
            onClick={() => store.dispatch({ type: 'dismiss_rejections' })}
          >
            Dismiss
          </button>
        </details>
      )}
    </div>
  );
}
