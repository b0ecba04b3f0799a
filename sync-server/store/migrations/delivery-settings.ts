import type { Migration } from '../migrations.ts';

/**
 * Per-workspace delivery settings (sync-server/delivery/settings.ts), one row per workspace that
 * changed a default; a workspace without a row has the defaults (shared/api/delivery.ts).
 * - delete_in_crm: 1 archives a contact in HubSpot when it is deleted or merged away in Outpost.
 */
const common = (t: { text: string; int: string; strict: string }) => `
  CREATE TABLE delivery_settings (
    workspace_id ${t.text} PRIMARY KEY,
    delete_in_crm ${t.int} NOT NULL DEFAULT 0,
    updated_at ${t.int} NOT NULL,
    updated_by ${t.text} NOT NULL
  )${t.strict};
`;

export const deliverySettingsMigration: Migration = {
  version: 5,
  name: 'delivery_settings',
  sqlite: common({ text: 'TEXT', int: 'INTEGER', strict: ' STRICT' }),
  postgres: common({ text: 'text', int: 'bigint', strict: '' }),
};
