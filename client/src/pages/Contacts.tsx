import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { BulkBar } from '../contacts/BulkBar.tsx';
import { ContactPanel, type PanelTarget } from '../contacts/ContactPanel.tsx';
import { ContactsTable } from '../contacts/ContactsTable.tsx';
import { installWindowHandle } from '../contacts/dev-handle.ts';
import { NoContacts, NoResults } from '../contacts/EmptyStates.tsx';
import { FiltersBar } from '../contacts/FiltersBar.tsx';
import { formatCount } from '../contacts/format.ts';
import { activeFilterCount, queryFromParams, queryToParams } from '../contacts/query-url.ts';
import { SavedViews } from '../contacts/SavedViews.tsx';
import { SearchBox, SortSelect } from '../contacts/Toolbar.tsx';
import { useQueryState } from '../contacts/use-query-state.ts';
import type { ContactFilters, SortKey } from '../data/contacts-index.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactIds, useContactsVersion } from '../data/hooks.ts';
import { PageHeader } from '../ui/PageHeader.tsx';

const EMPTY_SELECTION: ReadonlySet<string> = new Set();
const MESSAGE_MS = 10_000;

export function ContactsPage() {
  const data = useData();
  const { db, contacts } = data;
  useEffect(() => installWindowHandle(data), [data]);

  const version = useContactsVersion();
  const [query, setQuery] = useQueryState();
  // Rendered synchronously, keystroke by keystroke: with the index's in-memory scan this is the
  // fastest path from key to rows (useDeferredValue would add a frame to each keystroke).
  const ids = useContactIds(query);
  const queryKey = queryToParams(query).toString();

  // A selection belongs to the query it was made in: a new search, filter or sort starts an
  // empty one (acting on rows no longer listed would surprise).
  const [selectionState, setSelection] = useState({ key: queryKey, ids: EMPTY_SELECTION });
  const selected = selectionState.key === queryKey ? selectionState.ids : EMPTY_SELECTION;
  const setSelected = useCallback(
    (update: (previous: ReadonlySet<string>) => ReadonlySet<string>) =>
      setSelection((previous) => ({
        key: queryKey,
        ids: update(previous.key === queryKey ? previous.ids : EMPTY_SELECTION),
      })),
    [queryKey],
  );
  // Contacts deleted meanwhile (here, another tab, another device) drop out of the selection.
  const selectedIds = useMemo(
    () => [...selected].filter((id) => contacts.get(id) !== undefined),
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- the version stands for the data
    [selected, contacts, version],
  );
  const selection = useMemo(() => {
    if (selectedIds.length === 0) return 'none';
    const all = ids.length > 0 && ids.every((id) => selected.has(id));
    return all ? 'all' : 'some';
  }, [ids, selected, selectedIds]);

  const [panel, setPanel] = useState<PanelTarget | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [message]);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();

  const onSort = useCallback(
    (key: SortKey) =>
      setQuery((q) => ({
        ...q,
        sort:
          q.sort.key === key
            ? { key, direction: q.sort.direction === 'asc' ? 'desc' : 'asc' }
            : { key, direction: 'asc' },
      })),
    [setQuery],
  );
  const onToggle = useCallback(
    (id: string, on: boolean) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [setSelected],
  );
  const onToggleAll = useCallback(
    (on: boolean) => setSelected(() => (on ? new Set(ids) : EMPTY_SELECTION)),
    [ids, setSelected],
  );
  const onOpen = useCallback((id: string) => setPanel({ mode: 'edit', id }), []);
  const clearQuery = () => setQuery((q) => ({ ...q, search: '', filters: {} }));
  const filterCount = activeFilterCount(query.filters);

  return (
    <div className="contacts-page">
      <div className="contacts-header">
        <PageHeader title="Contacts" />
        <button
          type="button"
          className="button button--primary"
          onClick={() => setPanel({ mode: 'new' })}
        >
          New contact
        </button>
      </div>

      {contacts.size === 0 ? (
        <NoContacts onNew={() => setPanel({ mode: 'new' })} />
      ) : (
        <>
          <div className="contacts-toolbar">
            <SearchBox
              value={query.search}
              onChange={(search) => setQuery((q) => ({ ...q, search }))}
              // Joins the search text while the person moves to the keyboard, not on the first
              // key (a task of its own: Safari has no requestIdleCallback).
              onFocus={() => setTimeout(() => contacts.prepareSearch(query.sort.key))}
            />
            <button
              type="button"
              className="button contacts-filters-toggle"
              aria-expanded={filtersOpen}
              aria-controls={filtersId}
              onClick={() => setFiltersOpen((open) => !open)}
            >
              {filterCount ? `Filters · ${filterCount}` : 'Filters'}
            </button>
            <SortSelect sort={query.sort} onChange={(sort) => setQuery((q) => ({ ...q, sort }))} />
            <SavedViews
              current={queryToParams(query).toString()}
              onApply={(params) => setQuery(queryFromParams(new URLSearchParams(params)))}
            />
          </div>
          <FiltersBar
            id={filtersId}
            open={filtersOpen}
            filters={query.filters}
            onChange={(filters: ContactFilters) => setQuery((q) => ({ ...q, filters }))}
            contacts={contacts}
            version={version}
          />
          <div className="contacts-summary">
            <p className="contacts-count" data-testid="contacts-count">
              {`${formatCount(ids.length)} of ${formatCount(contacts.size)} contacts`}
            </p>
            <p className="contacts-message" role="status">
              {message}
            </p>
          </div>
          {selectedIds.length > 0 && (
            <BulkBar
              selectedIds={selectedIds}
              db={db}
              contacts={contacts}
              onClear={() => setSelected(() => EMPTY_SELECTION)}
              onMessage={setMessage}
            />
          )}
          <div className="contacts-table-wrap">
            <ContactsTable
              ids={ids}
              contacts={contacts}
              version={version}
              search={query.search}
              queryKey={queryKey}
              sort={query.sort}
              onSort={onSort}
              selected={selected}
              selection={selection}
              onToggle={onToggle}
              onToggleAll={onToggleAll}
              onOpen={onOpen}
            />
            {ids.length === 0 && <NoResults search={query.search} onClear={clearQuery} />}
          </div>
        </>
      )}

      <ContactPanel
        target={panel}
        db={db}
        contacts={contacts}
        onClose={() => setPanel(null)}
        onDone={(text) => {
          setPanel(null);
          setMessage(text);
        }}
      />
    </div>
  );
}
