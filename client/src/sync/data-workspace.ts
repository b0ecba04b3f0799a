/**
 * The workspace this device's data belongs to: the first one signed in to here. Signing in to
 * another workspace on the same device must not push this data into it (a shared laptop, a
 * person in two teams), so sync stays off until the person signs in to the right workspace or
 * resets the device's data.
 */
const DATA_WORKSPACE_KEY = 'outpost.dataWorkspace';

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type WorkspaceCheck = { ok: true } | { ok: false; boundTo: string };

/** Binds the device's data to `workspaceId` if it is not bound yet; says whether sync may run. */
export function checkDataWorkspace(
  workspaceId: string,
  storage: KeyValue = localStorage,
): WorkspaceCheck {
  const bound = storage.getItem(DATA_WORKSPACE_KEY);
  if (bound === null) {
    storage.setItem(DATA_WORKSPACE_KEY, workspaceId);
    return { ok: true };
  }
  return bound === workspaceId ? { ok: true } : { ok: false, boundTo: bound };
}

/** Whether anyone ever signed in on this device (since its data was last reset). */
export function hasDataWorkspace(storage: KeyValue = localStorage): boolean {
  return storage.getItem(DATA_WORKSPACE_KEY) !== null;
}

/** After the device's data is wiped: the next workspace signed in to owns what comes next. */
export function forgetDataWorkspace(storage: KeyValue = localStorage): void {
  storage.removeItem(DATA_WORKSPACE_KEY);
}

export const OTHER_WORKSPACE_MESSAGE =
  'This device holds the data of another workspace, so it is not synced with this one. Sign in ' +
  'to that workspace, or reset this device’s data (Settings, Storage) to use this one.';
