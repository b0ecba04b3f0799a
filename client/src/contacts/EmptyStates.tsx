import { Link } from 'react-router';

/** No contact on this device yet. */
export function NoContacts({ onNew }: { onNew: () => void }) {
  return (
    <section className="card contacts-empty" aria-labelledby="contacts-empty-title">
      <h2 id="contacts-empty-title">No contacts yet</h2>
      <p className="muted">
        Import a CSV from your CRM, Sales Navigator or a spreadsheet, or add someone by hand.
        Contacts live on this device and work offline.
      </p>
      <div className="contacts-empty__actions">
        <Link className="button button--primary" to="/import">
          Import contacts
        </Link>
        <button type="button" className="button" onClick={onNew}>
          New contact
        </button>
      </div>
    </section>
  );
}

/** Contacts exist, but none matches the search and filters. */
export function NoResults({ search, onClear }: { search: string; onClear: () => void }) {
  return (
    <div className="contacts-no-results" role="status">
      <p className="contacts-no-results__title">
        {search.trim() ? `No contacts match “${search.trim()}”` : 'No contacts match these filters'}
      </p>
      <button type="button" className="button" onClick={onClear}>
        Clear search and filters
      </button>
    </div>
  );
}
