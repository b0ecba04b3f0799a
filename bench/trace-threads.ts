// `node bench/trace-threads.ts trace.json [threads]`: where a benchmark's CPU went, from a
// trace that `BENCH_TRACE=` wrote. Per thread of every process, the seconds it was busy (its
// tasks' time, overlaps counted once) and the tasks that took most of it. On two cores the sum
// says how much work there was; the busiest thread, what waits on what.
import { readFileSync } from 'node:fs';

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  cat?: string;
  args?: { name?: string; src_file?: string; src_func?: string };
}

const [path, shown = '6'] = process.argv.slice(2);
if (!path) throw new Error('usage: node bench/trace-threads.ts trace.json [threads shown]');
const parsed = JSON.parse(readFileSync(path, 'utf8')) as
  TraceEvent[] | { traceEvents: TraceEvent[] };
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const names = new Map<string, string>();
const processes = new Map<number, string>();
const spans = new Map<string, [number, number][]>();
const tasks = new Map<string, Map<string, number>>();
let first = Infinity;
let last = 0;
for (const e of events) {
  const thread = `${e.pid}:${e.tid}`;
  if (e.ph === 'M' && e.name === 'thread_name') names.set(thread, e.args?.name ?? '?');
  if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '?');
  if (e.ph !== 'X' || !e.dur) continue;
  first = Math.min(first, e.ts);
  last = Math.max(last, e.ts + e.dur);
  const intervals = spans.get(thread) ?? [];
  intervals.push([e.ts, e.ts + e.dur]);
  spans.set(thread, intervals);
  if (e.cat?.includes('toplevel')) {
    const task = e.args?.src_func ? `${e.args.src_file}:${e.args.src_func}` : e.name;
    const byTask = tasks.get(thread) ?? new Map<string, number>();
    byTask.set(task, (byTask.get(task) ?? 0) + e.dur);
    tasks.set(thread, byTask);
  }
}

/** Microseconds covered by the intervals, overlaps counted once. */
function covered(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of intervals) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

const seconds = (us: number) => (us / 1e6).toFixed(2).padStart(7);
const busy = [...spans].map(([thread, intervals]) => ({ thread, us: covered(intervals) }));
busy.sort((a, b) => b.us - a.us);
console.log(`trace spans ${seconds(last - first)} s; busy seconds per thread:`);
for (const { thread, us } of busy.slice(0, 15)) {
  const pid = Number(thread.split(':')[0]);
  console.log(
    `${seconds(us)}  ${processes.get(pid) ?? '?'} / ${names.get(thread) ?? '?'} (${thread})`,
  );
}
for (const { thread } of busy.slice(0, Number(shown))) {
  console.log(
    `\n${names.get(thread) ?? thread} (${thread}), top-level tasks by time (a task inside another counts in both):`,
  );
  const top = [...(tasks.get(thread) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 8);
  for (const [task, us] of top) console.log(`${seconds(us)}  ${task}`);
}
