import { useSyncExternalStore } from 'react';
import { openVaultDatabase } from './database.ts';
import { createVault, type Vault, type VaultSnapshot } from './vault.ts';

let instance: Vault | null = null;

/**
 * This device's vault: one per tab, for the tab's lifetime, so that the idle lock keeps running
 * when the user leaves the Settings page. Tabs unlock separately (each holds its own key) and
 * tell each other about locks and changes over a BroadcastChannel.
 */
export function deviceVault(): Vault {
  instance ??= createVault({
    db: openVaultDatabase(),
    storage: localStorage,
    idle: { target: window, document },
    channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel('outpost-vault') : null,
  });
  return instance;
}

export function useVault(vault: Vault = deviceVault()): VaultSnapshot {
  return useSyncExternalStore(vault.subscribe, vault.getSnapshot);
}
