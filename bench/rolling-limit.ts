import type { RateLimit } from '../sync-server/delivery/limiter.ts';

/**
 * How much of a provider's rolling limit a delivery used (targets.md, "CRM delivery"), from the
 * times the provider counted requests against it (429 answers count for neither).
 *
 * `rps`: requests per second over the steady state: the consecutive whole windows from the first
 * request that began with at least a window's worth of requests (`max`) still to be sent. The
 * opening window is in: a rolling limit allows its burst, and no window holds more than `max`
 * unless the limit was broken, so `rps` is at most the limit's max/window. The run-out, the
 * windows that began with less than `max` requests owed (the last batches and their retries),
 * is out: no delivery could fill them; their length shows in the total time. A stall while work
 * was owed, retries included, falls inside the steady state and lowers `rps`.
 *
 * `slotIdleMs`: within the steady state, how long on average each request's place in the
 * window stayed unused after it fell out (the request `max` later minus it, minus the window).
 * A short run's few windows can flatter `rps` (a burst fits a window whether the next burst
 * came on time or late); this cannot: a delivery kept it up would run at
 * max / (window + slotIdleMs).
 *
 * `peak`: the most requests in any rolling window, as the provider counts them; at most `max`
 * when the limit held.
 */
export function limitUse(times: readonly number[], limit: RateLimit) {
  const sorted = times.toSorted((a, b) => a - b);
  const first = sorted[0] ?? 0;
  let windows = 0;
  let sent = 0;
  while (sorted.length - sent >= limit.max) {
    windows++;
    const end = first + windows * limit.windowMs;
    while (sent < sorted.length && sorted[sent]! < end) sent++;
  }
  let idle = 0;
  for (let i = limit.max; i < sent; i++)
    idle += sorted[i]! - sorted[i - limit.max]! - limit.windowMs;
  let peak = 0;
  for (let last = 0, oldest = 0; last < sorted.length; last++) {
    while (sorted[oldest]! <= sorted[last]! - limit.windowMs) oldest++;
    peak = Math.max(peak, last - oldest + 1);
  }
  return {
    rps: windows === 0 ? 0 : sent / ((windows * limit.windowMs) / 1000),
    windows,
    slotIdleMs: sent > limit.max ? idle / (sent - limit.max) : 0,
    peak,
  };
}
