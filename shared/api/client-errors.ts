import { z } from 'zod';

/** What the app reports to `POST /api/v1/client-errors` when an error boundary catches an error. */
export const clientErrorReportSchema = z.strictObject({
  /** Which boundary caught it: "app", "sidebar", or "page:<name>". */
  boundary: z.string().min(1).max(100),
  name: z.string().max(200).default('Error'),
  message: z.string().max(2_000),
  stack: z.string().max(16_000).optional(),
  componentStack: z.string().max(16_000).optional(),
  /** Path and query of the page, never the origin (the server knows it). */
  url: z.string().max(2_000),
  build: z.string().max(100),
  userAgent: z.string().max(500).optional(),
  occurredAt: z.iso.datetime(),
});

export type ClientErrorReport = z.infer<typeof clientErrorReportSchema>;
export type ClientErrorReportInput = z.input<typeof clientErrorReportSchema>;
