import { z } from 'zod';
import { campaignSchema, enrollmentSchema } from './campaign.ts';
import { contactSchema } from './contact.ts';
import { icpProfileSchema } from './icp.ts';
import { deliveryStatusSchema, enrichmentSchema } from './server-written.ts';

/**
 * Every replicated collection: its document schema (zod, the one source of truth), its schema
 * version and who writes it. The client derives its RxDB schemas from these; the server
 * validates pushed documents with the same zod schemas and refuses clients on older versions.
 */
export const collectionDefinitions = {
  // v1: no `updatedAt` index (nothing queried it; each index is one more IndexedDB entry per
  // contact written, and writes are what an import and a first sync wait on).
  contacts: { schema: contactSchema, version: 1, writer: 'user', indexes: [] },
  campaigns: { schema: campaignSchema, version: 0, writer: 'user', indexes: [] },
  enrollments: {
    schema: enrollmentSchema,
    version: 0,
    writer: 'user',
    indexes: ['campaignId', 'contactId'],
  },
  icp_profiles: { schema: icpProfileSchema, version: 0, writer: 'user', indexes: [] },
  delivery_status: { schema: deliveryStatusSchema, version: 1, writer: 'server', indexes: [] },
  enrichments: { schema: enrichmentSchema, version: 1, writer: 'server', indexes: [] },
} as const satisfies Record<string, CollectionDefinition>;

export interface CollectionDefinition {
  schema: z.ZodObject;
  version: number;
  writer: 'user' | 'server';
  indexes: readonly string[];
}

export type CollectionName = keyof typeof collectionDefinitions;
export const COLLECTION_NAMES = Object.keys(collectionDefinitions) as CollectionName[];

/** The JSON schema RxDB wants, derived from the zod schema (primary key `id`). */
export function toRxJsonSchema(definition: CollectionDefinition) {
  const { $schema: _, ...json } = z.toJSONSchema(definition.schema, {
    target: 'draft-7',
    io: 'input',
  }) as Record<string, unknown>;
  return {
    ...json,
    version: definition.version,
    primaryKey: 'id',
    type: 'object' as const,
    indexes: [...definition.indexes],
  };
}
