// `npm run bench contacts`: with 100,000 contacts on the device, search as you type on the
// Contacts page, keystroke to rendered rows, p95 — against a plain in-memory `includes` scan of
// 100,000 strings in the same page (targets.md). Headless Chromium, persistent profile, the real
// server and a production build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildClient, repoRoot } from '../e2e/support/build.ts';
import { openProfile } from '../e2e/support/chromium.ts';
import { sampleContactRows } from '../e2e/support/sample-contacts.ts';
import { seedContacts } from '../e2e/support/seed.ts';
import { startServer } from '../e2e/support/server.ts';
import { figure, round, type Figure } from './figure.ts';
import { startTrace } from './trace.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
/** What a person types: prefixes of names, companies, titles, and deleting back. ASCII only:
 * Playwright presses named keys, and accent-insensitive search finds Müller from "muller". */
const TYPED = ['mar', 'muller', 'acme', 'vp sales', 'zo', 'ngu'];
/** Paths: the page's CPU profile / performance trace while typing are written there (DevTools). */
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const TRACE = process.env.BENCH_TRACE;

function percentile(values: number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function* run(): AsyncIterable<Figure> {
  const clientDir = `${repoRoot}.tmp/bench/client`;
  mkdirSync(clientDir, { recursive: true });
  console.error('building the client');
  await buildClient(clientDir, 'bench');
  const server = await startServer({ clientDir });
  const profile = await openProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(`${server.url}/contacts`);
    console.error(`seeding ${CONTACTS} contacts through the data layer`);
    const { rows } = sampleContactRows(Math.round(CONTACTS * 1.15));
    const seeded = await seedContacts(page, rows);
    await page.reload();
    const table = page.getByTestId('contacts-table');
    await table.waitFor();
    await page.waitForFunction(
      (n) =>
        Number(
          document
            .querySelector('[data-testid="contacts-table"]')
            ?.getAttribute('data-result-count'),
        ) >= n,
      Math.min(CONTACTS, seeded.written),
      { timeout: 120_000 },
    );
    const contacts = Number(await table.getAttribute('data-result-count'));
    console.error(`${contacts} contacts on the page; typing`);

    // Keystroke (the event's own timestamp) to the first task after the frame that shows the
    // new rows: the table sets data-search once its rows match the input.
    await page.evaluate(() => {
      const w = window as unknown as { keyTimes: number[]; renderTimes: number[]; keys: string[] };
      w.keyTimes = [];
      w.keys = [];
      w.renderTimes = [];
      document.addEventListener(
        'keydown',
        (event) => {
          w.keyTimes.push(event.timeStamp);
          w.keys.push(event.key);
        },
        true,
      );
      const rendered = document.querySelector('[data-testid="contacts-table"]')!;
      new MutationObserver(() => {
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.addEventListener('message', () => w.renderTimes.push(performance.now()));
          channel.port1.start();
          channel.port2.postMessage(null);
        });
      }).observe(rendered, { attributes: true, attributeFilter: ['data-search'] });
    });
    const search = page.getByLabel('Search contacts');
    await search.click();
    const cdp = CPU_PROFILE || TRACE ? await page.context().newCDPSession(page) : null;
    if (cdp && CPU_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const endTrace =
      cdp && TRACE
        ? await startTrace(cdp, 'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8')
        : null;
    for (const word of TYPED) {
      for (const char of word) {
        await page.keyboard.press(char === ' ' ? 'Space' : char);
        await page.waitForFunction(() => {
          const w = window as unknown as { keyTimes: number[]; renderTimes: number[] };
          return w.renderTimes.length >= w.keyTimes.length;
        });
      }
      for (let i = 0; i < word.length; i++) {
        await page.keyboard.press('Backspace');
        await page.waitForFunction(() => {
          const w = window as unknown as { keyTimes: number[]; renderTimes: number[] };
          return w.renderTimes.length >= w.keyTimes.length;
        });
      }
    }
    if (endTrace && TRACE) {
      await endTrace(TRACE);
      console.error(`performance trace of the typing written to ${TRACE}`);
    }
    if (cdp && CPU_PROFILE) {
      const { profile: cpuProfile } = await cdp.send('Profiler.stop');
      writeFileSync(CPU_PROFILE, JSON.stringify(cpuProfile));
      console.error(`CPU profile of the typing written to ${CPU_PROFILE}`);
    }
    const timed = await page.evaluate(() => {
      const w = window as unknown as { keyTimes: number[]; renderTimes: number[]; keys: string[] };
      return w.keyTimes.map((t, i) => ({ key: w.keys[i]!, ms: (w.renderTimes[i] ?? NaN) - t }));
    });
    const latencies = timed.map((k) => k.ms);
    // Which keystrokes make the tail, in typing order, for whoever profiles them next.
    const slowest = timed.toSorted((a, b) => b.ms - a.ms).slice(0, 5);
    console.error(
      `slowest keystrokes: ${slowest.map((k) => `${k.key} ${round(k.ms)} ms`).join(', ')}`,
    );

    // Baseline: the plainest search there is, over the same contacts' text, in the same page.
    const scans = await page.evaluate((typed) => {
      type Row = {
        firstName: string;
        lastName: string;
        email: string | null;
        company: string;
        title: string;
      };
      const handle = (window as unknown as { outpost: { contacts: { contacts(): Iterable<Row> } } })
        .outpost;
      const strings = Array.from(handle.contacts.contacts(), (c) =>
        `${c.firstName} ${c.lastName} ${c.email ?? ''} ${c.company} ${c.title}`.toLowerCase(),
      );
      const times: number[] = [];
      let found = 0;
      for (const word of typed) {
        for (let end = 1; end <= word.length; end++) {
          const query = word.slice(0, end);
          const started = performance.now();
          found += strings.filter((s) => s.includes(query)).length;
          times.push(performance.now() - started);
        }
      }
      return { times, found, strings: strings.length };
    }, TYPED);
    const p95 = percentile(latencies, 95);
    const scanP95 = percentile(scans.times, 95);
    console.error(
      `keystroke to rendered: p50 ${round(percentile(latencies, 50))} ms, p95 ${round(p95)} ms; scan p95 ${round(scanP95)} ms`,
    );
    const details = { contacts, keystrokes: latencies.length };
    yield figure({
      bench: 'contacts',
      metric: 'search_keystroke_to_render_p95_ms',
      value: round(p95),
      target: '<=33',
      details,
    });
    yield figure({
      bench: 'contacts',
      metric: 'search_p95_vs_includes_scan',
      value: round(p95),
      baseline: round(scanP95, 2),
      target: '<=3',
      details,
    });
  } finally {
    await profile.close();
    await server.stop();
  }
}
