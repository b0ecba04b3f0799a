import {
  DEFAULT_ICP_ID,
  emptyIcpCriteria,
  icpCriteriaSchema,
  type IcpCriteria,
  type IcpProfile,
} from '../../../shared/documents/icp.ts';
import type { OutpostDatabase } from './database.ts';
import { deviceClock } from './device.ts';
import { guardWrite } from './write-errors.ts';

const CRITERIA = Object.keys(emptyIcpCriteria()) as (keyof IcpCriteria)[];

export function defaultProfile(): IcpProfile {
  return {
    id: DEFAULT_ICP_ID,
    name: 'Ideal customer profile',
    criteria: emptyIcpCriteria(),
    updatedAt: new Date(0).toISOString(),
    clock: {},
  };
}

/**
 * Saves the workspace's profile. Each criterion (industries, sizes, ...) is one field for the
 * merge: two managers editing different criteria offline both keep their edit.
 */
export async function saveIcpCriteria(
  db: OutpostDatabase,
  criteria: IcpCriteria,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const parsed = icpCriteriaSchema.safeParse(criteria);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid profile' };
  const doc = await db.icp_profiles.findOne(DEFAULT_ICP_ID).exec();
  const current = doc?.toMutableJSON() ?? defaultProfile();
  const changed = CRITERIA.filter(
    (key) => JSON.stringify(current.criteria[key]) !== JSON.stringify(parsed.data[key]),
  );
  if (changed.length === 0 && doc) return { ok: true };
  const stamp = deviceClock().now();
  await guardWrite(() =>
    db.icp_profiles.upsert({
      ...current,
      criteria: parsed.data,
      updatedAt: new Date().toISOString(),
      clock: { ...current.clock, ...Object.fromEntries(changed.map((key) => [key, stamp])) },
    }),
  );
  return { ok: true };
}
