import { deepEqual } from 'rxdb/plugins/utils';
import type { CollectionName } from '../../../shared/documents/collections.ts';

/** Enough for the largest push in flight; older entries are forgotten first. */
const MAX_REMEMBERED = 20_000;

/**
 * The documents this device has pushed, until the server's live stream sends them back. The
 * stream carries every change of the workspace, this device's own included; RxDB would read
 * each of those from IndexedDB (the document and its replication state) only to find it already
 * has it, while the same tables are being written by the push. A stream document that equals
 * what this device sent for that id is exactly the server's state, so skipping it is safe:
 * anything else (another device's later write, a merge) differs and goes through.
 */
export class SentDocuments {
  private readonly sent = new Map<string, unknown>();

  remember(collection: CollectionName, documents: readonly Record<string, unknown>[]): void {
    for (const document of documents) {
      const key = `${collection}\u0000${String(document.id)}`;
      this.sent.delete(key); // re-inserted last: eviction goes oldest first
      this.sent.set(key, document);
    }
    for (const key of this.sent.keys()) {
      if (this.sent.size <= MAX_REMEMBERED) break;
      this.sent.delete(key);
    }
  }

  /** True (once) when `document` is what this device last sent for its id. */
  isEcho(collection: CollectionName, document: Record<string, unknown>): boolean {
    const key = `${collection}\u0000${String(document.id)}`;
    const sent = this.sent.get(key);
    if (sent === undefined || !deepEqual(sent, document)) return false;
    this.sent.delete(key);
    return true;
  }
}
