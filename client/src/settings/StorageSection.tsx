import { useEffect, useState } from 'react';
import { useDataIfOpen } from '../data/DataProvider.tsx';
import { formatBytes, readStorageStatus, type StorageStatus } from '../storage/persistence.ts';
import { forgetDataWorkspace } from '../sync/data-workspace.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';

type Request = 'idle' | 'asking' | 'declined';

export function StorageSection() {
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [request, setRequest] = useState<Request>('idle');

  useEffect(() => {
    let live = true;
    void readStorageStatus().then((next) => {
      if (live) setStatus(next);
    });
    return () => {
      live = false;
    };
  }, []);

  async function keepData(): Promise<void> {
    setRequest('asking');
    const granted = await navigator.storage.persist().catch(() => false);
    setRequest(granted ? 'idle' : 'declined');
    setStatus(await readStorageStatus());
  }

  return (
    <section className="card settings-section" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage</h2>
      {status === null ? (
        <p className="muted">Checking storage…</p>
      ) : (
        <>
          <Persistence status={status} request={request} onKeepData={() => void keepData()} />
          <Usage status={status} />
        </>
      )}
      <ResetDeviceData />
    </section>
  );
}

/**
 * Wipes contacts, campaigns and the ICP from this device (not the key vault, not the server):
 * for a device changing hands or moving to another workspace. Changes not synced yet are lost.
 */
function ResetDeviceData() {
  const data = useDataIfOpen();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState('');
  if (!data) return null;
  async function reset() {
    try {
      await data!.db.remove();
      forgetDataWorkspace();
      location.reload();
    } catch (error) {
      setConfirming(false);
      setProblem(`The data could not be removed: ${String(error)}`);
    }
  }
  return (
    <div className="settings-row">
      <p>
        <strong>Reset this device’s data.</strong> Removes contacts, campaigns and the ICP from this
        device only; what is synced stays on the server.
      </p>
      <button
        type="button"
        className="button button--danger-quiet"
        onClick={() => setConfirming(true)}
      >
        Reset device data
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Reset this device’s data?"
        confirmLabel="Reset device data"
        danger
        onConfirm={reset}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Changes not synced yet are lost. Other tabs of Outpost on this device should be closed
          first.
        </p>
      </ConfirmDialog>
    </div>
  );
}

interface PersistenceProps {
  status: StorageStatus;
  request: Request;
  onKeepData: () => void;
}

function Persistence({ status, request, onKeepData }: PersistenceProps) {
  if (status.persisted === null) {
    return <p>This browser does not say whether it keeps Outpost's data.</p>;
  }
  if (status.persisted) {
    return (
      <p data-testid="storage-persisted" data-persisted="true">
        <strong>Persistent.</strong> The browser keeps Outpost's data on this device until you
        remove it.
      </p>
    );
  }
  return (
    <div className="settings-row">
      <p data-testid="storage-persisted" data-persisted="false">
        <strong>Not persistent.</strong> The browser may clear Outpost's data if the device runs low
        on space, including changes not synced yet.
      </p>
      <button
        type="button"
        className="button button--primary"
        disabled={request === 'asking'}
        onClick={onKeepData}
      >
        Keep data on this device
      </button>
      {request === 'declined' && (
        <p className="muted" role="status">
          The browser declined. Installing Outpost as an app, or using it often, usually makes the
          browser agree.
        </p>
      )}
    </div>
  );
}

function Usage({ status }: { status: StorageStatus }) {
  const { usage, quota } = status;
  if (usage === null || quota === null || quota <= 0) {
    return <p className="muted">This browser does not report how much space Outpost uses.</p>;
  }
  const percent = Math.min(100, (usage / quota) * 100);
  const label = `${formatBytes(usage)} used of ${formatBytes(quota)} available`;
  return (
    <div className="usage">
      <p data-testid="storage-usage">
        {label} ({percent < 1 ? percent.toFixed(2) : percent.toFixed(0)}%)
      </p>
      <div
        className="usage__bar"
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent * 100) / 100}
        aria-valuetext={label}
      >
        {/* A style prop is set through CSSOM, which the CSP allows (an inline style="" is not). */}
        <div className="usage__fill" style={{ width: `${Math.max(percent, 0.5)}%` }} />
      </div>
    </div>
  );
}
