import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
} from 'react';
import type { ContactQuery, ContactsIndex, SortKey } from '../data/contacts-index.ts';
import { useMediaQuery } from '../ui/use-media-query.ts';
import { COMPACT_MEDIA, COMPACT_ROW_HEIGHT, HEAD_HEIGHT, ROW_HEIGHT } from './columns.ts';
import { ContactRow } from './ContactRow.tsx';
import { TableHeader } from './TableHeader.tsx';

interface ContactsTableProps {
  ids: readonly string[];
  contacts: ContactsIndex;
  /** The index's version: rows read contacts, scores and delivery from it. */
  version: number;
  /** The search text these ids answer; published as data-search for tests and benchmarks. */
  search: string;
  /** Changes whenever search, filters or sort do: the list scrolls back to the top. */
  queryKey: string;
  sort: ContactQuery['sort'];
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  selection: 'none' | 'some' | 'all';
  onToggle: (id: string, selected: boolean) => void;
  onToggleAll: (selected: boolean) => void;
  onOpen: (id: string) => void;
}

/** Rows rendered beyond the view on each side: enough for a wheel step, few enough to type fast. */
const OVERSCAN = 4;

/**
 * The contacts grid: only the rows in view (plus a few) exist in the DOM, each at a fixed
 * height, so 100,000 contacts cost what 30 do. Keyboard: the grid is one Tab stop; arrows,
 * Page Up/Down, Home/End move between rows, Enter opens one, Space selects it.
 */
export const ContactsTable = memo(function ContactsTable({
  ids,
  contacts,
  search,
  queryKey,
  sort,
  onSort,
  selected,
  selection,
  onToggle,
  onToggleAll,
  onOpen,
}: ContactsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const compact = useMediaQuery(COMPACT_MEDIA);
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useVirtualizer({
    // All contacts, not the results: the virtualizer lays out every item again whenever its
    // count changes (100,000 at the first letter typed and at the last one deleted), so the
    // count changes only with the data. Rows past the results are not rendered, and the body's
    // height (below) is the results' own.
    count: Math.max(contacts.size, ids.length),
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: OVERSCAN,
    // The sticky header row sits above the rows inside the same scroller.
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    // React 19 warns about flushSync inside effects; a frame later is fine for scrolling.
    useFlushSync: false,
    // No getItemKey: the default (the index) is stable, so the layout is not redone on every
    // render. Rows are keyed by position below: a keystroke that changes the results updates
    // the rows' text in place instead of replacing every row element.
  });

  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  // Only when scrolled: writing scrollTop forces a layout in the middle of the keystroke (the
  // virtualizer knows the offset from scroll events, without asking the DOM).
  useLayoutEffect(() => {
    if (scroller.current && (virtualizer.scrollOffset ?? 0) > 0) scroller.current.scrollTop = 0;
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- a new query is the reason to run
  }, [queryKey]);

  const [activeIndex, setActiveIndex] = useState(0);
  const active = Math.min(activeIndex, Math.max(0, ids.length - 1));
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(ids.length - 1, index));
    setActiveIndex(next);
    pendingFocus.current = next;
    // A row far away is rendered only after the scroll; meanwhile the scroller holds the focus,
    // so it does not fall to <body> when the focused row scrolls out, and keys keep working.
    if (!scroller.current?.querySelector(`[data-index="${next}"]`)) {
      scroller.current?.focus({ preventScroll: true });
    }
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    let index: number;
    if (target === scroller.current) index = active;
    else if (target.dataset.index !== undefined) index = Number(target.dataset.index);
    else return; // the header's checkbox and sort buttons, a row's checkbox
    const id = ids[index];
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: ids.length - 1,
    };
    const destination = moves[event.key];
    if (destination !== undefined) {
      event.preventDefault();
      moveTo(destination);
    } else if (event.key === 'Enter' && id) {
      event.preventDefault();
      onOpen(id);
    } else if (event.key === ' ' && id) {
      event.preventDefault();
      onToggle(id, !selected.has(id));
    }
  };

  const onFocus = useCallback((event: FocusEvent<HTMLDivElement>) => {
    const index = (event.target as HTMLElement).dataset.index;
    if (index !== undefined) setActiveIndex(Number(index));
  }, []);

  return (
    <div
      role="grid"
      className="contacts-table"
      data-testid="contacts-table"
      data-result-count={ids.length}
      data-search={search}
      aria-label="Contacts"
      aria-rowcount={ids.length + 1}
    >
      <div ref={scroller} className="contacts-scroller" tabIndex={-1} onKeyDown={onKeyDown}>
        <TableHeader
          sort={sort}
          onSort={onSort}
          selection={selection}
          onToggleAll={onToggleAll}
          disabled={ids.length === 0}
        />
        <div
          role="rowgroup"
          className="contacts-body"
          style={{ height: ids.length * rowHeight }}
          onFocus={onFocus}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const id = ids[item.index];
            const contact = id === undefined ? undefined : contacts.get(id);
            if (!id || !contact) return null;
            return (
              <ContactRow
                key={item.index}
                index={item.index}
                top={item.start - HEAD_HEIGHT}
                contact={contact}
                score={contacts.score(id)}
                delivery={contacts.deliveryOf(id)}
                selected={selected.has(id)}
                active={item.index === active}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
