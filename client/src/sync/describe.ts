import type { SyncStatus } from './status.ts';

export type IndicatorState =
  'offline' | 'update' | 'signed-out' | 'error' | 'syncing' | 'waiting' | 'synced';

export interface IndicatorText {
  state: IndicatorState;
  /** The words in the header. */
  label: string;
  /** A sentence for the tooltip and screen readers: pending changes, last sync, the problem. */
  detail: string;
}

const count = new Intl.NumberFormat('en');

export function pendingText(status: Pick<SyncStatus, 'pending' | 'pendingCapped'>): string | null {
  if (!status.pending) return null;
  const n = `${count.format(status.pending)}${status.pendingCapped ? '+' : ''}`;
  return `${n} ${status.pending === 1 && !status.pendingCapped ? 'change' : 'changes'} not synced yet`;
}

export function agoText(iso: string | null, now: Date): string {
  if (!iso) return 'never synced';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'synced just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `synced ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `synced ${hours} h ago`;
  return `synced on ${new Date(iso).toLocaleDateString()}`;
}

function detail(...parts: (string | null)[]): string {
  return parts.filter((part): part is string => !!part).join('. ') + '.';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the indicator says for a status, most urgent first. Pure, so it is unit-tested. */
export function describeStatus(status: SyncStatus, now: Date): IndicatorText {
  const pending = pendingText(status);
  const last = capitalize(agoText(status.lastSyncedAt, now));

  if (status.connection === 'offline') {
    return {
      state: 'offline',
      label: 'Offline',
      detail: detail(
        'The server cannot be reached; your changes are kept on this device',
        pending,
        last,
      ),
    };
  }
  const problem = status.problem;
  if (problem?.kind === 'upgrade_required') {
    return {
      state: 'update',
      label: 'Please reload to update',
      detail: detail('This version of Outpost is too old for the server', pending),
    };
  }
  if (problem?.kind === 'signed_out') {
    return {
      state: 'signed-out',
      label: 'Signed out',
      detail: detail('Signed out: your changes are kept and sync after you sign in', pending),
    };
  }
  if (problem?.kind === 'error') {
    return {
      state: 'error',
      label: 'Sync problem',
      detail: detail(`Sync failed: ${problem.message}`, pending, last),
    };
  }
  if (status.active) return { state: 'syncing', label: 'Syncing…', detail: detail(pending, last) };
  if (pending) return { state: 'waiting', label: capitalize(pending), detail: detail(last) };
  return { state: 'synced', label: 'Online', detail: detail('All changes synced', last) };
}
