import { createContext } from 'react';
import { createAutoReloader, type AutoReloadDecision } from './auto-reload.ts';
import { buildReport, createErrorReporter } from './report.ts';

/** What every boundary does with an error it caught: report it, and count it toward a reload. */
export type CaughtErrorHandler = (
  boundary: string,
  error: unknown,
  componentStack: string | undefined,
) => AutoReloadDecision;

function createBrowserHandler(): CaughtErrorHandler {
  const reporter = createErrorReporter({
    fetch: (input, init) => fetch(input, init),
    isOnline: () => navigator.onLine,
    onOnline: (listener) => window.addEventListener('online', listener),
  });
  const reloader = createAutoReloader({
    now: () => Date.now(),
    storage: () => sessionStorage,
    reload: () => location.reload(),
    schedule: (run, delayMs) => void setTimeout(run, delayMs),
  });
  return (boundary, error, componentStack) => {
    reporter.report(
      buildReport(boundary, error, componentStack, {
        location,
        build: __BUILD_ID__,
        userAgent: navigator.userAgent,
        now: new Date(),
      }),
    );
    return reloader.record();
  };
}

// Created on first use, so that importing this module (as tests do) has no side effects.
let browserHandler: CaughtErrorHandler | undefined;
const handleInBrowser: CaughtErrorHandler = (...args) => {
  browserHandler ??= createBrowserHandler();
  return browserHandler(...args);
};

/** Tests provide their own handler; the app uses the browser's fetch, sessionStorage, reload. */
export const ErrorHandlingContext = createContext<CaughtErrorHandler>(handleInBrowser);
