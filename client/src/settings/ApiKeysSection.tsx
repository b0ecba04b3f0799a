import type { SessionStore } from '../account/session.ts';
import { defaultDeliveryApi, type DeliveryApi } from '../delivery/api.ts';
import { useConnectors, useServerAccess } from '../delivery/hooks.ts';
import { deviceVault, useVault } from '../vault/device-vault.ts';
import { PROVIDERS, providerFor } from '../vault/providers.ts';
import type { LockReason, Vault, VaultSnapshot } from '../vault/vault.ts';
import { CreateVaultForm } from './api-keys/CreateVaultForm.tsx';
import { CrmDeletion } from './api-keys/CrmDeletion.tsx';
import { KeyRow, type KeyRowProps } from './api-keys/KeyRow.tsx';
import { MigrationNotice } from './api-keys/MigrationNotice.tsx';
import { ResetVault } from './api-keys/ResetVault.tsx';
import { UnlockForm } from './api-keys/UnlockForm.tsx';
import { ChangePassphraseForm, IdleMinutesField } from './api-keys/VaultOptions.tsx';

const STATUS_TEXT = {
  loading: 'Opening…',
  unavailable: 'Unavailable',
  absent: 'No vault',
  locked: 'Locked',
  unlocked: 'Unlocked',
};

/**
 * Provider keys in the device's vault (vault/): encrypted with the user's passphrase, never
 * synced, shown only as their last characters unless revealed with the passphrase again.
 */
export function ApiKeysSection({
  vault = deviceVault(),
  api = defaultDeliveryApi(),
  session,
}: {
  vault?: Vault;
  api?: DeliveryApi;
  session?: SessionStore;
}) {
  const snapshot = useVault(vault);
  const { status } = snapshot;
  const access = useServerAccess(session);
  const server = useConnectors(access.signedIn, api);
  const remote = { access, server, api };
  return (
    <section className="card settings-section vault" aria-labelledby="api-keys-heading">
      <div className="vault__header">
        <h2 id="api-keys-heading">API keys</h2>
        <span className={`vault-status vault-status--${status}`} data-testid="vault-status">
          {STATUS_TEXT[status]}
        </span>
      </div>
      <p className="vault__intro">
        Keys for HubSpot, Lemlist, Explorium and the Chat assistant are encrypted on this device
        with a passphrase only you know. They are never synced: a key leaves this device only when
        you send it to your team server.
      </p>
      {status === 'loading' && <p className="muted">Opening the vault…</p>}
      {status === 'unavailable' && (
        <p className="vault-error" role="alert">
          The vault cannot open in this browser, so keys cannot be stored on this device (
          {snapshot.problem}).
        </p>
      )}
      {status === 'absent' && <CreateVaultForm vault={vault} />}
      {status === 'locked' && <LockedVault vault={vault} snapshot={snapshot} remote={remote} />}
      {status === 'unlocked' && <UnlockedVault vault={vault} snapshot={snapshot} remote={remote} />}
      <CrmDeletion access={access} api={api} />
    </section>
  );
}

function lockMessage(reason: LockReason | null, minutes: number): string | null {
  const time = minutes === 1 ? '1 minute' : `${minutes} minutes`;
  switch (reason) {
    case 'idle':
      return `Locked after ${time} without activity.`;
    case 'hidden':
      return `Locked: Outpost was in the background for more than ${time}.`;
    case 'elsewhere':
      return 'Locked from another tab.';
    case 'changed':
      return 'Locked: the passphrase was changed, or the vault reset, in another tab.';
    case 'manual':
      return 'Locked.';
    default:
      return null;
  }
}

type Remote = NonNullable<KeyRowProps['remote']>;

function LockedVault({
  vault,
  snapshot,
  remote,
}: {
  vault: Vault;
  snapshot: VaultSnapshot;
  remote: Remote;
}) {
  const message = lockMessage(snapshot.lockReason, snapshot.idleMinutes);
  return (
    <>
      {message && (
        <p className="vault-notice" role="status">
          {message}
        </p>
      )}
      <UnlockForm vault={vault} />
      <KeyList vault={vault} snapshot={snapshot} unlocked={false} remote={remote} />
      <ResetVault
        vault={vault}
        secrets={snapshot.secrets.map((secret) => secret.name)}
        trigger="Forgot passphrase? Reset vault"
      />
    </>
  );
}

function UnlockedVault({
  vault,
  snapshot,
  remote,
}: {
  vault: Vault;
  snapshot: VaultSnapshot;
  remote: Remote;
}) {
  const minutes = snapshot.idleMinutes;
  return (
    <>
      <div className="vault-toolbar">
        <p>
          Unlocked on this tab. Locks after {minutes === 1 ? '1 minute' : `${minutes} minutes`}{' '}
          without activity.
        </p>
        <button type="button" className="button" onClick={() => vault.lock()}>
          Lock now
        </button>
      </div>
      <MigrationNotice snapshot={snapshot} onDismiss={() => vault.dismissMigration()} />
      <KeyList vault={vault} snapshot={snapshot} unlocked remote={remote} />
      <details className="vault-options">
        <summary>Passphrase and auto-lock</summary>
        <div className="vault-options__body">
          <IdleMinutesField vault={vault} minutes={minutes} />
          <h3 className="vault-options__title">Change passphrase</h3>
          <ChangePassphraseForm vault={vault} />
          <h3 className="vault-options__title">Reset</h3>
          <ResetVault
            vault={vault}
            secrets={snapshot.secrets.map((secret) => secret.name)}
            trigger="Reset vault"
          />
        </div>
      </details>
    </>
  );
}

function KeyList({
  vault,
  snapshot,
  unlocked,
  remote,
}: {
  vault: Vault;
  snapshot: VaultSnapshot;
  unlocked: boolean;
  remote: Remote;
}) {
  const byName = new Map(snapshot.secrets.map((secret) => [secret.name, secret]));
  // Keys the app has no row for (migrated `*_api_key` leftovers) are listed after the providers.
  const others = snapshot.secrets.filter((secret) => !providerFor(secret.name));
  return (
    <>
      <ul className="vault-keys" aria-label="Provider keys">
        {PROVIDERS.map((provider) => (
          <KeyRow
            key={provider.id}
            vault={vault}
            secret={provider.id}
            name={provider.name}
            label={provider.label}
            hint={provider.hint}
            server={provider.server}
            summary={byName.get(provider.id)}
            unlocked={unlocked}
            remote={remote}
          />
        ))}
        {others.map((secret) => (
          <KeyRow
            key={secret.name}
            vault={vault}
            secret={secret.name}
            name={secret.name}
            label={`${secret.name} API key`}
            server={false}
            summary={secret}
            unlocked={unlocked}
          />
        ))}
      </ul>
    </>
  );
}
