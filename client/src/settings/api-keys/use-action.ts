import { useCallback, useRef, useState } from 'react';
import { describeVaultError } from '../../vault/errors.ts';

export interface Action {
  busy: boolean;
  /** The last failure, in words; cleared when the next run starts. */
  error: string | null;
  /** Runs `task` unless one is running; resolves true when it succeeded. */
  run: (task: () => Promise<void>) => Promise<boolean>;
  clearError: () => void;
}

/** One async vault operation behind a button: busy while it runs, its failure as a sentence. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (task: () => Promise<void>) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (caught) {
      setError(describeVaultError(caught));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
