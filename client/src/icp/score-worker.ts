/**
 * The ICP scoring Web Worker (spawned by scoring.ts): it keeps a copy of every contact's scoring
 * fields by slot, and rescoring 100,000 of them runs here, off the main thread. All the logic is
 * in score-worker-api.ts and the shared, unit-tested scorer.
 */
import * as Comlink from 'comlink';
import { createScoreWorkerApi } from './score-worker-api.ts';

Comlink.expose(createScoreWorkerApi());
