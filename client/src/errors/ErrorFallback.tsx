import { useErrorBoundary } from 'react-error-boundary';
import type { AutoReloadDecision } from './auto-reload.ts';

interface ErrorFallbackProps {
  what: string;
  variant: 'app' | 'sidebar' | 'page';
  componentStack: string | undefined;
  autoReload: AutoReloadDecision;
}

const AUTO_RELOAD_NOTE: Record<AutoReloadDecision, string | null> = {
  none: null,
  reload: 'Outpost has hit several errors in a row, so it is reloading itself.',
  suppressed:
    'Outpost has hit several errors in a row. It already reloaded itself less than a minute ago, ' +
    'so it will not reload again on its own: try again, or reload when you are ready.',
};

export function ErrorFallback(props: ErrorFallbackProps) {
  const { what, variant, componentStack, autoReload } = props;
  // Rendered by <ErrorBoundary fallback>, which provides the error and the reset.
  const { error, resetBoundary } = useErrorBoundary();
  const Heading = variant === 'sidebar' ? 'h2' : 'h1';
  const note = AUTO_RELOAD_NOTE[autoReload];

  return (
    <section role="alert" className={`fallback fallback--${variant}`}>
      <Heading className="fallback__title">{what} failed</Heading>
      <p>
        Something went wrong while showing this part of Outpost. Your data on this device is not
        affected.
      </p>
      {note && (
        <p className="fallback__note" data-auto-reload={autoReload}>
          {note}
        </p>
      )}
      <div className="fallback__actions">
        <button type="button" className="button button--primary" onClick={resetBoundary}>
          Try again
        </button>
        <button type="button" className="button" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
      {import.meta.env.DEV && <ErrorDetails error={error} componentStack={componentStack} />}
    </section>
  );
}

/** Development only: users get no stack traces, the server gets them in the report. */
function ErrorDetails({ error, componentStack }: { error: unknown; componentStack?: string }) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return (
    <details className="fallback__details">
      <summary>Error details</summary>
      <pre>{message}</pre>
      {stack && <pre>{stack}</pre>}
      {componentStack && <pre>{componentStack.trim()}</pre>}
    </details>
  );
}
