import { CONNECTORS } from '../../../shared/documents/server-written.ts';
import type { DeliveryStatus } from '../../../shared/documents/server-written.ts';
import { stateText } from '../delivery/format.ts';
import { CONNECTOR_LABELS, CONNECTOR_SHORT } from './format.ts';

/**
 * One small badge per CRM: pending, delivered, failed or paused (reason on hover), or none.
 * Retrying a failed one is in the contact's panel (ContactFacts), where the reason is in full.
 */
export function DeliveryBadges({ status }: { status: DeliveryStatus | undefined }) {
  return (
    <span className="delivery-badges">
      {CONNECTORS.map((connector) => {
        const state = status?.[connector];
        const name = state?.state ?? 'none';
        const explained = (name === 'failed' || name === 'paused') && state?.reason;
        const reason = explained ? `: ${state.reason}` : '';
        const description = `${CONNECTOR_LABELS[connector]}: ${name === 'none' ? 'not sent' : stateText(state)}${reason}`;
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
