import { z } from 'zod';
import { CONNECTORS, type Connector } from '../documents/server-written.ts';

/**
 * The delivery API (sync-server/delivery/routes.ts), under API_BASE:
 *
 *   GET    /connectors                          -> ConnectorSummary[]          (any member)
 *   PUT    /connectors/:connector/credential    body CredentialInput -> ConnectorSummary (admin)
 *   DELETE /connectors/:connector/credential    -> 204                          (admin)
 *   POST   /connectors/:connector/test          body TestInput -> TestResult    (admin)
 *   GET    /connectors/lemlist/campaigns        -> LemlistCampaign[]            (any member)
 *   GET    /delivery/stats                      -> DeliveryStats                (any member)
 *   POST   /delivery/:connector/retry           body RetryInput -> { requeued } (any member)
 *   POST   /delivery/explorium/enrich           body EnrichInput -> { queued }  (any member)
 *   GET    /delivery/settings                   -> DeliverySettings             (admin)
 *   PUT    /delivery/settings                   body DeliverySettings -> DeliverySettings (admin)
 */
export const connectorSchema = z.enum(CONNECTORS);

export const credentialInputSchema = z.strictObject({
  /** The provider key; stored sealed, never returned (only its last 4 characters). */
  value: z
    .string()
    .trim()
    .min(8, 'an API key is at least 8 characters')
    .max(500)
    .regex(/^[\x21-\x7e]+$/, 'an API key is printable ASCII without spaces'),
});
export type CredentialInput = z.infer<typeof credentialInputSchema>;

/** Test the saved credential (no body / `{}`), or a candidate before saving it. */
export const testInputSchema = z.strictObject({
  value: credentialInputSchema.shape.value.optional(),
});
export type TestInput = z.infer<typeof testInputSchema>;

const contactId = z.string().min(1).max(200);

export const retryInputSchema = z.strictObject({
  /** One contact; absent: every failed entry of the connector ("retry all failed"). */
  contactId: contactId.optional(),
});
export type RetryInput = z.infer<typeof retryInputSchema>;

/** Enrich this contact again, even if Explorium enriched it before (each call costs credits). */
export const enrichInputSchema = z.strictObject({ contactId });
export type EnrichInput = z.infer<typeof enrichInputSchema>;

/** A workspace's delivery settings; a new workspace has `DEFAULT_DELIVERY_SETTINGS`. */
export const deliverySettingsSchema = z.strictObject({
  /** Archive a contact in HubSpot when it is deleted (or merged away) in Outpost. */
  deleteInCrm: z.boolean(),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = { deleteInCrm: false };

export interface ConnectorSummary {
  connector: Connector;
  configured: boolean;
  /** '' when not configured or the key is shorter than 8 characters. */
  last4: string;
  updatedAt: string | null;
}

export interface TestResult {
  ok: boolean;
  /** In words, e.g. "401: The authentication you supplied is incorrect". */
  message: string;
}

export interface LemlistCampaign {
  id: string;
  name: string;
  status: string | null;
  labels: string[];
}

export interface ConnectorStats {
  connector: Connector;
  configured: boolean;
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
  queue: { pending: number; failed: number };
  /** Last 60 minutes, oldest first, one point per minute (zeros included). */
  perMinute: { minute: string; delivered: number; failed: number }[];
  failuresByReason: { reason: string; count: number }[];
  /** Null when not paused; `pausedIndefinitely` when waiting for a new credential. */
  pausedUntil: string | null;
  pausedIndefinitely: boolean;
  pausedReason: string | null;
}

export interface DeliveryStats {
  connectors: ConnectorStats[];
}
