import { useState } from 'react';
import { Link } from 'react-router';
import type { ConnectorSummary } from '../../../../shared/api/delivery.ts';
import type { Connector } from '../../../../shared/documents/server-written.ts';
import { sentence } from '../../account/api.ts';
import { describeDeliveryError, type DeliveryApi } from '../../delivery/api.ts';
import type { Loaded, ServerAccess } from '../../delivery/hooks.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { Vault } from '../../vault/vault.ts';

export interface ServerKeyProps {
  connector: Connector;
  /** "HubSpot". */
  name: string;
  vault: Vault;
  /** This device's vault holds a key for the connector and is unlocked. */
  localKey: boolean;
  access: ServerAccess;
  server: Loaded<ConnectorSummary[]>;
  api: DeliveryApi;
}

type Outcome = { ok: boolean; text: string } | null;

/**
 * The team server's copy of a connector key: what it has (last 4, when), and for admins, on an
 * explicit click, send this device's key there, test a connection through it, or remove it.
 * The key crosses the network only in those requests, over the signed-in same-origin channel.
 */
export function ServerKey({
  connector,
  name,
  vault,
  localKey,
  access,
  server,
  api,
}: ServerKeyProps) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [removing, setRemoving] = useState(false);

  if (!access.signedIn) {
    return (
      <div className="vault-key__server" data-testid={`server-${connector}`}>
        <p className="muted">
          <Link to="/account">Sign in</Link> to your team server to test this key or send it there
          for delivery.
        </p>
      </div>
    );
  }

  const summary = server.data?.find((entry) => entry.connector === connector);

  async function run(task: () => Promise<Outcome>) {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await task());
    } catch (error) {
      setOutcome({ ok: false, text: describeDeliveryError(error) });
    } finally {
      setBusy(false);
    }
  }

  const send = () =>
    run(async () => {
      const saved = await api.saveCredential(connector, await vault.getSecret(connector));
      await server.reload();
      return {
        ok: true,
        text: `Sent. The team server now delivers to ${name} with the key ending in ${saved.last4}.`,
      };
    });

  // A key on this device is tested as a candidate (before or after sending); otherwise the
  // server tests the key it has.
  const test = () =>
    run(async () => {
      const candidate = localKey ? await vault.getSecret(connector) : undefined;
      const result = await api.test(connector, candidate);
      const which = candidate === undefined ? "The team server's key" : 'The key on this device';
      // The server names the provider by its id ("hubspot accepted …"); people know it as `name`.
      const message = sentence(result.message.replace(new RegExp(`^${connector}\\b`), name));
      return {
        ok: result.ok,
        text: result.ok ? `${which} works: ${message}` : `${which} was refused: ${message}`,
      };
    });

  const remove = () =>
    run(async () => {
      await api.deleteCredential(connector);
      await server.reload();
      return {
        ok: true,
        text: `Removed from the team server. Delivery to ${name} pauses until a key is sent again.`,
      };
    });

  const canTest = localKey || !!summary?.configured;
  return (
    <div className="vault-key__server" data-testid={`server-${connector}`}>
      <p data-testid={`server-state-${connector}`}>{serverText(name, summary, server)}</p>
      {access.admin ? (
        <div className="vault-key__server-actions">
          {localKey && (
            <button
              type="button"
              className="button"
              disabled={busy}
              aria-label={`Send to team server: ${name} key`}
              onClick={() => void send()}
            >
              Send to team server
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={busy || !canTest}
            aria-label={`Test connection to ${name}`}
            onClick={() => void test()}
          >
            Test connection
          </button>
          {summary?.configured && (
            <button
              type="button"
              className="button button--quiet vault-danger"
              disabled={busy}
              aria-label={`Remove ${name} key from team server`}
              onClick={() => setRemoving(true)}
            >
              Remove from server
            </button>
          )}
        </div>
      ) : (
        <p className="muted">
          Only an admin of {access.workspace ?? 'the workspace'} can send keys or test connections.
        </p>
      )}
      {busy && <p className="muted">Asking the team server…</p>}
      {outcome && (
        <p
          className={outcome.ok ? 'vault-test vault-test--ok' : 'vault-test vault-test--failed'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid={`server-outcome-${connector}`}
        >
          {outcome.text}
        </p>
      )}
      <ConfirmDialog
        open={removing}
        title={`Remove the ${name} key from the team server?`}
        confirmLabel="Remove from server"
        danger
        onCancel={() => setRemoving(false)}
        onConfirm={async () => {
          setRemoving(false);
          await remove();
        }}
      >
        <p>
          The server stops delivering to {name} for the whole workspace. The key on this device
          stays.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function serverText(
  name: string,
  summary: ConnectorSummary | undefined,
  server: Loaded<ConnectorSummary[]>,
): string {
  if (!server.data) {
    if (server.unreachable)
      return "The team server is unreachable: its copy of the key can't be checked now.";
    if (server.error) return server.error;
    return 'Asking the team server…';
  }
  const stale = server.unreachable
    ? ' (the server is unreachable now; this was its last answer)'
    : '';
  if (!summary?.configured) return `The team server has no ${name} key${stale}.`;
  const ending = summary.last4 ? ` ending in ${summary.last4}` : '';
  const when = summary.updatedAt ? `, sent ${formatDateTime(summary.updatedAt)}` : '';
  return `The team server has a ${name} key${ending}${when}${stale}.`;
}
