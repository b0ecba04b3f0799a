import * as Comlink from 'comlink';
import { deviceId } from '../data/device.ts';
import type { ImportApi } from './api.ts';

export interface ImportWorker {
  api: Comlink.Remote<ImportApi>;
  deviceId: string;
}

declare global {
  interface Window {
    /** The import worker, for end-to-end tests and benchmarks (like window.outpost). */
    outpostImport?: ImportWorker;
  }
}

let worker: ImportWorker | null = null;

/** One import worker per page, started on first use and kept (an import outlives the page view). */
export function importWorker(): ImportWorker {
  if (worker) return worker;
  const raw = new Worker(new URL('./import-worker.ts', import.meta.url), {
    type: 'module',
    name: 'csv-import',
  });
  worker = { api: Comlink.wrap<ImportApi>(raw), deviceId: deviceId() };
  window.outpostImport = worker;
  return worker;
}

export const progressCallback = Comlink.proxy;
