import { MAX_WEIGHT } from './draft.ts';

interface WeightedItemProps {
  label: string;
  weight: number;
  onWeight: (weight: number) => void;
  onRemove: () => void;
}

/** One value of a criterion: its name, a 0-10 weight slider and a remove button. */
export function WeightedItem({ label, weight, onWeight, onRemove }: WeightedItemProps) {
  return (
    <li className="icp-item" data-weight={weight}>
      <span className="icp-item__label">{label}</span>
      <input
        type="range"
        className="icp-item__slider"
        min={0}
        max={MAX_WEIGHT}
        step={1}
        value={weight}
        aria-label={`Weight of ${label}`}
        aria-valuetext={`${weight} of ${MAX_WEIGHT}`}
        onChange={(event) => onWeight(Number(event.target.value))}
      />
      <span className="icp-item__weight" aria-hidden="true">
        {weight}
      </span>
      <button
        type="button"
        className="icp-item__remove"
        aria-label={`Remove ${label}`}
        title={`Remove ${label}`}
        onClick={onRemove}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" className="icon">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </button>
    </li>
  );
}
