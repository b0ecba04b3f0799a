import type { CollectionName } from '../../shared/documents/collections.ts';
import type { WireDocument } from '../../shared/sync/protocol.ts';
import type { Sql } from '../store/store.ts';

/**
 * Where replication meets delivery (architecture.md, "Delivery to the CRMs"): after a push's
 * accepted rows are written, and inside the same transaction, the push handler calls
 * `onAccepted` so the outbox entry commits or rolls back with the change that caused it.
 */
export interface AcceptedChange {
  workspaceId: string;
  collection: CollectionName;
  /** `previous` is null for a document the server did not have. */
  documents: { previous: WireDocument | null; current: WireDocument }[];
}

export type OnAccepted = (tx: Sql, change: AcceptedChange) => Promise<void>;

/**
 * How the server writes its own documents (delivery status, enrichment) so they replicate to
 * every device: validated with the shared schema, given the next sequence numbers, and
 * announced to live streams once the transaction commits. Implemented by replication.
 */
export type WriteServerDocuments = (
  tx: Sql,
  workspaceId: string,
  collection: 'delivery_status' | 'enrichments',
  documents: WireDocument[],
) => Promise<void>;
