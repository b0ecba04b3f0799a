import { CircuitState } from 'cockatiel';
import type { ConnectorStats, DeliveryStats } from '../../shared/api/delivery.ts';
import { CONNECTORS, type Connector } from '../../shared/documents/server-written.ts';
import type { Sql } from '../store/store.ts';
import { UNTIL_NEW_CREDENTIAL } from './errors.ts';
import type { BreakerStateName } from './policy.ts';

const MINUTES = 60;

/**
 * The dashboard's delivery panel for one workspace. `liveBreaker` gives this process's breaker
 * state when it has a lane; otherwise the persisted one (another instance's, or before a restart).
 */
export async function deliveryStats(
  sql: Sql,
  workspaceId: string,
  now: number,
  liveBreaker: (connector: Connector) => BreakerStateName | null,
): Promise<DeliveryStats> {
  const currentMinute = Math.floor(now / 60_000);
  const [queue, minutes, reasons, states, credentials] = await Promise.all([
    sql.query<{ connector: Connector; state: string; n: number }>(
      `SELECT connector, state, count(*) AS n FROM outbox WHERE workspace_id = $1 GROUP BY connector, state`,
      [workspaceId],
    ),
    sql.query<{ connector: Connector; minute: number; delivered: number; failed: number }>(
      `SELECT connector, minute, delivered, failed FROM delivery_minutes
       WHERE workspace_id = $1 AND minute > $2`,
      [workspaceId, currentMinute - MINUTES],
    ),
    sql.query<{ connector: Connector; reason: string; n: number }>(
      `SELECT connector, reason, count(*) AS n FROM delivery_state
       WHERE workspace_id = $1 AND state = 'failed' GROUP BY connector, reason ORDER BY n DESC`,
      [workspaceId],
    ),
    sql.query<{
      connector: Connector;
      breaker: string | null;
      paused_until: number | null;
      paused_reason: string | null;
    }>(
      `SELECT connector, breaker, paused_until, paused_reason FROM connector_state WHERE workspace_id = $1`,
      [workspaceId],
    ),
    sql.query<{ connector: Connector }>(
      'SELECT connector FROM connector_credentials WHERE workspace_id = $1',
      [workspaceId],
    ),
  ]);
  const connectors = CONNECTORS.map((connector): ConnectorStats => {
    const count = (state: string) =>
      queue.find((q) => q.connector === connector && q.state === state)?.n ?? 0;
    const perMinute = Array.from({ length: MINUTES }, (_, i) => {
      const minute = currentMinute - MINUTES + 1 + i;
      const row = minutes.find((m) => m.connector === connector && m.minute === minute);
      return {
        minute: new Date(minute * 60_000).toISOString(),
        delivered: row?.delivered ?? 0,
        failed: row?.failed ?? 0,
      };
    });
    const state = states.find((s) => s.connector === connector);
    const paused = state?.paused_until != null && state.paused_until > now;
    return {
      connector,
      configured: credentials.some((c) => c.connector === connector),
      breaker: liveBreaker(connector) ?? persistedBreaker(state?.breaker ?? null),
      queue: { pending: count('pending'), failed: count('failed') },
      perMinute,
      failuresByReason: reasons
        .filter((r) => r.connector === connector)
        .map((r) => ({ reason: r.reason ?? '(no reason given)', count: r.n })),
      pausedUntil:
        paused && state.paused_until! < UNTIL_NEW_CREDENTIAL
          ? new Date(state.paused_until!).toISOString()
          : null,
      pausedIndefinitely: paused && state.paused_until! >= UNTIL_NEW_CREDENTIAL,
      pausedReason: paused ? state.paused_reason : null,
    };
  });
  return { connectors };
}

function persistedBreaker(json: string | null): BreakerStateName {
  if (!json) return 'closed';
  const value = (JSON.parse(json) as { ownState?: { value?: CircuitState } }).ownState?.value;
  if (value === CircuitState.Open) return 'open';
  if (value === CircuitState.Isolated) return 'isolated';
  return 'closed';
}
