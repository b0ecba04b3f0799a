import { z } from 'zod';
import { ID_MAX_LENGTH } from '../ids.ts';

/** Building blocks shared by the document schemas. Limits keep one document small. */
export const id = z.string().min(1).max(ID_MAX_LENGTH);
export const isoTime = z.string().max(40);
export const text = (max: number) => z.string().max(max);
/** Per-field hybrid-logical-clock stamps (sync/hlc.ts): which edit of each field is the latest. */
export const fieldClock = z.record(z.string().max(60), z.string().max(120));
