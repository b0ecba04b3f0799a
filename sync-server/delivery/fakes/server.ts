import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OpenApiValidator } from './openapi.ts';

/**
 * The part every fake provider shares: an HTTP server on a free port, the provider's documented
 * rate limit, OpenAPI checks of every request and answer, a log of what arrived, and faults
 * injected on command.
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  at: number;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  /** Defaults to application/json for objects, text/plain for strings; none for a 204. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Faults {
  /** Answer 429 with Retry-After (seconds) to everything until this time. */
  rateLimitedUntil: number;
  retryAfterSeconds: number;
  /** Share of requests (0..1) answered with `errorStatus`; `applyBeforeError` processes them first. */
  errorRate: number;
  errorStatus: number;
  applyBeforeError: boolean;
  /** Requests to leave unanswered (the socket stays open until the client gives up). */
  hangs: number;
  /** Requests processed (the provider has them) but never answered: the worst moment to die. */
  hangsAfterApply: number;
  /** Requests whose connection is reset without an answer. */
  resets: number;
  /** Every request answered 503 until this time. */
  outageUntil: number;
  /** Requests left in the day; 0 -> the provider's quota answer. Infinity: no quota. */
  dailyRemaining: number;
}

export const noFaults = (): Faults => ({
  rateLimitedUntil: 0,
  retryAfterSeconds: 1,
  errorRate: 0,
  errorStatus: 500,
  applyBeforeError: false,
  hangs: 0,
  hangsAfterApply: 0,
  resets: 0,
  outageUntil: 0,
  dailyRemaining: Number.POSITIVE_INFINITY,
});

export interface ProviderBehaviour {
  name: string;
  openapi: string;
  /** The path prefix of the documented server URL (Lemlist: /api). */
  basePath?: string;
  /** Operations to compile before listening: [method, path as documented, statuses]. */
  warm: readonly { method: string; path: string; statuses: number[] }[];
  /** The documented limit: `max` requests in any `windowMs`. */
  limit: { max: number; windowMs: number };
  authorized(req: FakeRequest): boolean;
  unauthorized(): FakeAnswer;
  rateLimited(retryAfterSeconds: number, resetAt: number): FakeAnswer;
  quotaExhausted(): FakeAnswer;
  serverError(status: number): FakeAnswer;
  invalidRequest(problem: string): FakeAnswer;
  rateHeaders(remaining: number, resetAt: number): Record<string, string>;
  handle(req: FakeRequest): FakeAnswer;
}

export interface LoggedRequest {
  method: string;
  path: string;
  at: number;
  status: number | 'hang' | 'reset';
  body: unknown;
}

export async function startFake(
  behaviour: ProviderBehaviour,
  options: { random?: () => number } = {},
) {
  const random = options.random ?? Math.random;
  const validator = new OpenApiValidator(behaviour.openapi);
  validator.warm(behaviour.warm);
  const faults = noFaults();
  const requests: LoggedRequest[] = [];
  /** Requests or answers that do not match the OpenAPI document: tests expect none. */
  const violations: string[] = [];
  const windowLog: number[] = [];
  const sockets = new Set<Socket>();
  const base = behaviour.basePath ?? '';
  const specPath = (path: string) =>
    base && path.startsWith(base) ? path.slice(base.length) : path;

  function answer(req: FakeRequest, res: ServerResponse, a: FakeAnswer) {
    const json = typeof a.body !== 'string';
    const contentType =
      a.contentType ?? (json ? 'application/json;charset=utf-8' : 'text/plain; charset=utf-8');
    const problem = validator.checkResponse(
      req.method,
      specPath(req.path),
      a.status,
      contentType,
      a.body,
    );
    if (problem) violations.push(`answer ${a.status} to ${req.method} ${req.path}: ${problem}`);
    requests.push({
      method: req.method,
      path: req.path,
      at: req.at,
      status: a.status,
      body: req.body,
    });
    // 204 No Content (HubSpot's archive): no body, so no content type.
    if (a.status === 204) {
      res.writeHead(204, a.headers).end();
      return;
    }
    res.writeHead(a.status, { 'content-type': contentType, ...a.headers });
    res.end(json ? JSON.stringify(a.body) : String(a.body));
  }

  async function onRequest(raw: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const url = new URL(raw.url ?? '/', 'http://fake');
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    if ((raw.headers['content-type'] ?? '').includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const req: FakeRequest = {
      method: raw.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: raw.headers,
      body,
      at: Date.now(),
    };
    const now = req.at;

    if (faults.resets > 0) {
      faults.resets--;
      requests.push({ method: req.method, path: req.path, at: now, status: 'reset', body });
      raw.socket.destroy();
      return;
    }
    if (faults.hangs > 0) {
      faults.hangs--;
      requests.push({ method: req.method, path: req.path, at: now, status: 'hang', body });
      return; // never answered; the socket closes when the client aborts or the fake stops
    }
    if (now < faults.outageUntil) return answer(req, res, behaviour.serverError(503));
    if (!behaviour.authorized(req)) return answer(req, res, behaviour.unauthorized());

    // The documented rolling limit, counted on every authorized request.
    while (windowLog.length > 0 && windowLog[0]! <= now - behaviour.limit.windowMs)
      windowLog.shift();
    const resetAt = (windowLog[0] ?? now) + behaviour.limit.windowMs;
    if (now < faults.rateLimitedUntil) {
      const a = behaviour.rateLimited(faults.retryAfterSeconds, resetAt);
      return answer(req, res, {
        ...a,
        headers: { 'retry-after': String(faults.retryAfterSeconds), ...a.headers },
      });
    }
    if (windowLog.length >= behaviour.limit.max) {
      const wait = Math.max(1, Math.ceil((resetAt - now) / 1000));
      return answer(req, res, behaviour.rateLimited(wait, resetAt));
    }
    windowLog.push(now);
    const rate = behaviour.rateHeaders(behaviour.limit.max - windowLog.length, resetAt);
    if (faults.dailyRemaining <= 0) return answer(req, res, behaviour.quotaExhausted());
    faults.dailyRemaining--;

    const problem = validator.checkRequest(req.method, specPath(req.path), body);
    if (problem) {
      violations.push(`request ${req.method} ${req.path}: ${problem}`);
      return answer(req, res, behaviour.invalidRequest(problem));
    }
    const failing = faults.errorRate > 0 && random() < faults.errorRate;
    if (failing && !faults.applyBeforeError)
      return answer(req, res, behaviour.serverError(faults.errorStatus));
    const result = behaviour.handle(req);
    if (faults.hangsAfterApply > 0) {
      faults.hangsAfterApply--;
      requests.push({ method: req.method, path: req.path, at: now, status: 'hang', body });
      return;
    }
    if (failing) return answer(req, res, behaviour.serverError(faults.errorStatus));
    answer(req, res, { ...result, headers: { ...rate, ...result.headers } });
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      violations.push(`fake ${behaviour.name} crashed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    faults,
    requests,
    violations,
    /** Back to normal service. */
    heal() {
      Object.assign(faults, noFaults());
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}

export type FakeServer = Awaited<ReturnType<typeof startFake>>;
