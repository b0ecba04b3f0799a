import {
  addRxPlugin,
  createRxDatabase,
  type MigrationStrategies,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb/plugins/core';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Campaign, Enrollment } from '../../../shared/documents/campaign.ts';
import {
  collectionDefinitions,
  COLLECTION_NAMES,
  toRxJsonSchema,
  type CollectionDefinition,
  type CollectionName,
} from '../../../shared/documents/collections.ts';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { IcpProfile } from '../../../shared/documents/icp.ts';
import type { DeliveryStatus, Enrichment } from '../../../shared/documents/server-written.ts';
import { fieldMergeConflictHandler } from '../sync/conflict.ts';
import { replicationStorage } from '../sync/storage.ts';
import { migrationStrategies } from './migrations.ts';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLeaderElectionPlugin);

export interface OutpostCollections {
  contacts: RxCollection<Contact>;
  campaigns: RxCollection<Campaign>;
  enrollments: RxCollection<Enrollment>;
  icp_profiles: RxCollection<IcpProfile>;
  delivery_status: RxCollection<DeliveryStatus>;
  enrichments: RxCollection<Enrichment>;
}
export type OutpostDatabase = RxDatabase<OutpostCollections>;

export const DEFAULT_DATABASE_NAME = 'outpost';

export interface OpenOptions {
  name?: string;
  /** Tests pass fake-indexeddb or memory storage; the app uses IndexedDB through Dexie. */
  storage?: RxStorage<unknown, unknown>;
  /** Per-collection strategies; the app's own (migrations.ts) unless a test brings its own. */
  migrations?: Partial<Record<CollectionName, MigrationStrategies>>;
  /** Schema versions and indexes of an older install, for migration tests only. */
  schemas?: Partial<
    Record<CollectionName, Partial<Pick<CollectionDefinition, 'version' | 'indexes'>>>
  >;
}

/**
 * Opens the device's database: one RxDB database on Dexie (IndexedDB), all replicated
 * collections, schemas derived from shared/documents. Tabs share it (multiInstance), so a
 * change in one tab reaches the others' queries.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<OutpostDatabase> {
  const db = await createRxDatabase<OutpostCollections>({
    name: options.name ?? DEFAULT_DATABASE_NAME,
    // Dexie tuned for replication's reads (sync/storage.ts).
    storage: replicationStorage(options.storage ?? getRxStorageDexie()),
    multiInstance: true,
    eventReduce: true,
    // A second open in the same page (hot reload, a test) replaces the first instead of failing.
    closeDuplicates: true,
  });
  const collections = Object.fromEntries(
    COLLECTION_NAMES.map((name) => {
      const definition = { ...collectionDefinitions[name], ...options.schemas?.[name] };
      return [
        name,
        {
          // The zod-derived JSON schema is what RxDB wants; its static type cannot say so.
          schema: toRxJsonSchema(definition) as unknown as RxJsonSchema<unknown>,
          migrationStrategies: options.migrations?.[name] ?? migrationStrategies[name],
          // Two devices' edits of one document merge field by field (sync/conflict.ts).
          conflictHandler: definition.writer === 'user' ? fieldMergeConflictHandler() : undefined,
          // Migrate while opening, so no page ever reads a document of an old shape.
          autoMigrate: true,
        },
      ];
    }),
  );
  await db.addCollections(collections);
  return db;
}
