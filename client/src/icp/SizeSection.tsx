import { useId, useState, type FormEvent } from 'react';
import type { IcpCriteria } from '../../../shared/documents/icp.ts';
import {
  formatSizeRange,
  parseCompanySize,
  type SizeRangeValue,
} from '../../../shared/icp/score.ts';
import { parseSizeInput, type DraftAction } from './draft.ts';
import { QuickAdds, type Suggestion } from './ValueSection.tsx';
import { WeightedItem } from './WeightedItem.tsx';

interface SizeSectionProps {
  criteria: IcpCriteria;
  dispatch: (action: DraftAction) => void;
  /** The contacts' company-size texts with counts ("51-200", "10000+"). */
  sizes: readonly Suggestion[];
}

const QUICK_ADDS = 6;

/** Company-size ranges in employees; a contact's size matches a range it overlaps. */
export function SizeSection({ criteria, dispatch, sizes }: SizeSectionProps) {
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const minId = useId();
  const maxId = useId();
  const errorId = useId();

  const add = (min: string, max: string) => {
    const parsed = parseSizeInput(criteria, min, max);
    if (!parsed.ok) {
      setError(parsed.message);
      return false;
    }
    setError(null);
    dispatch({ type: 'addSize', min: parsed.min, max: parsed.max });
    return true;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (add(minText, maxText)) {
      setMinText('');
      setMaxText('');
    }
  };
  const quick = quickRanges(criteria, sizes);
  const invalid = error ? true : undefined;

  return (
    <section className="card icp-section" aria-labelledby={headingId}>
      <div className="icp-section__head">
        <h2 id={headingId}>Company sizes</h2>
        <p className="icp-section__description">
          Ranges of employees. A contact’s company size (“51-200”, “10,000+”) matches every range it
          overlaps; the heaviest one counts.
        </p>
      </div>
      {criteria.companySizes.length > 0 ? (
        <ul className="icp-items">
          {criteria.companySizes.map((size, index) => {
            const label = `${formatSizeRange(size)} employees`;
            return (
              <WeightedItem
                key={`${label}\u0000${index}`}
                label={label}
                weight={size.weight}
                onWeight={(weight) =>
                  dispatch({ type: 'weight', list: 'companySizes', index, weight })
                }
                onRemove={() => dispatch({ type: 'remove', list: 'companySizes', index })}
              />
            );
          })}
        </ul>
      ) : (
        <p className="icp-section__unused">Not in the profile yet: it does not count.</p>
      )}
      <form className="icp-add icp-add--size" onSubmit={submit} noValidate>
        <div className="icp-field">
          <label htmlFor={minId}>Min employees</label>
          <input
            id={minId}
            className="icp-input"
            inputMode="numeric"
            placeholder="51"
            value={minText}
            autoComplete="off"
            aria-invalid={invalid}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setMinText(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="icp-field">
          <label htmlFor={maxId}>Max employees</label>
          <input
            id={maxId}
            className="icp-input"
            inputMode="numeric"
            placeholder="No limit"
            value={maxText}
            autoComplete="off"
            aria-invalid={invalid}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setMaxText(event.target.value);
              setError(null);
            }}
          />
        </div>
        <button type="submit" className="button">
          Add size range
        </button>
      </form>
      {error && (
        <p className="icp-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      {quick.length > 0 && (
        <QuickAdds
          label="From your contacts"
          suggestions={quick}
          onAdd={(value) => {
            const range = quick.find((q) => q.value === value)?.range;
            if (range) add(String(range.min), range.max === null ? '' : String(range.max));
          }}
        />
      )}
    </section>
  );
}

/** The contacts' own ranges, as exports write them, offered as one-click ranges. */
function quickRanges(criteria: IcpCriteria, sizes: readonly Suggestion[]) {
  const byLabel = new Map<string, Suggestion & { range: SizeRangeValue }>();
  for (const s of sizes) {
    const range = parseCompanySize(s.value);
    if (!range) continue;
    if (criteria.companySizes.some((c) => c.min === range.min && c.max === range.max)) continue;
    const value = formatSizeRange(range);
    const count = (byLabel.get(value)?.count ?? 0) + (s.count ?? 0);
    byLabel.set(value, { value, count, range });
  }
  return [...byLabel.values()].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, QUICK_ADDS);
}
