import { z } from 'zod';
import { type CollectionName, collectionDefinitions } from '../../shared/documents/collections.ts';
import { MAX_DOCUMENT_BYTES, type WireDocument } from '../../shared/sync/protocol.ts';

export type Checked =
  { ok: true; document: WireDocument } | { ok: false; id: string | null; reason: string };

/**
 * A document as a client (or the server) wants it stored: the collection's shared zod schema
 * plus a boolean `_deleted`, and at most MAX_DOCUMENT_BYTES of JSON. The reason is written for
 * the person who made the edit (the client shows it).
 */
export function checkDocument(collection: CollectionName, input: Record<string, unknown>): Checked {
  const id = typeof input.id === 'string' ? input.id : null;
  const bytes = Buffer.byteLength(JSON.stringify(input));
  if (bytes > MAX_DOCUMENT_BYTES) {
    return {
      ok: false,
      id,
      reason: `the document is ${bytes} bytes, more than the ${MAX_DOCUMENT_BYTES} allowed`,
    };
  }
  // The id is also a column: PostgreSQL text cannot hold NUL, and an unpaired surrogate would
  // not survive UTF-8. (Inside the document, JSON escapes both.)
  if (id !== null && !id.isWellFormed()) {
    return { ok: false, id: null, reason: 'the id is not well-formed Unicode' };
  }
  if (id?.includes('\u0000'))
    return { ok: false, id: null, reason: 'the id contains a NUL character' };
  const { _deleted: deleted, ...fields } = input;
  if (typeof deleted !== 'boolean') {
    return { ok: false, id, reason: '_deleted must be true or false' };
  }
  const parsed = collectionDefinitions[collection].schema.safeParse(fields);
  if (!parsed.success) return { ok: false, id, reason: z.prettifyError(parsed.error) };
  // The input, not zod's output, is stored: clients compare it with what they sent.
  return { ok: true, document: { ...fields, id: fields.id as string, _deleted: deleted } };
}
