import { CONNECTORS } from '../../../shared/documents/server-written.ts';
import type { DeliveryStatus } from '../../../shared/documents/server-written.ts';
import { CONNECTOR_LABELS, CONNECTOR_SHORT } from './format.ts';

/** One small badge per CRM: pending, delivered, failed (reason on hover) or none. */
export function DeliveryBadges({ status }: { status: DeliveryStatus | undefined }) {
  return (
    <span className="delivery-badges">
      {CONNECTORS.map((connector) => {
        const state = status?.[connector];
        const name = state?.state ?? 'none';
        const reason = state?.state === 'failed' && state.reason ? `: ${state.reason}` : '';
        const description = `${CONNECTOR_LABELS[connector]}: ${name === 'none' ? 'not sent' : name}${reason}`;
        return (
          <span
            key={connector}
            className="delivery-badge"
            data-connector={connector}
            data-state={name}
            title={description}
            role="img"
            aria-label={description}
          >
            {CONNECTOR_SHORT[connector]}
          </span>
        );
      })}
    </span>
  );
}
