/**
 * Persistent storage: without it the browser may evict IndexedDB under storage pressure, which
 * for an offline-first app means losing changes not yet synced.
 */

export interface StorageStatus {
  /** null when the browser has no StorageManager (old Safari, some webviews). */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

function manager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.storage : undefined;
}

/** Asked once at start-up; browsers grant it silently to installed or frequently used sites. */
export async function requestPersistence(): Promise<boolean> {
  const storage = manager();
  if (!storage?.persist) return false;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = manager();
  if (!storage) return { persisted: null, usage: null, quota: null };
  const [persisted, estimate] = await Promise.all([
    storage.persisted ? storage.persisted().catch(() => null) : null,
    storage.estimate ? storage.estimate().catch(() => null) : null,
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as the browsers' own storage settings show them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}
