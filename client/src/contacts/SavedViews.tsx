import { useEffect, useId, useState } from 'react';
import { Popover } from '../ui/Popover.tsx';
import { deleteView, readViews, SAVED_VIEWS_KEY, saveView, type SavedView } from './saved-views.ts';

interface SavedViewsProps {
  /** The current search, filters and sort as a query string. */
  current: string;
  onApply: (params: string) => void;
}

/** Hook: the saved views, updated when another tab of this device changes them. */
function useSavedViews(): [SavedView[], (views: SavedView[]) => void] {
  const [views, setViews] = useState(() => readViews());
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === SAVED_VIEWS_KEY || event.key === null) setViews(readViews());
    };
    addEventListener('storage', onStorage);
    return () => removeEventListener('storage', onStorage);
  }, []);
  return [views, setViews];
}

/** "Views": apply, save (current search + filters + sort under a name) and delete. */
export function SavedViews({ current, onApply }: SavedViewsProps) {
  const [views, setViews] = useSavedViews();
  const active = views.find((view) => view.params === current);
  return (
    <Popover
      label={active ? `View: ${active.name}` : 'Saved views'}
      ariaLabel="Saved views"
      panelLabel="Saved views"
      align="end"
    >
      {(close) => (
        <SavedViewsPanel
          views={views}
          current={current}
          onViews={setViews}
          onApply={(params) => {
            onApply(params);
            close();
          }}
        />
      )}
    </Popover>
  );
}

function SavedViewsPanel({
  views,
  current,
  onViews,
  onApply,
}: {
  views: SavedView[];
  current: string;
  onViews: (views: SavedView[]) => void;
  onApply: (params: string) => void;
}) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();
  const problemId = useId();
  return (
    <div className="saved-views">
      {views.length === 0 ? (
        <p className="muted saved-views__empty">No saved views yet.</p>
      ) : (
        <ul className="saved-views__list" aria-label="Saved views">
          {views.map((view) => (
            <li key={view.id} className="saved-views__item">
              <button
                type="button"
                className="saved-views__apply"
                aria-current={view.params === current ? 'true' : undefined}
                onClick={() => onApply(view.params)}
              >
                {view.name}
              </button>
              <button
                type="button"
                className="button button--quiet saved-views__delete"
                aria-label={`Delete view ${view.name}`}
                title="Delete this view"
                onClick={() => {
                  const result = deleteView(view.id);
                  if (result.ok) onViews(result.views);
                  else setProblem(result.message);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="saved-views__form"
        onSubmit={(event) => {
          event.preventDefault();
          const result = saveView(name, current);
          if (!result.ok) {
            setProblem(result.message);
            return;
          }
          onViews(result.views);
          setName('');
          setProblem(null);
        }}
      >
        <p className="saved-views__hint">Save the current search, filters and sort.</p>
        <label htmlFor={nameId} className="saved-views__label">
          View name
        </label>
        <div className="saved-views__row">
          <input
            id={nameId}
            className="ui-input"
            placeholder="e.g. Germany, score 60+"
            maxLength={80}
            value={name}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--primary">
            Save view
          </button>
        </div>
        {problem && (
          <p id={problemId} role="alert" className="field-error">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
