import type { Server } from 'node:http';

/** How often idle keep-alive sockets are closed while in-flight requests finish. */
const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections and resolves once every open one has ended. Requests in flight
 * run to completion; keep-alive sockets are closed as soon as they are idle (a browser would
 * otherwise hold them open for minutes); after `timeoutMs` whatever remains is cut off.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<{ forced: boolean }> {
  // Requests that still arrive on open keep-alive connections are answered, and told not to
  // reuse the connection.
  server.on('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  return new Promise((resolve) => {
    let forced = false;
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}
