import { z } from 'zod';
import { id, isoTime, text } from './fields.ts';

/**
 * Documents only the server writes (architecture.md, "Ownership splits conflicts away"), keyed by
 * the contact id they describe, so they never conflict with the user's edits.
 */

export const CONNECTORS = ['hubspot', 'lemlist', 'explorium'] as const;
export type Connector = (typeof CONNECTORS)[number];

export const deliveryStateSchema = z.strictObject({
  /** paused: the connector waits for a quota reset or a fixed credential (reason says which). */
  state: z.enum(['pending', 'delivered', 'failed', 'paused']),
  /** The provider's id for the record once delivered (HubSpot contact id, Lemlist lead id). */
  remoteId: text(100).nullable(),
  /** Why it failed, in words the UI can show. */
  reason: text(1_000).nullable(),
  /** Delivery rounds for the current state (retries included); absent in version 0 documents. */
  attempts: z.number().int().nonnegative().optional(),
  updatedAt: isoTime,
});
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const deliveryStatusSchema = z.strictObject({
  id, // the contact id
  hubspot: deliveryStateSchema.nullable(),
  lemlist: deliveryStateSchema.nullable(),
  explorium: deliveryStateSchema.nullable(),
  updatedAt: isoTime,
});
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const enrichmentSchema = z.strictObject({
  id, // the contact id
  provider: z.enum(['explorium']),
  title: text(300).nullable(),
  seniority: text(100).nullable(),
  companySize: text(40).nullable(),
  industry: text(200).nullable(),
  revenue: text(100).nullable(),
  country: text(100).nullable(),
  phone: text(60).nullable(),
  matchedAt: isoTime,
});
export type Enrichment = z.infer<typeof enrichmentSchema>;
