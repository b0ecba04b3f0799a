import { useSyncExternalStore } from 'react';
import { applyUpdate, dismissUpdate, isUpdateReady, subscribeToUpdate } from './register-sw.ts';

export function UpdatePrompt() {
  const ready = useSyncExternalStore(subscribeToUpdate, isUpdateReady);
  if (!ready) return null;
  return (
    <div className="update-prompt" role="status">
      <span className="update-prompt__text">A new version is ready</span>
      <div className="update-prompt__actions">
        <button type="button" className="button button--primary" onClick={applyUpdate}>
          Reload
        </button>
        <button type="button" className="button button--quiet" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    </div>
  );
}
