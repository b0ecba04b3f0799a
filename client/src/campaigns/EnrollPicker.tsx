import { useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { contactDisplayName } from '../../../shared/documents/contact.ts';
import { enroll } from '../data/campaigns.ts';
import type { ContactQuery } from '../data/contacts-index.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactIds } from '../data/hooks.ts';
import { formatNumber } from '../ui/format.ts';
import { enrollmentReport } from './messages.ts';
import { useWrite } from './use-write.ts';

/** How many matches the picker lists; search narrows the rest down. */
export const PICKER_LIMIT = 50;

interface EnrollPickerProps {
  campaignId: string;
  /** Contacts already in the campaign, marked in the list (choosing them again is harmless). */
  enrolled: ReadonlySet<string>;
  onEnrolled: (report: string) => void;
  onClose: () => void;
}

/** Search contacts, tick some, enroll them. The selection survives changing the search. */
export function EnrollPicker({ campaignId, enrolled, onEnrolled, onClose }: EnrollPickerProps) {
  const { db, contacts } = useData();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, run } = useWrite();
  const searchId = useId();

  const query = useMemo<ContactQuery>(
    () => ({ search: deferredSearch, filters: {}, sort: { key: 'name', direction: 'asc' } }),
    [deferredSearch],
  );
  const matches = useContactIds(query);
  const shown = matches.slice(0, PICKER_LIMIT);

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ids = [...selected];
    run(async () => {
      const added = await enroll(db, campaignId, ids);
      setSelected(new Set());
      onEnrolled(enrollmentReport(ids.length, added));
      return null;
    });
  };

  return (
    <form className="card enroll-picker" aria-label="Enroll contacts" onSubmit={submit}>
      <div className="enroll-picker__head">
        <h3>Enroll contacts</h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="field">
        <label htmlFor={searchId}>Search contacts</label>
        <input
          id={searchId}
          className="input"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Name, email, company or title"
          autoComplete="off"
          // oxlint-disable-next-line jsx-a11y/no-autofocus -- opened by "Enroll contacts"
          autoFocus
        />
      </div>
      <p className="enroll-picker__summary muted" aria-live="polite">
        {matches.length === 0
          ? contacts.size === 0
            ? 'There are no contacts yet: add or import some first.'
            : 'No contact matches this search.'
          : matches.length > PICKER_LIMIT
            ? `Showing the first ${PICKER_LIMIT} of ${formatNumber(matches.length)} matches; search to narrow down.`
            : `${formatNumber(matches.length)} ${matches.length === 1 ? 'match' : 'matches'}.`}
      </p>
      {shown.length > 0 && (
        <ul className="enroll-picker__list" aria-label="Matching contacts">
          {shown.map((id) => {
            const contact = contacts.get(id);
            if (!contact) return null;
            const name = contactDisplayName(contact);
            return (
              <li key={id}>
                <label className="enroll-picker__option">
                  <input
                    type="checkbox"
                    checked={selected.has(id)}
                    onChange={(event) => toggle(id, event.target.checked)}
                  />
                  <span className="enroll-picker__name">{name}</span>
                  <span className="enroll-picker__detail">
                    {[contact.email, contact.company].filter(Boolean).join(' · ')}
                  </span>
                  {enrolled.has(id) && <span className="badge">Enrolled</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="enroll-picker__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || selected.size === 0}
        >
          Enroll selected ({formatNumber(selected.size)})
        </button>
        <button
          type="button"
          className="button"
          disabled={shown.length === 0}
          onClick={() => setSelected((current) => new Set([...current, ...shown]))}
        >
          Select all shown
        </button>
        {selected.size > 0 && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setSelected(new Set())}
          >
            Clear selection
          </button>
        )}
      </div>
    </form>
  );
}
