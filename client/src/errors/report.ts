import type { ClientErrorReportInput } from '../../../shared/api/client-errors.ts';
import { API_BASE } from '../../../shared/version.ts';

export const CLIENT_ERRORS_URL = `${API_BASE}/client-errors`;
/** Reports waiting for the network; older ones are dropped first, the newest say most. */
export const QUEUE_CAP = 20;

// Limits of clientErrorReportSchema: clipping here keeps a huge stack from getting the whole
// report rejected.
const LIMITS = { boundary: 100, name: 200, message: 2_000, stack: 16_000, url: 2_000, build: 100 };
const USER_AGENT_LIMIT = 500;

export interface ReportContext {
  location: Pick<Location, 'pathname' | 'search'>;
  build: string;
  userAgent?: string;
  now: Date;
}

export function buildReport(
  boundary: string,
  error: unknown,
  componentStack: string | undefined,
  context: ReportContext,
): ClientErrorReportInput {
  const isError = error instanceof Error;
  const report: ClientErrorReportInput = {
    boundary: clip(boundary, LIMITS.boundary) || 'unknown',
    name: clip(isError ? error.name || 'Error' : 'NonError', LIMITS.name),
    message: clip(isError ? error.message : describe(error), LIMITS.message),
    url: clip(context.location.pathname + context.location.search, LIMITS.url),
    build: clip(context.build, LIMITS.build),
    occurredAt: context.now.toISOString(),
  };
  if (isError && error.stack) report.stack = clip(error.stack, LIMITS.stack);
  if (componentStack) report.componentStack = clip(componentStack, LIMITS.stack);
  if (context.userAgent) report.userAgent = clip(context.userAgent, USER_AGENT_LIMIT);
  return report;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

export interface ErrorReporterDeps {
  fetch: typeof fetch;
  isOnline: () => boolean;
  onOnline: (listener: () => void) => void;
}

export interface ErrorReporter {
  report(report: ClientErrorReportInput): void;
  /** How many reports wait for the network. */
  pending(): number;
}

type Outcome = 'sent' | 'dropped' | 'retry';

export function createErrorReporter(deps: ErrorReporterDeps): ErrorReporter {
  const queue: ClientErrorReportInput[] = [];
  let flushing = false;

  function enqueue(report: ClientErrorReportInput): void {
    queue.push(report);
    if (queue.length > QUEUE_CAP) queue.splice(0, queue.length - QUEUE_CAP);
  }

  async function send(report: ClientErrorReportInput): Promise<Outcome> {
    try {
      // keepalive: the report must still leave if the page reloads or closes right after.
      const response = await deps.fetch(CLIENT_ERRORS_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
        keepalive: true,
      });
      if (response.ok) return 'sent';
      // Any other 4xx means the server will never take this report: keeping it would only
      // block the queue.
      const transient = response.status >= 500 || [408, 429].includes(response.status);
      return transient ? 'retry' : 'dropped';
    } catch {
      return 'retry';
    }
  }

  // One at a time: keepalive requests share a 64 KiB budget, a burst of big stacks exceeds it.
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0 && deps.isOnline()) {
        const next = queue[0];
        if (next === undefined) break;
        const outcome = await send(next);
        if (outcome === 'retry') break;
        queue.shift();
      }
    } finally {
      flushing = false;
    }
  }

  deps.onOnline(() => void flush());

  return {
    report(report) {
      if (!deps.isOnline() || flushing || queue.length > 0) {
        enqueue(report);
        void flush();
        return;
      }
      void send(report).then((outcome) => {
        if (outcome === 'retry') enqueue(report);
      });
    },
    pending: () => queue.length,
  };
}
