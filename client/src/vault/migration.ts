/**
 * Older versions of the app kept provider keys in localStorage in plaintext (`hubspot_api_key`,
 * `lemlist_api_key`, `explorium_api_key`, ...). Any script on the origin, any browser extension
 * with page access and anyone who copies the profile can read those; the vault moves them in
 * and wipes them on the first create or unlock.
 */

export type LegacyStorage = Pick<Storage, 'length' | 'key' | 'getItem' | 'removeItem'>;

export interface LegacyKey {
  /** The localStorage key it was found under. */
  storageKey: string;
  /** The vault secret it becomes. */
  name: string;
  value: string;
}

export interface MigrationReport {
  /** Now in the vault, and gone from localStorage. */
  moved: { name: string; storageKey: string }[];
  /**
   * The vault already held a key by that name (saved through the vault, so newer): it is kept,
   * and the plaintext copy is wiped all the same.
   */
  alreadyInVault: { name: string; storageKey: string }[];
}

const LEGACY_SUFFIX = /^(.+)_api_key$/i;

/** `hubspot_api_key` → `hubspot`; any `<prefix>_api_key` → `<prefix>` (lowercase). */
export function legacySecretName(storageKey: string): string | null {
  const match = LEGACY_SUFFIX.exec(storageKey.trim());
  const prefix = match?.[1]?.trim().toLowerCase();
  return prefix ? prefix : null;
}

/** Every legacy key in `storage`, empty ones included (they are wiped too, and not moved). */
export function findLegacyKeys(storage: LegacyStorage): LegacyKey[] {
  const found: LegacyKey[] = [];
  for (let index = 0; index < storage.length; index++) {
    const storageKey = storage.key(index);
    if (storageKey === null) continue;
    const name = legacySecretName(storageKey);
    if (name === null) continue;
    found.push({ storageKey, name, value: (storage.getItem(storageKey) ?? '').trim() });
  }
  return found;
}

export function wipeLegacyKeys(storage: LegacyStorage, keys: readonly LegacyKey[]): void {
  for (const key of keys) storage.removeItem(key.storageKey);
}

export function isEmptyReport(report: MigrationReport): boolean {
  return report.moved.length === 0 && report.alreadyInVault.length === 0;
}
