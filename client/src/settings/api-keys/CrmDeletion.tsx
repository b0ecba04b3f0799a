import { useId, useState } from 'react';
import { describeDeliveryError, type DeliveryApi } from '../../delivery/api.ts';
import { type ServerAccess, useDeliverySettings } from '../../delivery/hooks.ts';

/**
 * The workspace's "delete in the CRM" setting (off by default), for admins: when on, a contact
 * deleted or merged away in Outpost is archived in HubSpot too. The team server holds it.
 */
export function CrmDeletion({ access, api }: { access: ServerAccess; api: DeliveryApi }) {
  const settings = useDeliverySettings(access.admin, api);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  if (!access.admin) return null;

  const current = settings.data?.deleteInCrm;
  async function change(deleteInCrm: boolean) {
    setBusy(true);
    setProblem(null);
    try {
      await api.saveSettings({ deleteInCrm });
      await settings.reload();
    } catch (error) {
      setProblem(describeDeliveryError(error));
    } finally {
      setBusy(false);
    }
  }
  const loadProblem = settings.data ? null : settings.error;
  return (
    <div className="vault-key__server" data-testid="crm-deletion">
      <h3 className="vault-options__title">Deleting contacts</h3>
      <label>
        <input
          type="checkbox"
          checked={current ?? false}
          disabled={busy || current === undefined}
          aria-describedby={hintId}
          onChange={(event) => void change(event.target.checked)}
        />{' '}
        Also delete contacts in HubSpot when they are deleted in Outpost
      </label>
      <p className="muted" id={hintId}>
        {current === undefined && !loadProblem
          ? 'Asking the team server…'
          : 'Off: HubSpot keeps every contact Outpost sent it. On: a contact deleted (or merged into another) in Outpost is archived in HubSpot, which can restore it for 90 days.'}
      </p>
      {(problem ?? loadProblem) && (
        <p className="vault-test vault-test--failed" role="alert">
          {problem ?? loadProblem}
        </p>
      )}
    </div>
  );
}
