import { useMemo, useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import type { ConnectorStats, DeliveryStats } from '../../../shared/api/delivery.ts';
import { CONNECTORS, type Connector } from '../../../shared/documents/server-written.ts';
import type { SessionStore } from '../account/session.ts';
import { CONNECTOR_LABELS } from '../contacts/format.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { useData } from '../data/DataProvider.tsx';
import { defaultDeliveryApi, describeDeliveryError, type DeliveryApi } from '../delivery/api.ts';
import { useDeliveryStats, useServerAccess, type Loaded } from '../delivery/hooks.ts';
import { BarChart } from '../ui/BarChart.tsx';
import { formatNumber, plural } from '../ui/format.ts';
import {
  BREAKER_TEXT,
  countLocalStates,
  deliveredInHour,
  MINUTES_PER_BAR,
  pausedText,
  perMinuteBars,
  type LocalCounts,
} from './delivery-summary.ts';

export interface DeliveryPanelProps {
  api?: DeliveryApi;
  session?: SessionStore;
  intervalMs?: number;
}

/** The Dashboard's delivery card, fed by the app's data. */
export function DeliveryPanel(props: DeliveryPanelProps) {
  const { contacts } = useData();
  return <DeliveryPanelView {...props} contacts={contacts} />;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * Per connector: breaker, queue, delivered per minute over the last hour, failures by reason,
 * pause, and "retry all failed". Signed out it says so; with the server unreachable it keeps the
 * last answer and adds what the device's replicated delivery documents say.
 */
export function DeliveryPanelView({
  contacts,
  api = defaultDeliveryApi(),
  session,
  intervalMs,
}: DeliveryPanelProps & { contacts: ContactsIndex }) {
  const access = useServerAccess(session);
  const stats = useDeliveryStats(access.signedIn, api, intervalMs);
  const version = useSyncExternalStore(
    (listener) => contacts.subscribe(listener),
    () => contacts.version,
  );
  // oxlint-disable-next-line react-hooks/exhaustive-deps -- version stands for the index contents
  const local = useMemo(() => countLocalStates(contacts.deliveryStatuses()), [contacts, version]);

  return (
    <section
      className="card panel panel--wide delivery-panel"
      aria-label="Delivery"
      data-testid="delivery-panel"
    >
      <div className="panel__head">
        <h2>Delivery</h2>
        {stats.at && (
          <span className="muted delivery-panel__updated">
            Updated {timeFormat.format(stats.at)}
          </span>
        )}
      </div>
      {!access.signedIn ? (
        <p className="panel__empty" data-testid="delivery-signed-out">
          <Link to="/account">Sign in</Link> to see delivery to HubSpot, Lemlist and Explorium.
        </p>
      ) : (
        <StatusLine stats={stats} />
      )}
      <ul className="delivery-panel__connectors">
        {CONNECTORS.map((connector) => (
          <ConnectorCard
            key={connector}
            connector={connector}
            stats={stats.data?.connectors.find((c) => c.connector === connector)}
            local={local[connector]}
            canRetry={access.signedIn}
            api={api}
            onRetried={stats.reload}
          />
        ))}
      </ul>
    </section>
  );
}

function StatusLine({ stats }: { stats: Loaded<DeliveryStats> }) {
  if (!stats.error) {
    return stats.data ? null : <p className="muted">Asking the server…</p>;
  }
  const known = stats.at ? ` Showing what was known at ${timeFormat.format(stats.at)}.` : '';
  return (
    <p className="delivery-panel__problem" role="status" data-testid="delivery-problem">
      {stats.unreachable ? `The server is unreachable.${known}` : `${stats.error}${known}`}
    </p>
  );
}

function ConnectorCard({
  connector,
  stats,
  local,
  canRetry,
  api,
  onRetried,
}: {
  connector: Connector;
  stats: ConnectorStats | undefined;
  local: LocalCounts[Connector];
  canRetry: boolean;
  api: DeliveryApi;
  onRetried: () => Promise<void>;
}) {
  const name = CONNECTOR_LABELS[connector];
  const paused = stats && pausedText(stats);
  return (
    <li className="delivery-connector" data-connector={connector}>
      <div className="delivery-connector__head">
        <h3>{name}</h3>
        {stats &&
          (stats.configured ? (
            <span className="delivery-breaker" data-breaker={stats.breaker}>
              {BREAKER_TEXT[stats.breaker]}
            </span>
          ) : (
            <span className="delivery-breaker" data-breaker="none">
              Not configured
            </span>
          ))}
      </div>
      {paused && (
        <p className="delivery-connector__paused" data-testid={`paused-${connector}`}>
          {paused}
        </p>
      )}
      {stats ? (
        <>
          <dl className="delivery-connector__queue">
            <div>
              <dt>Queued</dt>
              <dd data-testid={`queue-${connector}`}>{formatNumber(stats.queue.pending)}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd data-testid={`failed-${connector}`}>{formatNumber(stats.queue.failed)}</dd>
            </div>
            <div>
              <dt>Last hour</dt>
              <dd>{formatNumber(deliveredInHour(stats.perMinute))}</dd>
            </div>
          </dl>
          {stats.perMinute.length > 0 && (
            <>
              <h4 className="panel__subhead">Delivered per minute</h4>
              <BarChart
                title={`${name}: delivered per minute, ${MINUTES_PER_BAR}-minute averages over the last hour`}
                bars={perMinuteBars(stats.perMinute)}
                categoryHeader="From"
                valueHeader="Delivered per minute"
              />
            </>
          )}
          <Failures stats={stats} />
        </>
      ) : (
        <p className="muted delivery-connector__local" data-testid={`local-${connector}`}>
          On this device: {formatNumber(local.delivered)} delivered, {formatNumber(local.pending)}{' '}
          pending, {formatNumber(local.failed)} failed
          {local.paused > 0 && `, ${formatNumber(local.paused)} paused`}.
        </p>
      )}
      {canRetry && (
        <RetryAll
          connector={connector}
          failed={stats?.queue.failed ?? local.failed}
          api={api}
          onRetried={onRetried}
        />
      )}
    </li>
  );
}

function Failures({ stats }: { stats: ConnectorStats }) {
  if (stats.failuresByReason.length === 0) return null;
  return (
    <>
      <h4 className="panel__subhead">Failures by reason</h4>
      <ul className="delivery-reasons">
        {stats.failuresByReason.map(({ reason, count }) => (
          <li key={reason}>
            <span className="delivery-reasons__reason">{reason}</span>
            <span className="delivery-reasons__count">{formatNumber(count)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function RetryAll({
  connector,
  failed,
  api,
  onRetried,
}: {
  connector: Connector;
  failed: number;
  api: DeliveryApi;
  onRetried: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const name = CONNECTOR_LABELS[connector];
  async function retry() {
    setBusy(true);
    setMessage(null);
    try {
      const { requeued } = await api.retry(connector);
      setMessage(
        requeued === 0 ? 'Nothing to retry.' : `${plural(requeued, 'contact')} queued again.`,
      );
      await onRetried();
    } catch (error) {
      setMessage(describeDeliveryError(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="delivery-connector__retry">
      <button
        type="button"
        className="button"
        disabled={busy || failed === 0}
        aria-label={`Retry all failed: ${name}`}
        onClick={() => void retry()}
      >
        Retry all failed
      </button>
      {message && (
        <span className="muted" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
