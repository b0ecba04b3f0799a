import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

/**
 * Starts a Chromium performance trace (every process of the browser: the page, its workers, the
 * browser process where IndexedDB runs); the function it returns ends it and writes it to `path`,
 * for Chromium's DevTools or `node bench/trace-threads.ts`.
 */
export async function startTrace(
  cdp: CDPSession,
  categories: string,
): Promise<(path: string) => Promise<void>> {
  await cdp.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
  return async (path) => {
    const complete = new Promise<{ stream?: string }>((resolve) =>
      cdp.once('Tracing.tracingComplete', resolve),
    );
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    if (!stream) throw new Error('the trace came back without a stream');
    const chunks: string[] = [];
    for (let eof = false; !eof;) {
      const read = await cdp.send('IO.read', { handle: stream });
      chunks.push(read.data);
      eof = read.eof;
    }
    writeFileSync(path, chunks.join(''));
  };
}
