import type { ConnectorStats } from '../../../shared/api/delivery.ts';
import {
  CONNECTORS,
  type Connector,
  type DeliveryState,
  type DeliveryStatus,
} from '../../../shared/documents/server-written.ts';
import type { Bar } from '../ui/BarChart.tsx';

/** Minutes per bar: sixty one-minute bars are too thin to read, twelve are not. */
export const MINUTES_PER_BAR = 5;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The last hour's per-minute points as bars of MINUTES_PER_BAR minutes, each the average number
 * delivered per minute in it (so the chart still reads "per minute").
 */
export function perMinuteBars(points: ConnectorStats['perMinute']): Bar[] {
  const bars: Bar[] = [];
  for (let start = 0; start < points.length; start += MINUTES_PER_BAR) {
    const slice = points.slice(start, start + MINUTES_PER_BAR);
    const delivered = slice.reduce((sum, point) => sum + point.delivered, 0);
    const from = new Date(slice[0]!.minute);
    const label = Number.isNaN(from.getTime()) ? slice[0]!.minute : clock.format(from);
    // Under the bars, a few marks of how long ago ("-50m", "-30m", "-10m"), away from the
    // edges where they would be cut: twelve times of day do not fit under a third of a panel.
    const index = start / MINUTES_PER_BAR;
    const ago = points.length - start;
    const shortLabel = index % 4 === 2 ? `-${ago}m` : '';
    bars.push({ label, shortLabel, value: Math.round((delivered / slice.length) * 10) / 10 });
  }
  return bars;
}

export function deliveredInHour(points: ConnectorStats['perMinute']): number {
  return points.reduce((sum, point) => sum + point.delivered, 0);
}

export type LocalCounts = Record<Connector, Record<DeliveryState['state'], number>>;

/**
 * What this device knows without the server: the replicated delivery documents' states. Shown
 * when the server cannot be reached, so the panel is never empty offline.
 */
export function countLocalStates(statuses: Iterable<DeliveryStatus>): LocalCounts {
  const counts = Object.fromEntries(
    CONNECTORS.map((c) => [c, { pending: 0, delivered: 0, failed: 0, paused: 0 }]),
  ) as LocalCounts;
  for (const status of statuses) {
    for (const connector of CONNECTORS) {
      const state = status[connector]?.state;
      if (state) counts[connector][state]++;
    }
  }
  return counts;
}

export const BREAKER_TEXT: Record<ConnectorStats['breaker'], string> = {
  closed: 'Healthy',
  'half-open': 'Probing',
  open: 'Breaker open',
  isolated: 'Stopped',
};

const untilFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Paused until 27 Nov 2026, 14:00: daily quota reached", or null when not paused. */
export function pausedText(stats: ConnectorStats): string | null {
  const reason = stats.pausedReason ? `: ${stats.pausedReason}` : '';
  if (stats.pausedIndefinitely) return `Paused until a new key is saved${reason}`;
  if (!stats.pausedUntil) return null;
  const until = new Date(stats.pausedUntil);
  const when = Number.isNaN(until.getTime()) ? stats.pausedUntil : untilFormat.format(until);
  return `Paused until ${when}${reason}`;
}
