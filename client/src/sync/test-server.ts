import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import {
  PROTOCOL_HEADER,
  STREAM_PATH,
  SYNC_BASE,
  SYNC_PROTOCOL_VERSION,
  type PushRequest,
  type PushResponse,
  type StreamEvent,
  type WireDocument,
} from '../../../shared/sync/protocol.ts';
import { API_BASE } from '../../../shared/version.ts';

/**
 * Test-only: the replication protocol of shared/sync/protocol.ts in memory, on a real socket,
 * for the client's own tests (the real server has its own suite). It can go down, answer 401
 * or 426, and refuse documents, so the client's handling of each is tested on the wire.
 */
export interface ProtocolServer {
  url: string;
  /** Stored documents by collection and id (what "the server has"). */
  documents(collection: string): Map<string, WireDocument>;
  /** Every push request body received, for the tests' assertions. */
  pushes: { collection: string; rows: number }[];
  answer: 'ok' | 401 | 426;
  /** Ids the server refuses with this reason. */
  refuse: Map<string, string>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

interface Row {
  seq: number;
  collection: string;
  doc: WireDocument;
}

export async function startProtocolServer(): Promise<ProtocolServer> {
  const rows = new Map<string, Row>();
  let seq = 0;
  const streams = new Set<ServerResponse>();
  const state: ProtocolServer = {
    url: '',
    pushes: [],
    answer: 'ok',
    refuse: new Map(),
    documents(collection) {
      const out = new Map<string, WireDocument>();
      for (const row of rows.values())
        if (row.collection === collection) out.set(row.doc.id, row.doc);
      return out;
    },
    down: async () => undefined,
    up: async () => undefined,
    close: async () => undefined,
  };

  const announce = (event: StreamEvent) => {
    for (const stream of streams) stream.write(`data: ${JSON.stringify(event)}\n\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `${API_BASE}/health`) return send(res, 200, { status: 'ok' });
    if (state.answer === 401)
      return send(res, 401, { error: { code: 'unauthorized', message: 'not signed in' } });
    if (
      state.answer === 426 ||
      req.headers[PROTOCOL_HEADER.toLowerCase()] !== String(SYNC_PROTOCOL_VERSION)
    ) {
      return send(res, 426, {
        error: { code: 'upgrade_required', message: 'please reload to update' },
      });
    }
    if (url.pathname === STREAM_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      streams.add(res);
      res.on('close', () => streams.delete(res));
      res.write(`data: "RESYNC"\n\n`);
      return;
    }
    const match = new RegExp(`^${SYNC_BASE}/(\\w+)/(pull|push)$`).exec(url.pathname);
    if (!match) return send(res, 404, { error: { code: 'not_found', message: 'no route' } });
    const [, collection = '', action] = match;
    if (action === 'pull') {
      const after = Number(url.searchParams.get('after'));
      const limit = Number(url.searchParams.get('limit'));
      const page = [...rows.values()]
        .filter((row) => row.collection === collection && row.seq > after)
        .toSorted((a, b) => a.seq - b.seq)
        .slice(0, limit);
      return send(res, 200, {
        documents: page.map((row) => row.doc),
        checkpoint: { seq: page.at(-1)?.seq ?? after },
      });
    }
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = JSON.parse(text) as PushRequest;
    state.pushes.push({ collection, rows: body.rows.length });
    const response: PushResponse = { conflicts: [], rejected: [] };
    const accepted: WireDocument[] = [];
    for (const { assumedMasterState, newDocumentState } of body.rows) {
      const doc = newDocumentState as WireDocument;
      const reason = state.refuse.get(doc.id);
      if (reason) {
        response.rejected.push({ id: doc.id, reason });
        continue;
      }
      const key = `${collection}/${doc.id}`;
      const stored = rows.get(key)?.doc ?? null;
      if (!isDeepStrictEqual(stored, assumedMasterState ?? null)) {
        if (stored) response.conflicts.push(stored);
        continue;
      }
      rows.set(key, { seq: ++seq, collection, doc });
      accepted.push(doc);
    }
    if (accepted.length > 0) {
      announce({ collection: collection as never, documents: accepted, checkpoint: { seq } });
    }
    send(res, 200, response);
  };

  let server: Server = createServer((req, res) => void handle(req, res));
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  state.url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const stream of streams) stream.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  state.down = stop;
  state.up = async () => {
    server = createServer((req, res) => void handle(req, res));
    await listen(port);
  };
  state.close = stop;
  return state;
}
