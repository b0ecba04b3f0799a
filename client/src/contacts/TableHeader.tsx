import { useLayoutEffect, useRef } from 'react';
import type { ContactQuery, SortKey } from '../data/contacts-index.ts';
import { COLUMNS } from './columns.ts';

interface TableHeaderProps {
  sort: ContactQuery['sort'];
  onSort: (key: SortKey) => void;
  selection: 'none' | 'some' | 'all';
  onToggleAll: (selected: boolean) => void;
  disabled: boolean;
}

export function TableHeader({ sort, onSort, selection, onToggleAll, disabled }: TableHeaderProps) {
  const checkbox = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = selection === 'some';
  }, [selection]);
  return (
    <div role="rowgroup" className="contacts-head">
      <div role="row" className="contacts-row contacts-row--head" aria-rowindex={1}>
        <div role="columnheader" className="contacts-cell contacts-cell--check">
          <input
            ref={checkbox}
            type="checkbox"
            aria-label="Select all matching contacts"
            checked={selection === 'all'}
            disabled={disabled}
            onChange={(event) => onToggleAll(event.target.checked)}
          />
        </div>
        {COLUMNS.map((column) => {
          const sorted = column.sort && sort.key === column.sort;
          const direction = sort.direction === 'asc' ? 'ascending' : 'descending';
          return (
            <div
              key={column.id}
              role="columnheader"
              className={`contacts-cell contacts-cell--${column.id}`}
              aria-sort={column.sort ? (sorted ? direction : 'none') : undefined}
            >
              {column.sort ? (
                <button
                  type="button"
                  className="contacts-sort"
                  onClick={() => onSort(column.sort!)}
                >
                  {column.label}
                  <span className="contacts-sort__arrow" aria-hidden="true">
                    {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                column.label
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
