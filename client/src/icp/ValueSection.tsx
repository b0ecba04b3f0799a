import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import { formatNumber } from '../ui/format.ts';
import { checkNewValue, type DraftAction, type ValueList } from './draft.ts';
import { WeightedItem } from './WeightedItem.tsx';

export interface Suggestion {
  value: string;
  /** Contacts with this value, when it comes from the contacts. */
  count?: number;
}

interface ValueSectionProps {
  list: ValueList;
  title: string;
  description: ReactNode;
  /** The text field's label: "Industry". */
  inputLabel: string;
  /** The add button's name: "Add industry". */
  addLabel: string;
  placeholder: string;
  criteria: IcpCriteria;
  dispatch: (action: DraftAction) => void;
  /** Offered in the field's list and, the first few not yet in the profile, as quick adds. */
  suggestions: readonly Suggestion[];
}

const QUICK_ADDS = 6;
/** A datalist of thousands of options helps nobody and slows typing. */
const LISTED = 300;

/** A criterion made of words (industries, countries, title keywords, seniorities). */
export function ValueSection(props: ValueSectionProps) {
  const { list, title, description, inputLabel, addLabel, placeholder, criteria, dispatch } = props;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const inputId = useId();
  const listId = useId();
  const errorId = useId();
  const items = criteria[list];

  const add = (value: string) => {
    const problem = checkNewValue(criteria, list, value);
    setError(problem);
    if (problem) return false;
    dispatch({ type: 'add', list, value });
    return true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (add(text)) setText('');
  };
  const quick = props.suggestions
    .filter((s) => checkNewValue(criteria, list, s.value) === null)
    .slice(0, QUICK_ADDS);

  return (
    <section className="card icp-section" aria-labelledby={headingId}>
      <div className="icp-section__head">
        <h2 id={headingId}>{title}</h2>
        <p className="icp-section__description">{description}</p>
      </div>
      {items.length > 0 ? (
        <ul className="icp-items">
          {items.map((item, index) => (
            <WeightedItem
              key={`${item.value}\u0000${index}`}
              label={item.value}
              weight={item.weight}
              onWeight={(weight) => dispatch({ type: 'weight', list, index, weight })}
              onRemove={() => dispatch({ type: 'remove', list, index })}
            />
          ))}
        </ul>
      ) : (
        <p className="icp-section__unused">Not in the profile yet: it does not count.</p>
      )}
      <form className="icp-add" onSubmit={submit} noValidate>
        <label className="visually-hidden" htmlFor={inputId}>
          {inputLabel}
        </label>
        <input
          id={inputId}
          className="icp-input"
          value={text}
          placeholder={placeholder}
          list={props.suggestions.length > 0 ? listId : undefined}
          autoComplete="off"
          maxLength={400}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button">
          {addLabel}
        </button>
        {props.suggestions.length > 0 && (
          <datalist id={listId}>
            {props.suggestions.slice(0, LISTED).map((s) => (
              <option key={s.value} value={s.value}>
                {s.count === undefined ? s.value : `${s.value} (${formatNumber(s.count)})`}
              </option>
            ))}
          </datalist>
        )}
      </form>
      {error && (
        <p className="icp-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      {quick.length > 0 && <QuickAdds suggestions={quick} onAdd={add} />}
    </section>
  );
}

export function QuickAdds({
  suggestions,
  onAdd,
  label = 'Suggestions',
}: {
  suggestions: readonly Suggestion[];
  onAdd: (value: string) => void;
  label?: string;
}) {
  return (
    <div className="icp-quick">
      <span className="icp-quick__label">{label}</span>
      <ul>
        {suggestions.map((s) => (
          <li key={s.value}>
            <button
              type="button"
              className="icp-chip"
              aria-label={`Add ${s.value}`}
              onClick={() => onAdd(s.value)}
            >
              <span aria-hidden="true">+</span> {s.value}
              {s.count !== undefined && (
                <span className="icp-chip__count">{formatNumber(s.count)}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
