// worker_threads messages have no origin (the rule is for window.postMessage).
/* oxlint-disable unicorn/require-post-message-target-origin */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeHubspot } from './hubspot.ts';

/**
 * The fake HubSpot in a worker thread, for the benchmark: a real provider is elsewhere, and a
 * fake sharing the delivery's event loop would stamp arrivals late whenever SQLite blocks it
 * (and see rolling-window violations that never left the client). Messages in: `{ faults }`
 * (merged), `'report'`, `'close'`; out: `{ url }`, then the report.
 */
const options = workerData as { token: string; limit: { max: number; windowMs: number } };
const fake = await startFakeHubspot(options);
parentPort!.on('message', async (message: unknown) => {
  if (message === 'report') {
    parentPort!.postMessage({
      requests: fake.requests
        .filter((r) => r.path.endsWith('/batch/upsert'))
        .map((r) => ({ at: r.at, status: r.status })),
      created: fake.creates.size,
      duplicates: [...fake.creates.values()].filter((n) => n !== 1).length,
      violations: fake.violations,
    });
  } else if (message === 'close') {
    await fake.close();
    parentPort!.close();
  } else if (typeof message === 'object' && message !== null && 'faults' in message) {
    Object.assign(fake.faults, (message as { faults: object }).faults);
  }
});
parentPort!.postMessage({ url: fake.url });
