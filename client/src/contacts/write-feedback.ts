import { StorageWriteError } from '../data/write-errors.ts';

/** A failed write in words: the quota message as the data layer wrote it, anything else named. */
export function describeWriteError(error: unknown): string {
  if (error instanceof StorageWriteError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `The change could not be saved: ${detail}`;
}
