import { useId, useState } from 'react';
import type { LemlistCampaign } from '../../../shared/api/delivery.ts';
import type { SessionStore } from '../account/session.ts';
import { defaultDeliveryApi, type DeliveryApi } from '../delivery/api.ts';
import { useServerAccess, useServerData, type Loaded } from '../delivery/hooks.ts';

const OTHER = '\u0000other';

export interface LemlistPickerProps {
  value: string;
  onChange: (value: string) => void;
  /** The typed id's label, e.g. "Lemlist campaign id (optional)". */
  idLabel: string;
  placeholder?: string;
  api?: DeliveryApi;
  session?: SessionStore;
  /** Focus the first control when shown (a form opened on request). */
  autoFocus?: boolean;
}

/**
 * The Lemlist campaign to link: chosen from the workspace's Lemlist campaigns (through the team
 * server) when they can be listed, else typed as an id, which always works, offline included.
 */
export function LemlistPicker(props: LemlistPickerProps) {
  const { value, onChange, api = defaultDeliveryApi(), session } = props;
  const access = useServerAccess(session);
  const listed = useServerData(() => api.lemlistCampaigns(), { enabled: access.signedIn });
  const [typing, setTyping] = useState(false);
  const selectId = useId();
  const campaigns = listed.data ?? [];
  const known = value === '' || campaigns.some((campaign) => campaign.id === value);

  if (campaigns.length === 0) {
    return (
      <div className="lemlist-picker">
        <TypedId {...props} />
        <p className="lemlist-picker__note" data-testid="lemlist-note">
          {whyTyped(access.signedIn, listed)}
        </p>
      </div>
    );
  }
  const showTyped = typing || !known;
  return (
    <div className="lemlist-picker">
      <label htmlFor={selectId}>Lemlist campaign</label>
      <select
        id={selectId}
        className="input"
        value={showTyped ? OTHER : value}
        // oxlint-disable-next-line jsx-a11y/no-autofocus -- only when the form opened on request
        autoFocus={props.autoFocus}
        onChange={(event) => {
          const chosen = event.target.value;
          setTyping(chosen === OTHER);
          onChange(chosen === OTHER ? '' : chosen);
        }}
      >
        <option value="">Not linked</option>
        {campaigns.map((campaign) => (
          <option key={campaign.id} value={campaign.id}>
            {optionText(campaign)}
          </option>
        ))}
        <option value={OTHER}>Another campaign: type its id…</option>
      </select>
      {showTyped && <TypedId {...props} autoFocus={false} />}
    </div>
  );
}

function TypedId({ value, onChange, idLabel, placeholder, autoFocus }: LemlistPickerProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{idLabel}</label>
      <input
        id={id}
        className="input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder ?? 'cam_A1b2C3'}
        autoComplete="off"
        spellCheck={false}
        // oxlint-disable-next-line jsx-a11y/no-autofocus -- only when the form opened on request
        autoFocus={autoFocus}
      />
    </>
  );
}

function optionText(campaign: LemlistCampaign): string {
  return campaign.status ? `${campaign.name} (${campaign.status})` : campaign.name;
}

function whyTyped(signedIn: boolean, listed: Loaded<LemlistCampaign[]>): string {
  if (!signedIn) return 'Sign in to pick from your Lemlist campaigns, or type the id.';
  if (listed.unreachable) return 'The server is unreachable: type the Lemlist campaign id.';
  if (listed.error) return `${listed.error} Type the id instead.`;
  if (listed.data) return 'Lemlist has no campaign yet: type an id.';
  return 'Loading your Lemlist campaigns…';
}
