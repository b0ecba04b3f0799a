import { useCallback, useEffect, useRef, useState } from 'react';

export interface Write {
  busy: boolean;
  /** The message of the last failed write, shown with role="alert"; null when it went well. */
  error: string | null;
  /** Runs a write; it resolves to a message when refused, null when done. Never throws. */
  run: (write: () => Promise<string | null>) => void;
  clear: () => void;
}

/**
 * A write started from a button or form. Refusals from the data layer (a message) and failures
 * of storage (a thrown StorageWriteError, e.g. the device is full) both end up as `error`.
 */
export function useWrite(): Write {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback((write: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    write().then(
      (message) => {
        if (!mounted.current) return;
        setBusy(false);
        setError(message);
      },
      (failure: unknown) => {
        if (!mounted.current) return;
        setBusy(false);
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  }, []);

  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
