import { useMemo, useState } from 'react';
import { Popover } from './Popover.tsx';

export interface MultiSelectOption {
  value: string;
  count?: number;
}

interface MultiSelectProps {
  label: string;
  /** Called when the picker opens (and again while open when it changes): options can be costly. */
  loadOptions: () => readonly MultiSelectOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}

/** Shown at once; the text box narrows longer lists (tags can number in the thousands). */
const MAX_SHOWN = 200;
const numbers = new Intl.NumberFormat('en');

/**
 * A filter picker: a button naming the field and how many values are chosen, opening a list of
 * checkboxes, one per value (named exactly by the value), with a text box to narrow long lists.
 */
export function MultiSelect({ label, loadOptions, selected, onChange }: MultiSelectProps) {
  const summary =
    selected.length === 0
      ? label
      : selected.length === 1
        ? `${label}: ${selected[0]}`
        : `${label} · ${selected.length}`;
  return (
    <Popover
      label={<span className="ui-multiselect__summary">{summary}</span>}
      ariaLabel={`${label} filter${selected.length ? `, ${selected.length} selected` : ''}`}
      panelLabel={label}
      buttonClassName={`button ui-multiselect__button${selected.length ? ' is-active' : ''}`}
    >
      {() => (
        <MultiSelectList
          label={label}
          loadOptions={loadOptions}
          selected={selected}
          onChange={onChange}
        />
      )}
    </Popover>
  );
}

function MultiSelectList({ label, loadOptions, selected, onChange }: MultiSelectProps) {
  const [filter, setFilter] = useState('');
  const options = useMemo(() => loadOptions(), [loadOptions]);
  const chosen = new Set(selected);
  // Chosen values stay listed even when no contact has them any more, so they can be unticked.
  const all: MultiSelectOption[] = [
    ...selected
      .filter((value) => !options.some((o) => o.value === value))
      .map((value) => ({ value })),
    ...options,
  ];
  const needle = filter.trim().toLowerCase();
  const matching = needle ? all.filter((o) => o.value.toLowerCase().includes(needle)) : all;
  const shown = matching.slice(0, MAX_SHOWN);
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));

  return (
    <div className="ui-multiselect">
      {all.length > 8 && (
        <input
          type="search"
          className="ui-input ui-multiselect__filter"
          aria-label={`Find ${label.toLowerCase()}`}
          placeholder="Find…"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          autoFocus
        />
      )}
      {shown.length === 0 ? (
        <p className="ui-multiselect__empty">{all.length === 0 ? 'No values yet' : 'No match'}</p>
      ) : (
        <ul className="ui-multiselect__list">
          {shown.map((option) => (
            <li key={option.value}>
              <label className="ui-multiselect__option">
                <input
                  type="checkbox"
                  checked={chosen.has(option.value)}
                  onChange={(event) => toggle(option.value, event.target.checked)}
                />
                <span className="ui-multiselect__value">{option.value}</span>
                {option.count !== undefined && (
                  <span className="ui-multiselect__count" aria-hidden="true">
                    {numbers.format(option.count)}
                  </span>
                )}
              </label>
            </li>
          ))}
        </ul>
      )}
      {matching.length > shown.length && (
        <p className="ui-multiselect__more">
          {numbers.format(matching.length - shown.length)} more: type to narrow the list
        </p>
      )}
      {selected.length > 0 && (
        <button type="button" className="button button--quiet" onClick={() => onChange([])}>
          Clear {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}
