import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Campaign } from '../../../shared/documents/campaign.ts';
import { updateCampaign } from '../data/campaigns.ts';
import { useData } from '../data/DataProvider.tsx';
import { useWrite } from './use-write.ts';

interface RenameFormProps {
  campaign: Campaign;
  onDone: () => void;
}

/** Inline rename; Escape cancels. The data layer's refusal is shown, the old name stays. */
export function RenameForm({ campaign, onDone }: RenameFormProps) {
  const { db } = useData();
  const [name, setName] = useState(campaign.name);
  const { busy, error, run } = useWrite();
  const inputId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      const result = await updateCampaign(db, campaign.id, { name });
      if (!result.ok) return result.message;
      onDone();
      return null;
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onDone();
  };

  return (
    <form className="rename-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <label htmlFor={inputId}>New campaign name</label>
      <div className="rename-form__row">
        <input
          id={inputId}
          className="input"
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoComplete="off"
          // oxlint-disable-next-line jsx-a11y/no-autofocus -- opened by the Rename button
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
    </form>
  );
}
