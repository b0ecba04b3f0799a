import { z } from 'zod';
import { fieldClock, id, isoTime, text } from './fields.ts';

const weight = z.number().min(0).max(10);

/** A criterion value and how much a match counts toward the score. */
export const weightedValueSchema = z.strictObject({ value: text(200), weight });
export const sizeRangeSchema = z.strictObject({
  min: z.number().int().min(0),
  /** null: no upper bound ("10000+"). */
  max: z.number().int().min(0).nullable(),
  weight,
});

export const icpCriteriaSchema = z.strictObject({
  industries: z.array(weightedValueSchema).max(100),
  companySizes: z.array(sizeRangeSchema).max(20),
  countries: z.array(weightedValueSchema).max(250),
  titleKeywords: z.array(weightedValueSchema).max(100),
  seniorities: z.array(weightedValueSchema).max(20),
});
export type IcpCriteria = z.infer<typeof icpCriteriaSchema>;
export type WeightedValue = z.infer<typeof weightedValueSchema>;
export type SizeRange = z.infer<typeof sizeRangeSchema>;

export const icpProfileSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  criteria: icpCriteriaSchema,
  updatedAt: isoTime,
  clock: fieldClock,
});
export type IcpProfile = z.infer<typeof icpProfileSchema>;

/** The workspace's profile: one document, so two devices editing it merge instead of forking. */
export const DEFAULT_ICP_ID = 'icp_default';

export function emptyIcpCriteria(): IcpCriteria {
  return { industries: [], companySizes: [], countries: [], titleKeywords: [], seniorities: [] };
}
