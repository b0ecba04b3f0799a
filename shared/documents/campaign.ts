import { z } from 'zod';
import { fieldClock, id, isoTime, text } from './fields.ts';

export const campaignSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  /** The Lemlist campaign enrollments are delivered to, if any (e.g. "cam_A1b2C3"). */
  lemlistCampaignId: text(100).nullable(),
  archived: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  clock: fieldClock,
});
export type Campaign = z.infer<typeof campaignSchema>;

/** One contact in one campaign; its id is enrollmentId(campaignId, contactId) (ids.ts). */
export const enrollmentSchema = z.strictObject({
  id,
  campaignId: id,
  contactId: id,
  enrolledAt: isoTime,
  updatedAt: isoTime,
  clock: fieldClock,
});
export type Enrollment = z.infer<typeof enrollmentSchema>;
