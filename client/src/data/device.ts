import { randomId } from '../../../shared/ids.ts';
import { createHlcClock, type HlcClock } from '../../../shared/sync/hlc.ts';

const DEVICE_ID_KEY = 'outpost:device-id';

/**
 * This device's id: the node of its hybrid logical clock, so same-instant edits from two devices
 * are ordered the same way everywhere. Kept in localStorage, shared by the device's tabs.
 */
export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  const known = storage.getItem(DEVICE_ID_KEY);
  if (known) return known;
  const created = randomId('d').slice(0, 18);
  storage.setItem(DEVICE_ID_KEY, created);
  return created;
}

let clock: HlcClock | null = null;

/** The clock that stamps this device's edits. */
export function deviceClock(): HlcClock {
  clock ??= createHlcClock(deviceId());
  return clock;
}

/** For tests: a clock of their own. */
export function setDeviceClock(next: HlcClock): void {
  clock = next;
}
