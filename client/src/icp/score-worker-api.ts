/**
 * What the ICP scoring worker answers (score-worker.ts exposes it; scoring.ts calls it). Kept
 * apart from the worker's entry file so tests, and browsers without module workers, can run the
 * very same API on a MessageChannel in the page.
 */
import * as Comlink from 'comlink';
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import { decodeUpserts, SlotTable, type SlotBatch, type SlotPreview } from './slot-table.ts';

export function createScoreWorkerApi() {
  const table = new SlotTable();
  return {
    /** Contacts added or changed, and slots freed, since the last call. */
    sync(batch: SlotBatch, removedSlots: Int32Array): void {
      table.sync(decodeUpserts(batch), Array.from(removedSlots));
    },
    /** One score per slot (EMPTY_SLOT where no contact is); the buffer is moved, not copied. */
    score(criteria: IcpCriteria): Uint8Array {
      const scores = table.score(criteria);
      return Comlink.transfer(scores, [scores.buffer]);
    },
    /** Histogram and best slots of a draft profile. */
    preview(criteria: IcpCriteria, topCount: number): SlotPreview {
      return table.preview(criteria, topCount);
    },
  };
}
export type ScoreWorkerApi = ReturnType<typeof createScoreWorkerApi>;
