/**
 * The ICP scoring Web Worker (spawned by scoring.ts): rescoring 100,000 contacts runs here, off
 * the main thread. It holds no state; all the logic is the shared, unit-tested scorer.
 */
import * as Comlink from 'comlink';
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreAll, type ScoringInput } from '../../../shared/icp/score.ts';

export const scoreWorkerApi = {
  /** One score (0-100) per contact, in the order given; the buffer is moved, not copied. */
  score(criteria: IcpCriteria, contacts: ScoringInput[]): Uint8Array {
    const scores = scoreAll(compileIcp(criteria), contacts);
    return Comlink.transfer(scores, [scores.buffer]);
  },
};
export type ScoreWorkerApi = typeof scoreWorkerApi;

Comlink.expose(scoreWorkerApi);
