import type { DeliveryState } from '../../../shared/documents/server-written.ts';

/** "delivered", "failed after 3 attempts", "not sent yet": one CRM's state for a contact. */
export function stateText(state: DeliveryState | null | undefined): string {
  if (!state) return 'not sent yet';
  const attempts = state.attempts ?? 0;
  if (state.state === 'failed' && attempts > 1) return `failed after ${attempts} attempts`;
  if (state.state === 'pending' && attempts > 1) return `pending (attempt ${attempts})`;
  return state.state;
}
