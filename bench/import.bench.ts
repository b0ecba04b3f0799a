// `npm run bench import`: the CSV import in headless Chromium through the real Import page.
// 100,000 hubspot-dialect rows end to end (file picked to all rows committed) against raw Dexie
// bulkPut of the same parsed rows in the same page; the longest main-thread task meanwhile;
// then 1,000,000 rows: completes, and the peak JS heap of the page and its workers.
import { mkdirSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { buildClient, repoRoot } from '../e2e/support/build.ts';
import { openProfile } from '../e2e/support/chromium.ts';
import { contactsCsv, readReport, startImportThroughUi } from '../e2e/support/import-files.ts';
import { startServer, type RunningServer } from '../e2e/support/server.ts';
import { figure, round, type Figure } from './figure.ts';
import { startTrace } from './trace.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_IMPORT_BIG_ROWS ?? 1_000_000);
/** Where to write a performance trace of the 100,000-row import (JS sampled on every thread). */
const TRACE = process.env.BENCH_TRACE;
const MB = 1024 * 1024;

/** Long tasks (> 50 ms, PerformanceObserver `longtask`) of the page, from its first script. */
function observeLongTasks() {
  const w = window as unknown as { longTasks: { start: number; ms: number }[] };
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      w.longTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * JS heap in use by the page and each of its workers, summed (the import runs in a worker,
 * which `performance.memory` does not see): CDP `Runtime.getHeapUsage` on every target.
 */
async function heapSampler(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Set<string>();
  const replies = new Map<number, (used: number) => void>();
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') workers.add(event.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (event) => workers.delete(event.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const reply = JSON.parse(event.message) as { id: number; result?: { usedSize: number } };
    replies.get(reply.id)?.(reply.result?.usedSize ?? 0);
  });
  // Not flattened: the replies come back as events on this one session.
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  let next = 1;
  const workerHeap = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const id = next++;
      replies.set(id, resolve);
      setTimeout(() => resolve(0), 2_000);
      void cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(0));
    });
  /** The peak of the sum, and each side's own peak (which part holds the memory). */
  const peak = { total: 0, page: 0, workers: 0 };
  const state = { stopped: false };
  const loop = (async () => {
    for (;;) {
      if (state.stopped) return;
      const main = await cdp.send('Runtime.getHeapUsage').then(
        (r) => r.usedSize,
        () => 0,
      );
      const inWorkers = await Promise.all([...workers].map(workerHeap));
      const workersUsed = inWorkers.reduce((a, b) => a + b, 0);
      peak.total = Math.max(peak.total, main + workersUsed);
      peak.page = Math.max(peak.page, main);
      peak.workers = Math.max(peak.workers, workersUsed);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    async stop() {
      state.stopped = true;
      await loop;
      return peak;
    },
  };
}

/** Imports the file through the page; seconds from picking it to the report. */
async function importFile(page: Page, server: RunningServer, path: string, timeout: number) {
  await page.goto(`${server.url}/import`);
  await page.getByLabel('Choose a CSV file').waitFor();
  const startedAt = await page.evaluate(() => performance.now());
  const started = Date.now();
  await startImportThroughUi(page, path);
  const report = await readReport(page, timeout);
  const seconds = (Date.now() - started) / 1000;
  const endedAt = await page.evaluate(() => performance.now());
  return { report, seconds, startedAt, endedAt };
}

export async function* run(): AsyncIterable<Figure> {
  const clientDir = `${repoRoot}.tmp/bench/client`;
  mkdirSync(clientDir, { recursive: true });
  console.error('building the client');
  await buildClient(clientDir, 'bench');
  const server = await startServer({ clientDir });
  try {
    const { path, truth } = contactsCsv('hubspot', ROWS);
    const profile = await openProfile();
    try {
      const page = await profile.context.newPage();
      await page.addInitScript(observeLongTasks);
      console.error(`importing ${ROWS} hubspot rows through the Import page`);
      const endTrace = TRACE
        ? await startTrace(
            await page.context().newCDPSession(page),
            'toplevel,disabled-by-default-v8.cpu_profiler,devtools.timeline',
          )
        : null;
      const timed = await importFile(page, server, path, 3_600_000);
      if (endTrace && TRACE) {
        await endTrace(TRACE);
        console.error(`performance trace of the import written to ${TRACE}`);
      }
      const rowsPerSecond = timed.report.accepted / timed.seconds;
      // The longtask API reports only tasks over 50 ms: 0 means none was that long.
      const longTasks = await page.evaluate(
        ({ from, to }) =>
          (window as unknown as { longTasks: { start: number; ms: number }[] }).longTasks
            .filter((t) => t.start >= from && t.start <= to)
            .map((t) => t.ms),
        { from: timed.startedAt, to: timed.endedAt },
      );
      const longest = Math.max(0, ...longTasks);
      console.error(
        `import: ${timed.report.accepted} rows in ${round(timed.seconds)} s; ${timed.report.created} contacts (truth ${truth.contacts})`,
      );

      // Baseline: the same rows, parsed in the same worker, then only Dexie bulkPut is timed.
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'bench-file';
        input.hidden = true;
        document.body.append(input);
      });
      await page.locator('#bench-file').setInputFiles(path);
      const baseline = await page.evaluate(async () => {
        const file = (document.getElementById('bench-file') as HTMLInputElement).files![0]!;
        const { api } = window.outpostImport!;
        const { mapping } = await api.inspect(file);
        return api.measureBulkPut(file, mapping);
      });
      console.error(`baseline: bulkPut of ${baseline.rows} rows in ${round(baseline.ms)} ms`);
      const details = {
        rows: ROWS,
        accepted: timed.report.accepted,
        seconds: round(timed.seconds),
      };
      yield figure({
        bench: 'import',
        metric: 'rows_per_s',
        value: Math.round(rowsPerSecond),
        baseline: baseline.rowsPerSecond,
        target: '>=0.5',
        details,
      });
      yield figure({
        bench: 'import',
        metric: 'longest_main_thread_task_ms',
        value: round(longest),
        target: '<=50',
        details: { ...details, tasksOver50ms: longTasks.length },
      });
    } finally {
      await profile.close();
    }

    // BENCH_IMPORT_BIG_ROWS=0 skips the long run (it takes many minutes on these machines).
    if (BIG_ROWS > 0) {
      const big = contactsCsv('hubspot', BIG_ROWS);
      const profile2 = await openProfile();
      try {
        const page = await profile2.context.newPage();
        await page.goto(`${server.url}/import`);
        const heap = await heapSampler(page);
        console.error(`importing ${BIG_ROWS} hubspot rows`);
        let completed = false;
        let seconds = NaN;
        try {
          const result = await importFile(page, server, big.path, 4 * 3_600_000);
          completed =
            result.report.status === 'done' && result.report.created === big.truth.contacts;
          seconds = result.seconds;
        } catch (error) {
          console.error(`the ${BIG_ROWS}-row import did not complete: ${String(error)}`);
        }
        const peak = await heap.stop();
        console.error(`${BIG_ROWS} rows: completed ${completed} in ${round(seconds)} s`);
        yield figure({
          bench: 'import',
          metric: 'big_import_peak_heap_mb',
          value: completed ? round(peak.total / MB) : NaN,
          target: '<=512',
          details: {
            rows: BIG_ROWS,
            completed: String(completed),
            seconds: round(seconds),
            pagePeakMb: round(peak.page / MB),
            workersPeakMb: round(peak.workers / MB),
          },
        });
      } finally {
        await profile2.close();
      }
    }
  } finally {
    await server.stop();
  }
}
