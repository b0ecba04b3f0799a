import type { MigrationStrategies } from 'rxdb/plugins/core';
import type { CollectionName } from '../../../shared/documents/collections.ts';

/**
 * How documents written by an older schema version become the current shape, per collection:
 * strategy N turns a version N-1 document into version N. Every collection is at version 0
 * today; bump the version in shared/documents/collections.ts and add the step here (the
 * migration test in migrations.test.ts shows the pattern on real IndexedDB data).
 */
export const migrationStrategies: Record<CollectionName, MigrationStrategies> = {
  contacts: {},
  campaigns: {},
  enrollments: {},
  icp_profiles: {},
  delivery_status: {},
  enrichments: {},
};
