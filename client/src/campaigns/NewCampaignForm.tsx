import { useId, useState, type FormEvent } from 'react';
import type { Campaign } from '../../../shared/documents/campaign.ts';
import { createCampaign } from '../data/campaigns.ts';
import { useData } from '../data/DataProvider.tsx';
import { LemlistPicker } from './LemlistPicker.tsx';
import { useWrite } from './use-write.ts';

interface NewCampaignFormProps {
  onCreated: (campaign: Campaign) => void;
  onCancel: () => void;
}

/** Name and optional Lemlist link; the data layer validates and its message is shown as is. */
export function NewCampaignForm({ onCreated, onCancel }: NewCampaignFormProps) {
  const { db } = useData();
  const [name, setName] = useState('');
  const [lemlistId, setLemlistId] = useState('');
  const { busy, error, run } = useWrite();
  const nameId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      const result = await createCampaign(db, name, lemlistId);
      if (!result.ok) return result.message;
      onCreated(result.campaign);
      return null;
    });
  };

  return (
    <form className="card campaign-form" aria-label="New campaign" onSubmit={submit} noValidate>
      <h2>New campaign</h2>
      <div className="campaign-form__fields">
        <div className="field">
          <label htmlFor={nameId}>Campaign name</label>
          <input
            id={nameId}
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            // oxlint-disable-next-line jsx-a11y/no-autofocus -- the form opens on request
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        </div>
        <div className="field">
          <LemlistPicker
            value={lemlistId}
            onChange={setLemlistId}
            idLabel="Lemlist campaign id (optional)"
          />
          <p className="field__hint">
            Enrolled contacts become leads of this Lemlist campaign once synced.
          </p>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div className="campaign-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Create campaign
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
