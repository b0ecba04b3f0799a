import type { CollectionName } from '../../shared/documents/collections.ts';
import type { StreamEvent, WireDocument } from '../../shared/sync/protocol.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { rowsAfter, settledSeq } from './documents.ts';
import type { ChangeFeed, FeedEvent } from './feed.ts';

const PAGE = 1_000;
const RETRY_MS = 1_000;

type Send = (event: StreamEvent) => void;
type End = () => void;

interface Room {
  /** Each stream's sender, and how to end it. */
  subscribers: Map<Send, End>;
  /** Last seq sent to this workspace's streams; null until read (or after a lost feed). */
  cursor: number | null;
  /** The pump is running; `again` asks it for one more round. */
  running: boolean;
  again: boolean;
  /** Changes may have been missed: tell the streams to pull once the cursor is read again. */
  resync: boolean;
  /** Streams that have not had their first RESYNC: sent once the cursor is known. */
  fresh: Set<Send>;
}

export interface Hub {
  /**
   * Live events of one workspace, starting with `RESYNC` once the stream is sure to get every
   * later change; returns the unsubscribe function.
   */
  subscribe(workspaceId: string, send: Send, end: End): () => void;
  activeStreams(): number;
  close(): void;
}

/**
 * The fan-out of one server process: per workspace with open streams, one reader follows the
 * change feed and sends each new document once to every stream of that workspace. A notice only
 * says "something changed"; the reader pages through everything after its cursor, so notices
 * can be coalesced or arrive early without losing or duplicating a document.
 */
export function createHub({
  store,
  feed,
  log,
}: {
  store: Store;
  feed: ChangeFeed;
  log: Logger;
}): Hub {
  const rooms = new Map<string, Room>();
  let closed = false;

  function broadcast(room: Room, event: StreamEvent) {
    for (const send of room.subscribers.keys()) send(event);
  }

  async function round(workspaceId: string, room: Room) {
    const resync = room.resync;
    room.resync = false;
    for (;;) {
      const { cursor, rows } = await store.transaction(async (tx) => {
        const settled = await settledSeq(tx, store.kind, workspaceId, feed.afterCommit);
        if (room.cursor === null) return { cursor: settled, rows: [] };
        return { cursor: room.cursor, rows: await rowsAfter(tx, workspaceId, room.cursor, PAGE) };
      });
      room.cursor = rows.at(-1)?.seq ?? cursor;
      const byCollection = new Map<CollectionName, { documents: WireDocument[]; seq: number }>();
      for (const row of rows) {
        const group = byCollection.get(row.collection) ?? { documents: [], seq: 0 };
        group.documents.push(JSON.parse(row.data) as WireDocument);
        group.seq = row.seq;
        byCollection.set(row.collection, group);
      }
      for (const [collection, { documents, seq }] of byCollection) {
        broadcast(room, { collection, documents, checkpoint: { seq } });
      }
      if (rows.length < PAGE) break;
    }
    // Only now: a change committed before the cursor was read is in the pull this triggers;
    // any later one goes out on the stream.
    for (const send of resync ? room.subscribers.keys() : room.fresh) send('RESYNC');
    room.fresh.clear();
  }

  function pump(workspaceId: string) {
    const room = rooms.get(workspaceId);
    if (!room || closed) return;
    if (room.running) {
      room.again = true;
      return;
    }
    room.running = true;
    room.again = false;
    round(workspaceId, room)
      .catch((err: unknown) => {
        // Reads failed (database unreachable): start over from a fresh cursor with a RESYNC.
        log.error({ err, workspaceId }, 'reading changes for live streams failed');
        room.cursor = null;
        room.resync = true;
        setTimeout(() => pump(workspaceId), RETRY_MS).unref();
      })
      .finally(() => {
        room.running = false;
        if (room.again) pump(workspaceId);
      });
  }

  function endAll() {
    closed = true;
    for (const room of rooms.values()) for (const end of room.subscribers.values()) end();
    rooms.clear();
  }

  const unsubscribeFeed = feed.subscribe((event: FeedEvent) => {
    if (event === 'closed') return endAll();
    if (event === 'lost') {
      for (const [workspaceId, room] of rooms) {
        room.cursor = null;
        room.resync = true;
        pump(workspaceId);
      }
      return;
    }
    const room = rooms.get(event.workspaceId);
    if (room && (room.cursor === null || event.seq > room.cursor)) pump(event.workspaceId);
  });

  return {
    subscribe(workspaceId, send, end) {
      if (closed) {
        end();
        return () => undefined;
      }
      let room = rooms.get(workspaceId);
      if (!room) {
        room = {
          subscribers: new Map(),
          cursor: null,
          running: false,
          again: false,
          resync: false,
          fresh: new Set(),
        };
        rooms.set(workspaceId, room);
      }
      room.subscribers.set(send, end);
      room.fresh.add(send);
      pump(workspaceId); // its RESYNC follows the round

      return () => {
        const current = rooms.get(workspaceId);
        if (!current) return;
        current.subscribers.delete(send);
        current.fresh.delete(send);
        if (current.subscribers.size === 0) rooms.delete(workspaceId);
      };
    },
    activeStreams() {
      let n = 0;
      for (const room of rooms.values()) n += room.subscribers.size;
      return n;
    },
    close() {
      unsubscribeFeed();
      endAll();
    },
  };
}
