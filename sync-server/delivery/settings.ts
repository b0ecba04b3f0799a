import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../../shared/api/delivery.ts';
import type { Sql } from '../store/store.ts';

/** A workspace's delivery settings (store/migrations/delivery-settings.ts); defaults if unset. */
export async function readDeliverySettings(
  sql: Sql,
  workspaceId: string,
): Promise<DeliverySettings> {
  const [row] = await sql.query<{ delete_in_crm: number }>(
    'SELECT delete_in_crm FROM delivery_settings WHERE workspace_id = $1',
    [workspaceId],
  );
  if (!row) return DEFAULT_DELIVERY_SETTINGS;
  return { deleteInCrm: Number(row.delete_in_crm) === 1 };
}

export async function saveDeliverySettings(
  sql: Sql,
  input: { workspaceId: string; settings: DeliverySettings; userId: string; now: number },
): Promise<DeliverySettings> {
  await sql.query(
    `INSERT INTO delivery_settings (workspace_id, delete_in_crm, updated_at, updated_by)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id) DO UPDATE SET delete_in_crm = excluded.delete_in_crm,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [input.workspaceId, input.settings.deleteInCrm ? 1 : 0, input.now, input.userId],
  );
  return input.settings;
}
