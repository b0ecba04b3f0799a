import { useState } from 'react';
import type { Inspection } from './api.ts';
import {
  FIELD_LABELS,
  mappingProblem,
  type ColumnMapping,
  type ColumnTarget,
  type MappedField,
} from './mapping.ts';
import { POLICY_LABELS, type MergePolicy } from './merge.ts';

const ENCODING_LABELS: Record<Inspection['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
};
const DELIMITER_LABELS: Record<Inspection['delimiter'], string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

const TARGETS: { value: ColumnTarget; label: string }[] = [
  ...(Object.entries(FIELD_LABELS) as [MappedField, string][]).map(([value, label]) => ({
    value,
    label,
  })),
  { value: 'custom', label: 'Custom field (keep the column name)' },
  { value: 'notes-append', label: 'Add to notes' },
  { value: 'skip', label: 'Do not import' },
];

interface MappingStepProps {
  fileName: string;
  inspection: Inspection;
  onStart: (mapping: ColumnMapping, policy: MergePolicy) => void;
  onCancel: () => void;
}

/** Each column, a few of its values, and where it goes; then what to do with known contacts. */
export function MappingStep({ fileName, inspection, onStart, onCancel }: MappingStepProps) {
  const [mapping, setMapping] = useState<ColumnMapping>(inspection.mapping);
  const [policy, setPolicy] = useState<MergePolicy>(inspection.policy);
  const problem = mappingProblem(mapping);
  return (
    <section className="card import-mapping" aria-labelledby="mapping-title">
      <h2 id="mapping-title">Map the columns of {fileName}</h2>
      <p className="muted">
        {ENCODING_LABELS[inspection.encoding]}, {DELIMITER_LABELS[inspection.delimiter]} separated,{' '}
        {inspection.headers.length} columns.{' '}
        {inspection.remembered
          ? 'The mapping you chose last time for these columns is back.'
          : 'Columns were matched by their names; check them against the first rows.'}
      </p>
      <div className="import-mapping__scroll">
        <table className="import-mapping__table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">First rows</th>
              <th scope="col">Import as</th>
            </tr>
          </thead>
          <tbody>
            {inspection.headers.map((header, i) => (
              <tr key={header}>
                <th scope="row">{header}</th>
                <td className="import-mapping__samples">
                  {inspection.preview.map((row, r) => (
                    <span key={r}>{row[i] || '—'}</span>
                  ))}
                </td>
                <td>
                  <select
                    aria-label={`Import ${header} as`}
                    value={mapping[i]}
                    onChange={(event) => {
                      const next = [...mapping];
                      next[i] = event.target.value as ColumnTarget;
                      setMapping(next);
                    }}
                  >
                    {TARGETS.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="import-policy">
        <legend>Contacts that already exist</legend>
        {(Object.entries(POLICY_LABELS) as [MergePolicy, string][]).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="import-policy"
              value={value}
              checked={policy === value}
              onChange={() => setPolicy(value)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {problem && (
        <p className="import-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="import-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={problem !== null}
          onClick={() => onStart(mapping, policy)}
        >
          Start import
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </section>
  );
}
