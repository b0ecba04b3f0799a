import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import { Subject, type Observable } from 'rxjs';
import { COLLECTION_NAMES, type CollectionName } from '../../../shared/documents/collections.ts';
import { STREAM_PATH, type Checkpoint, type StreamEvent } from '../../../shared/sync/protocol.ts';
import type { SentDocuments } from './sent.ts';
import { SyncError, syncRequest, type TransportObserver } from './transport.ts';

type StreamItem = RxReplicationPullStreamItem<unknown, Checkpoint>;

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * The one Server-Sent Events connection of the device (browsers allow six connections per
 * origin), read with fetch so the session cookie and protocol header go along, and split per
 * collection for RxDB's `pull.stream$`. `RESYNC` (the server's first event on every connection)
 * goes to every collection: changes made while the stream was down are pulled by checkpoint.
 */
export class SyncStream {
  private readonly subjects = new Map<CollectionName, Subject<StreamItem>>(
    COLLECTION_NAMES.map((name) => [name, new Subject<StreamItem>()]),
  );
  private running = false;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  /** Stopped by a 401 or 426: reconnecting cannot help until resume(). */
  private halted = false;
  private readonly observer?: TransportObserver;
  private readonly sent?: SentDocuments;

  constructor(observer?: TransportObserver, sent?: SentDocuments) {
    this.observer = observer;
    this.sent = sent;
  }

  for(collection: CollectionName): Observable<StreamItem> {
    return this.subjects.get(collection)!.asObservable();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.abort?.abort();
    this.wake?.();
  }

  /** Reconnect now instead of after the backoff (back online, signed in again). */
  resume(): void {
    this.halted = false;
    this.wake?.();
  }

  private emitAll(item: StreamItem): void {
    for (const subject of this.subjects.values()) subject.next(item);
  }

  private dispatch(data: string): void {
    let event: StreamEvent;
    try {
      event = JSON.parse(data) as StreamEvent;
    } catch {
      return; // Not ours (a proxy's comment or a newer event kind): the next pull catches up.
    }
    if (event === 'RESYNC') return this.emitAll('RESYNC');
    const { collection, checkpoint } = event;
    // This device's own pushes coming back are skipped (sent.ts); the last document always
    // goes, so that RxDB stores the checkpoint (it stores none for an empty event).
    const last = event.documents.length - 1;
    const documents = event.documents.filter(
      (document, i) => !this.sent?.isEcho(collection, document) || i === last,
    );
    this.subjects.get(collection)?.next({
      documents: documents as unknown as Exclude<StreamItem, 'RESYNC'>['documents'],
      checkpoint,
    });
  }

  private async connectOnce(): Promise<void> {
    this.abort = new AbortController();
    const response = await syncRequest({
      observer: this.observer,
      method: 'GET',
      path: STREAM_PATH,
      signal: this.abort.signal,
      timeout: false,
    });
    // No RESYNC of our own: the server's first event on every connection is one.
    if (!response.body) throw new SyncError('server', 'The sync stream has no body.');
    const events = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream());
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.dispatch(value.data);
    }
  }

  private async loop(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    while (this.running) {
      if (!this.halted) {
        const opened = Date.now();
        try {
          await this.connectOnce();
        } catch (error) {
          if (
            error instanceof SyncError &&
            error.kind !== 'unreachable' &&
            error.kind !== 'server'
          ) {
            this.halted = true;
          }
        }
        // A stream that stayed up a while was healthy: start the backoff over.
        if (Date.now() - opened > MAX_RETRY_MS) delay = FIRST_RETRY_MS;
      }
      if (!this.running) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          this.halted ? 2 ** 31 - 1 : delay * (0.5 + Math.random()),
        );
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}
