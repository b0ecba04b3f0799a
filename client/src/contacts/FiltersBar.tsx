import { useCallback, useDeferredValue, useId, useMemo } from 'react';
import type { Contact } from '../../../shared/documents/contact.ts';
import { CONNECTORS } from '../../../shared/documents/server-written.ts';
import type { ContactFilters, ContactsIndex } from '../data/contacts-index.ts';
import { MultiSelect } from '../ui/MultiSelect.tsx';
import { CONNECTOR_LABELS } from './format.ts';
import { activeFilterCount, DELIVERY_STATES, parseDeliveryFilter } from './query-url.ts';

interface FiltersBarProps {
  id: string;
  /** Phones: the bar is folded behind the "Filters" button unless open. */
  open: boolean;
  filters: ContactFilters;
  onChange: (filters: ContactFilters) => void;
  contacts: ContactsIndex;
  version: number;
}

const DELIVERY_LABELS = {
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
  paused: 'paused',
  none: 'not sent',
} as const;

type ListKey = 'countries' | 'industries' | 'companySizes' | 'tags';
const LISTS: readonly { key: ListKey; label: string; pick: (c: Contact) => string | string[] }[] = [
  { key: 'countries', label: 'Country', pick: (c) => c.country },
  { key: 'industries', label: 'Industry', pick: (c) => c.industry },
  { key: 'companySizes', label: 'Company size', pick: (c) => c.companySize },
  { key: 'tags', label: 'Tags', pick: (c) => c.tags },
];

const IMPORT_SEPARATOR = '\u0001';

function parseScore(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, Math.round(value))) : undefined;
}

/** Country, industry, size, tags, ICP score range, delivery per CRM, import batch. */
export function FiltersBar({ id, open, filters, onChange, contacts, version }: FiltersBarProps) {
  // Facets scan every contact: recomputed at low priority when the data changes (an import).
  const deferredVersion = useDeferredValue(version);
  const rangeId = useId();
  const set = (patch: Partial<ContactFilters>) => {
    const next: ContactFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof ContactFilters)[]) {
      const value = next[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
    }
    onChange(next);
  };

  const imports = useMemo(
    () =>
      contacts
        .facet((c) =>
          c.source.importId ? `${c.source.importId}${IMPORT_SEPARATOR}${c.source.label}` : '',
        )
        .map(({ value, count }) => {
          const [importValue = '', label = ''] = value.split(IMPORT_SEPARATOR);
          return { importId: importValue, label: label || importValue, count };
        }),
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- the version stands for the data
    [contacts, deferredVersion],
  );

  return (
    <div
      id={id}
      className={`contacts-filters${open ? ' is-open' : ''}`}
      role="group"
      aria-label="Filters"
    >
      {LISTS.map((list) => (
        <FacetPicker
          key={list.key}
          label={list.label}
          pick={list.pick}
          contacts={contacts}
          version={deferredVersion}
          selected={filters[list.key] ?? []}
          onChange={(values) => set({ [list.key]: values })}
        />
      ))}
      <div className="contacts-filters__range" role="group" aria-labelledby={rangeId}>
        <span id={rangeId}>ICP score</span>
        <input
          className="ui-input contacts-filters__score"
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          placeholder="0"
          aria-label="Min ICP score"
          value={filters.scoreMin ?? ''}
          onChange={(event) => set({ scoreMin: parseScore(event.target.value) })}
        />
        <span aria-hidden="true">–</span>
        <input
          className="ui-input contacts-filters__score"
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          placeholder="100"
          aria-label="Max ICP score"
          value={filters.scoreMax ?? ''}
          onChange={(event) => set({ scoreMax: parseScore(event.target.value) })}
        />
      </div>
      <div className="contacts-filters__field">
        <select
          className="ui-input contacts-filters__delivery"
          aria-label="Delivery status"
          value={filters.delivery ? `${filters.delivery.connector}:${filters.delivery.state}` : ''}
          onChange={(event) => set({ delivery: parseDeliveryFilter(event.target.value) })}
        >
          <option value="">Delivery: any</option>
          {CONNECTORS.map((connector) => (
            <optgroup key={connector} label={CONNECTOR_LABELS[connector]}>
              {DELIVERY_STATES.map((state) => (
                <option key={state} value={`${connector}:${state}`}>
                  {`${CONNECTOR_LABELS[connector]}: ${DELIVERY_LABELS[state]}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="contacts-filters__field">
        <select
          className="ui-input contacts-filters__import"
          aria-label="Import batch"
          value={filters.importId ?? ''}
          onChange={(event) => set({ importId: event.target.value || undefined })}
        >
          <option value="">Import: any</option>
          {filters.importId && !imports.some((i) => i.importId === filters.importId) && (
            <option value={filters.importId}>{filters.importId}</option>
          )}
          {imports.map((batch) => (
            <option key={batch.importId} value={batch.importId}>
              {`${batch.label} (${batch.count.toLocaleString('en')})`}
            </option>
          ))}
        </select>
      </div>
      {activeFilterCount(filters) > 0 && (
        <button type="button" className="button button--quiet" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function FacetPicker({
  label,
  pick,
  contacts,
  version,
  selected,
  onChange,
}: {
  label: string;
  pick: (c: Contact) => string | string[];
  contacts: ContactsIndex;
  version: number;
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const loadOptions = useCallback(
    () => contacts.facet(pick),
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- the version stands for the data
    [contacts, pick, version],
  );
  return (
    <MultiSelect label={label} loadOptions={loadOptions} selected={selected} onChange={onChange} />
  );
}
