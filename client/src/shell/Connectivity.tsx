import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/**
 * The header's status slot. navigator.onLine only knows about the network interface, not the
 * server; the sync indicator that replaces this will know whether changes actually got through.
 */
export function Connectivity() {
  const online = useOnline();
  return (
    <span
      className="connectivity"
      data-testid="connectivity"
      data-state={online ? 'online' : 'offline'}
      aria-live="polite"
    >
      <span className="connectivity__dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </span>
  );
}
