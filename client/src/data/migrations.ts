import type { MigrationStrategies } from 'rxdb/plugins/core';
import type { CollectionName } from '../../../shared/documents/collections.ts';

/**
 * How documents written by an older schema version become the current shape, per collection:
 * strategy N turns a version N-1 document into version N. Bump the version in
 * shared/documents/collections.ts and add the step here (the migration tests in
 * migrations.test.ts show the pattern on real IndexedDB data).
 */
export const migrationStrategies: Record<CollectionName, MigrationStrategies> = {
  // v1: the same documents; only the storage's indexes changed.
  contacts: { 1: (doc: Record<string, unknown>) => doc },
  campaigns: {},
  enrollments: {},
  icp_profiles: {},
  // v1: per-connector `attempts` (the server rewrites these documents on its next delivery).
  delivery_status: {
    1: (doc: Record<string, unknown>) => {
      for (const connector of ['hubspot', 'lemlist', 'explorium']) {
        const state = doc[connector] as Record<string, unknown> | null | undefined;
        if (state) doc[connector] = { attempts: 0, ...state };
      }
      return doc;
    },
  },
  // v1: the enriched phone number.
  enrichments: { 1: (doc: Record<string, unknown>) => ({ phone: null, ...doc }) },
};
