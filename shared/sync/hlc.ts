/**
 * Hybrid logical clock: timestamps that follow wall time, never go backwards on one device, and
 * order edits across devices even when their clocks disagree a little. Stamped per field on
 * user-written documents so concurrent offline edits merge field by field: the later stamp wins,
 * and equal wall times fall back to the counter, then the node id (a deterministic tie-break).
 *
 * A stamp is a string that sorts correctly as a string: `<ms:15>:<counter:5>:<node>`.
 */
export type Hlc = string;

const MS_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
/** Refuse remote stamps this far ahead of our clock: a broken device must not freeze time. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export interface HlcParts {
  ms: number;
  counter: number;
  node: string;
}

export function formatHlc({ ms, counter, node }: HlcParts): Hlc {
  return `${String(ms).padStart(MS_DIGITS, '0')}:${String(counter).padStart(COUNTER_DIGITS, '0')}:${node}`;
}

export function parseHlc(stamp: Hlc): HlcParts {
  const [ms, counter, ...node] = stamp.split(':');
  const parts = { ms: Number(ms), counter: Number(counter), node: node.join(':') };
  if (!Number.isSafeInteger(parts.ms) || !Number.isSafeInteger(parts.counter) || !parts.node) {
    throw new Error(`not a hybrid logical clock stamp: ${JSON.stringify(stamp)}`);
  }
  return parts;
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface HlcClock {
  /** A stamp for a local event, later than every stamp this clock has issued or seen. */
  now(): Hlc;
  /** Takes a stamp seen from another device into account, so the next local stamp is later. */
  observe(remote: Hlc): void;
}

/** A clock for one device; `node` must be unique per device and contain no ':' of its own. */
export function createHlcClock(node: string, wallClock: () => number = Date.now): HlcClock {
  if (!node || node.includes(':')) throw new Error(`invalid clock node id ${JSON.stringify(node)}`);
  let last: HlcParts = { ms: 0, counter: 0, node };

  const advance = (ms: number, counter: number) => {
    if (counter > MAX_COUNTER) {
      // More than 100,000 events in one millisecond: borrow the next millisecond.
      ms += 1;
      counter = 0;
    }
    last = { ms, counter, node };
  };

  return {
    now() {
      const wall = wallClock();
      if (wall > last.ms) advance(wall, 0);
      else advance(last.ms, last.counter + 1);
      return formatHlc(last);
    },
    observe(remote) {
      const parts = parseHlc(remote);
      const wall = wallClock();
      if (parts.ms - wall > MAX_DRIFT_MS) return;
      const ms = Math.max(wall, last.ms, parts.ms);
      if (ms === last.ms && ms === parts.ms) advance(ms, Math.max(last.counter, parts.counter) + 1);
      else if (ms === last.ms) advance(ms, last.counter + 1);
      else if (ms === parts.ms) advance(ms, parts.counter + 1);
      else advance(ms, 0);
    },
  };
}
