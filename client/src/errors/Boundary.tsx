import { useContext, useState, type ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import type { AutoReloadDecision } from './auto-reload.ts';
import { ErrorHandlingContext } from './error-handling.ts';
import { ErrorFallback } from './ErrorFallback.tsx';

interface BoundaryProps {
  /** Names the boundary in error reports: "app", "sidebar", "page:<name>". */
  id: string;
  /** Subject of the fallback heading: "<what> failed". */
  what: string;
  variant: 'app' | 'sidebar' | 'page';
  /** A change of any of these resets the boundary (pages pass the path). */
  resetKeys?: unknown[];
  children: ReactNode;
}

interface Caught {
  componentStack: string | undefined;
  autoReload: AutoReloadDecision;
}

export function Boundary({ id, what, variant, resetKeys, children }: BoundaryProps) {
  const handleCaughtError = useContext(ErrorHandlingContext);
  // The component stack only arrives in onError, after the fallback's first render.
  const [caught, setCaught] = useState<Caught | null>(null);

  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      onError={(error, info) => {
        const componentStack = info.componentStack ?? undefined;
        setCaught({ componentStack, autoReload: handleCaughtError(id, error, componentStack) });
      }}
      onReset={() => setCaught(null)}
      fallback={
        <ErrorFallback
          what={what}
          variant={variant}
          componentStack={caught?.componentStack}
          autoReload={caught?.autoReload ?? 'none'}
        />
      }
    >
      {children}
    </ErrorBoundary>
  );
}
