import type { Migration } from '../migrations.ts';

/**
 * The outbox, connector credentials, breaker state and delivery results (sync-server/delivery).
 * Times are epoch milliseconds (bigint on PostgreSQL, read back as numbers) so one statement
 * text compares them on both stores.
 *
 * - outbox: one row per (workspace, connector, document); an edit replaces `payload` and bumps
 *   `version`, so ten edits are one delivery of the latest state. A row is deleted once the
 *   version it carried is delivered; `lease_owner`/`lease_until` mark a claim that expires.
 * - delivery_state: per contact and connector, what the devices see (projected into the
 *   replicated delivery_status documents).
 * - connector_credentials: the provider key sealed with the server key (secrets/secret-box.ts),
 *   plus its last 4 characters, the most any endpoint returns.
 * - connector_state: breaker state (cockatiel toJSON) and a pause (quota, auth) per connector
 *   and workspace (one credential per workspace and connector).
 * - delivery_minutes: delivered/failed counts per minute, for the dashboard's last hour.
 */
const common = (t: { text: string; int: string; strict: string }) => `
  CREATE TABLE outbox (
    workspace_id ${t.text} NOT NULL,
    connector ${t.text} NOT NULL,
    document_id ${t.text} NOT NULL,
    contact_id ${t.text} NOT NULL,
    kind ${t.text} NOT NULL,
    payload ${t.text} NOT NULL,
    version ${t.int} NOT NULL DEFAULT 1,
    state ${t.text} NOT NULL DEFAULT 'pending',
    attempts ${t.int} NOT NULL DEFAULT 0,
    due_at ${t.int} NOT NULL,
    lease_owner ${t.text},
    lease_until ${t.int},
    last_error ${t.text},
    created_at ${t.int} NOT NULL,
    PRIMARY KEY (workspace_id, connector, document_id)
  )${t.strict};
  CREATE INDEX outbox_due ON outbox (connector, state, due_at);
  CREATE TABLE delivery_state (
    workspace_id ${t.text} NOT NULL,
    contact_id ${t.text} NOT NULL,
    connector ${t.text} NOT NULL,
    state ${t.text} NOT NULL,
    remote_id ${t.text},
    reason ${t.text},
    attempts ${t.int} NOT NULL DEFAULT 0,
    updated_at ${t.int} NOT NULL,
    PRIMARY KEY (workspace_id, contact_id, connector)
  )${t.strict};
  CREATE INDEX delivery_state_failed ON delivery_state (workspace_id, connector, state);
  CREATE TABLE connector_credentials (
    workspace_id ${t.text} NOT NULL,
    connector ${t.text} NOT NULL,
    sealed ${t.text} NOT NULL,
    last4 ${t.text} NOT NULL,
    updated_at ${t.int} NOT NULL,
    updated_by ${t.text} NOT NULL,
    PRIMARY KEY (workspace_id, connector)
  )${t.strict};
  CREATE TABLE connector_state (
    workspace_id ${t.text} NOT NULL,
    connector ${t.text} NOT NULL,
    breaker ${t.text},
    paused_until ${t.int},
    paused_reason ${t.text},
    updated_at ${t.int} NOT NULL,
    PRIMARY KEY (workspace_id, connector)
  )${t.strict};
  CREATE TABLE delivery_minutes (
    workspace_id ${t.text} NOT NULL,
    connector ${t.text} NOT NULL,
    minute ${t.int} NOT NULL,
    delivered ${t.int} NOT NULL DEFAULT 0,
    failed ${t.int} NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, connector, minute)
  )${t.strict};
`;

export const deliveryMigration: Migration = {
  version: 4,
  name: 'delivery',
  sqlite: common({ text: 'TEXT', int: 'INTEGER', strict: ' STRICT' }),
  postgres: common({ text: 'text', int: 'bigint', strict: '' }),
};
