import { useEffect, useState } from 'react';
import type { Contact } from '../../../shared/documents/contact.ts';
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import { compileIcp, scoreContact, type IcpScore } from '../../../shared/icp/score.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactsVersion } from '../data/hooks.ts';
import { previewScores } from './live-scoring.ts';
import { isAbortError } from './scoring.ts';

export type TopMatch = { contact: Contact; result: IcpScore };

export type PreviewResult = {
  /** Contacts per score bucket: [0] is 0-9, ..., [9] is 90-100. */
  histogram: number[];
  /** Contacts scored (the histogram's sum). */
  total: number;
  /** Contacts scoring 70 or more. */
  strong: number;
  top: TopMatch[];
};

export type PreviewState = {
  /** The latest answer; it may be for an older draft while `pending`. */
  result: PreviewResult | null;
  /** The draft (or the contacts) changed since `result` was computed. */
  pending: boolean;
  error: string | null;
};

/** Scores of 70-100: buckets 7, 8 and 9. */
const STRONG_FROM_BUCKET = 7;
export const STRONG_SCORE = 70;

/**
 * All contacts scored under the draft, in the worker, while it is being edited: asked `delayMs`
 * after the last edit, and again when the contacts change. The top matches' reasons are worked
 * out here, for ten contacts only.
 */
export function useIcpPreview(criteria: IcpCriteria, delayMs = 150): PreviewState {
  const { contacts } = useData();
  const version = useContactsVersion();
  const [answer, setAnswer] = useState<{
    criteria: IcpCriteria;
    version: number;
    result: PreviewResult | null;
    error: string | null;
  } | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      previewScores(criteria).then(
        (preview) => {
          if (!live) return;
          const result = {
            histogram: preview.histogram,
            total: preview.histogram.reduce((sum, n) => sum + n, 0),
            strong: preview.histogram.slice(STRONG_FROM_BUCKET).reduce((sum, n) => sum + n, 0),
            top: explain(contacts, criteria, preview.top),
          };
          setAnswer({ criteria, version, result, error: null });
        },
        (error: unknown) => {
          if (!live || isAbortError(error)) return;
          console.error('ICP preview:', error);
          const message = 'The preview could not be computed. Saving still works.';
          setAnswer((old) => ({ criteria, version, result: old?.result ?? null, error: message }));
        },
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [contacts, criteria, version, delayMs]);

  return {
    result: answer?.result ?? null,
    pending: !answer || answer.criteria !== criteria || answer.version !== version,
    error: answer?.error ?? null,
  };
}

function explain(
  contacts: ContactsIndex,
  criteria: IcpCriteria,
  top: readonly { id: string }[],
): TopMatch[] {
  const compiled = compileIcp(criteria);
  const matches: TopMatch[] = [];
  for (const { id } of top) {
    const contact = contacts.get(id);
    if (contact)
      matches.push({ contact, result: scoreContact(compiled, contacts.scoringInput(contact)) });
  }
  return matches;
}
