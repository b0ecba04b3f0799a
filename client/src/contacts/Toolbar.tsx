import { useId } from 'react';
import type { ContactQuery } from '../data/contacts-index.ts';
import { SORT_LABELS } from './columns.ts';
import { SORT_KEYS } from './query-url.ts';

interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Called when the box gets focus: a search is coming, the index can get ready for it. */
  onFocus?: () => void;
}

/** Search as you type: no debounce, the in-memory scan takes a few ms for 100,000 contacts. */
export function SearchBox({ value, onChange, onFocus }: SearchBoxProps) {
  const id = useId();
  return (
    <div className="contacts-search">
      <label htmlFor={id} className="contacts-sr-only">
        Search contacts
      </label>
      <svg
        className="contacts-search__icon"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="6.5" />
        <path d="m16 16 4.5 4.5" />
      </svg>
      <input
        id={id}
        type="search"
        className="ui-input contacts-search__input"
        placeholder="Search name, email, company, title, tag"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onFocus={onFocus}
      />
    </div>
  );
}

/** On phones the column headers are hidden; sorting is this select. */
export function SortSelect({
  sort,
  onChange,
}: {
  sort: ContactQuery['sort'];
  onChange: (sort: ContactQuery['sort']) => void;
}) {
  const id = useId();
  return (
    <div className="contacts-sort-select">
      <label htmlFor={id}>Sort by</label>
      <select
        id={id}
        className="ui-input"
        value={`${sort.key}:${sort.direction}`}
        onChange={(event) => {
          const [key, direction] = event.target.value.split(':') as [
            ContactQuery['sort']['key'],
            'asc' | 'desc',
          ];
          onChange({ key, direction });
        }}
      >
        {SORT_KEYS.flatMap((key) =>
          (['asc', 'desc'] as const).map((direction) => (
            <option key={`${key}:${direction}`} value={`${key}:${direction}`}>
              {`${SORT_LABELS[key]} ${direction === 'asc' ? '↑' : '↓'}`}
            </option>
          )),
        )}
      </select>
    </div>
  );
}
