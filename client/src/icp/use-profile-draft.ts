import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { DEFAULT_ICP_ID, emptyIcpCriteria } from '../../../shared/documents/icp.ts';
import { useData } from '../data/DataProvider.tsx';
import { useObservable } from '../data/hooks.ts';
import { saveIcpCriteria } from '../data/icp-profile.ts';
import { draftReducer, initialDraft, isDirty, type DraftAction, type DraftState } from './draft.ts';

export type ProfileDraft = DraftState & {
  /** The stored profile has not been read yet. */
  loading: boolean;
  dirty: boolean;
  dispatch: (action: DraftAction) => void;
  save: () => void;
  saving: boolean;
  /** Why the last save failed, in words; null when it did not. */
  saveError: string | null;
  /** Set after a save went through, until the next edit. */
  savedNote: string | null;
};

/**
 * The workspace's profile being edited: follows the stored document (live, so a save in another
 * tab or device shows up) and keeps unsaved edits apart until "Save profile" or "Discard changes".
 */
export function useProfileDraft(): ProfileDraft {
  const { db } = useData();
  const profile$ = useMemo(() => db.icp_profiles.findOne(DEFAULT_ICP_ID).$, [db]);
  const doc = useObservable(profile$, undefined);
  const [state, dispatchRaw] = useReducer(draftReducer, undefined, () => initialDraft());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);

  useEffect(() => {
    if (doc === undefined) return;
    dispatchRaw({
      type: 'saved',
      criteria: doc ? doc.toMutableJSON().criteria : emptyIcpCriteria(),
    });
  }, [doc]);

  const dispatch = useCallback((action: DraftAction) => {
    setSavedNote(null);
    dispatchRaw(action);
  }, []);

  const dirty = isDirty(state);
  useEffect(() => {
    if (!dirty) return;
    // Closing the tab would lose the edits: let the browser ask first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const { draft } = state;
  const save = useCallback(() => {
    setSaving(true);
    setSaveError(null);
    saveIcpCriteria(db, draft)
      .then((result) => {
        if (!result.ok) {
          setSaveError(`The profile was not saved: ${result.message}`);
          return;
        }
        dispatchRaw({ type: 'committed', criteria: draft });
        setSavedNote('Profile saved. Every contact is scored with it now.');
      })
      .catch((error: unknown) => {
        setSaveError(error instanceof Error ? error.message : String(error));
      })
      .finally(() => setSaving(false));
  }, [db, draft]);

  return {
    ...state,
    loading: doc === undefined,
    dirty,
    dispatch,
    save,
    saving,
    saveError,
    savedNote,
  };
}
