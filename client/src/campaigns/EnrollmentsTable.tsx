import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { Contact } from '../../../shared/documents/contact.ts';
import { contactDisplayName } from '../../../shared/documents/contact.ts';
import type { DeliveryState } from '../../../shared/documents/server-written.ts';
import { unenroll } from '../data/campaigns.ts';
import { fold } from '../data/contacts-index.ts';
import { useData } from '../data/DataProvider.tsx';
import { formatDate, formatNumber } from '../ui/format.ts';
import type { EnrollmentLink } from './live.ts';
import { useWrite } from './use-write.ts';

/** Rows rendered at first; "Show more" adds as many again. Search narrows big campaigns. */
const PAGE = 100;

export interface EnrolledContact {
  enrollment: EnrollmentLink;
  contact: Contact;
  lemlist: DeliveryState | null;
}

interface EnrollmentsTableProps {
  campaignId: string;
  linkedToLemlist: boolean;
  rows: readonly EnrolledContact[];
}

/** Who is in the campaign, since when, and whether Lemlist has them; unenroll one or many. */
export function EnrollmentsTable({ campaignId, linkedToLemlist, rows }: EnrollmentsTableProps) {
  const { db } = useData();
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const remove = useWrite();
  const filterId = useId();

  const visible = useMemo(() => {
    const terms = fold(deferredFilter).split(/\s+/).filter(Boolean);
    if (terms.length === 0) return rows;
    return rows.filter(({ contact }) => {
      const text = fold(`${contactDisplayName(contact)} ${contact.email ?? ''}`);
      return terms.every((term) => text.includes(term));
    });
  }, [rows, deferredFilter]);
  const shown = visible.slice(0, limit);
  // A contact unenrolled elsewhere (another tab) drops out of the selection too.
  const present = new Set(rows.map((row) => row.contact.id));
  const chosen = [...selected].filter((id) => present.has(id));
  const allShownSelected = shown.length > 0 && shown.every((row) => selected.has(row.contact.id));

  const toggle = (ids: readonly string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const unenrollIds = (ids: readonly string[]) =>
    remove.run(async () => {
      await unenroll(db, campaignId, ids);
      toggle(ids, false);
      return null;
    });

  return (
    <section className="enrollments" aria-label="Enrollments">
      <div className="enrollments__toolbar">
        {rows.length > 0 && (
          <div className="field field--inline">
            <label htmlFor={filterId}>Filter</label>
            <input
              id={filterId}
              className="input"
              type="search"
              value={filter}
              onChange={(event) => {
                setFilter(event.target.value);
                setLimit(PAGE);
              }}
              placeholder="Name or email"
              autoComplete="off"
            />
          </div>
        )}
        {chosen.length > 0 && (
          <button
            type="button"
            className="button enrollments__unenroll"
            disabled={remove.busy}
            onClick={() => unenrollIds(chosen)}
          >
            Unenroll selected ({formatNumber(chosen.length)})
          </button>
        )}
      </div>
      {remove.error && (
        <p className="form-error" role="alert">
          {remove.error}
        </p>
      )}
      <div className="table-scroll">
        <table className="data-table" data-testid="enrollments" data-count={rows.length}>
          <thead>
            <tr>
              <th scope="col" className="data-table__check">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={allShownSelected}
                  disabled={shown.length === 0}
                  onChange={(event) =>
                    toggle(
                      shown.map((row) => row.contact.id),
                      event.target.checked,
                    )
                  }
                />
              </th>
              <th scope="col">Contact</th>
              <th scope="col" className="data-table__email">
                Email
              </th>
              <th scope="col">Enrolled</th>
              <th scope="col">Lemlist</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ enrollment, contact, lemlist }) => {
              const name = contactDisplayName(contact);
              return (
                <tr key={enrollment.id} data-contact-id={contact.id}>
                  <td className="data-table__check">
                    <input
                      type="checkbox"
                      aria-label={`Select ${name}`}
                      checked={selected.has(contact.id)}
                      onChange={(event) => toggle([contact.id], event.target.checked)}
                    />
                  </td>
                  <td className="data-table__name">
                    {name}
                    {contact.email && <span className="data-table__sub">{contact.email}</span>}
                  </td>
                  <td className="data-table__email">{contact.email ?? '—'}</td>
                  <td>
                    <time dateTime={enrollment.enrolledAt}>
                      {formatDate(enrollment.enrolledAt)}
                    </time>
                  </td>
                  <td>
                    <DeliveryBadge state={lemlist} linked={linkedToLemlist} />
                  </td>
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={remove.busy}
                      onClick={() => unenrollIds([contact.id])}
                    >
                      Unenroll
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && (
        <p className="enrollments__empty muted">
          No one is enrolled yet. Use “Enroll contacts” to add people.
        </p>
      )}
      {rows.length > 0 && visible.length === 0 && (
        <p className="enrollments__empty muted">No enrolled contact matches “{filter}”.</p>
      )}
      {visible.length > shown.length && (
        <div className="enrollments__more">
          <span className="muted">
            Showing {formatNumber(shown.length)} of {formatNumber(visible.length)}
          </span>
          <button type="button" className="button" onClick={() => setLimit((n) => n + PAGE)}>
            Show more
          </button>
        </div>
      )}
    </section>
  );
}

const STATE_TEXT: Record<DeliveryState['state'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
  paused: 'Paused',
};

/** The contact's Lemlist delivery, as the sync server last reported it. */
function DeliveryBadge({ state, linked }: { state: DeliveryState | null; linked: boolean }) {
  if (!state) {
    return (
      <span className="delivery delivery--none">{linked ? 'Not sent yet' : 'No Lemlist link'}</span>
    );
  }
  return (
    <span className={`delivery delivery--${state.state}`} data-state={state.state}>
      <span className="delivery__state">{STATE_TEXT[state.state]}</span>
      {state.state === 'failed' && state.reason && (
        <span className="delivery__reason">{state.reason}</span>
      )}
    </span>
  );
}
