import { deviceSession, isSignedIn } from '../account/session.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { checkDataWorkspace, hasDataWorkspace, OTHER_WORKSPACE_MESSAGE } from './data-workspace.ts';
import { startSync, type SyncEngine } from './engine.ts';
import type { SessionLink } from './session-link.ts';
import { syncStatus } from './status.ts';

let engine: SyncEngine | null = null;

function refuseOtherWorkspace() {
  syncStatus.dispatch({
    type: 'failed',
    error: { kind: 'server', message: OTHER_WORKSPACE_MESSAGE },
  });
}

/**
 * The page's replication, started once the database is open (DataProvider). Sync failing to
 * start must not keep people from their data: the indicator says so instead.
 */
export function startAppSync(db: OutpostDatabase): SyncEngine | null {
  try {
    const session = deviceSession();
    // Sync runs only for the workspace the device's data belongs to (data-workspace.ts).
    const check = () => {
      const { state } = session.snapshot();
      if (!isSignedIn(state)) return 'signed-out';
      return checkDataWorkspace(state.workspace.id).ok ? 'ok' : 'other-workspace';
    };
    const link: SessionLink = {
      reportUnauthorized: () => session.reportUnauthorized(),
      onSignedIn: (listener) =>
        session.onSignedIn(() => {
          if (check() === 'ok') listener();
          else refuseOtherWorkspace();
        }),
    };
    const initial = check();
    if (initial === 'signed-out' && !hasDataWorkspace()) {
      // Nobody ever signed in here: no replication until someone does (RxDB's upstream would
      // walk every contact on each start looking for changes to push, for nothing).
      syncStatus.dispatch({ type: 'signed_out' });
      const stopWaiting = session.onSignedIn(() => {
        if (engine || check() !== 'ok') return;
        stopWaiting();
        engine = startSync(db, { session: link, signedIn: true });
      });
      return null;
    }
    engine ??= startSync(db, { session: link, signedIn: initial === 'ok' });
    if (initial === 'other-workspace') refuseOtherWorkspace();
  } catch (error) {
    console.error('Outpost: sync could not start', error);
    syncStatus.dispatch({
      type: 'failed',
      error: { kind: 'server', message: `sync could not start (${String(error)})` },
    });
  }
  return engine;
}
