import { Fragment, useState } from 'react';
import type { Contact } from '../../../shared/documents/contact.ts';
import {
  CONNECTORS,
  type Connector,
  type DeliveryState,
  type Enrichment,
} from '../../../shared/documents/server-written.ts';
import type { SessionStore } from '../account/session.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { defaultDeliveryApi, describeDeliveryError, type DeliveryApi } from '../delivery/api.ts';
import { useServerAccess } from '../delivery/hooks.ts';
import { stateText } from '../delivery/format.ts';
import { CONNECTOR_LABELS } from './format.ts';

const dates = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

function sourceText(source: Contact['source']): string {
  if (source.kind === 'import') return `Imported: ${source.label || 'a CSV file'}`;
  if (source.kind === 'sync') return source.label || 'From another device';
  return source.label || 'Added by hand';
}

interface FactsProps {
  contact: Contact;
  contacts: ContactsIndex;
  api?: DeliveryApi;
  session?: SessionStore;
}

/**
 * What the panel shows but does not edit: source, score, delivery per CRM with reasons, a retry
 * for a failed one and "enrich again" for an enriched one, and what Explorium found about the
 * contact.
 */
export function ContactFacts({ contact, contacts, api, session }: FactsProps) {
  const score = contacts.score(contact.id);
  const delivery = contacts.deliveryOf(contact.id);
  const enrichment = contacts.enrichmentOf(contact.id);
  const access = useServerAccess(session);
  const created = new Date(contact.createdAt);
  return (
    <section className="contact-facts" aria-label="About this contact">
      <dl className="contact-facts__list">
        <dt>Source</dt>
        <dd data-testid="contact-source">{sourceText(contact.source)}</dd>
        <dt>Added</dt>
        <dd>{Number.isNaN(created.getTime()) ? '—' : dates.format(created)}</dd>
        <dt>ICP score</dt>
        <dd>{score === undefined ? '— (not scored yet)' : score}</dd>
      </dl>
      <h3 className="contact-facts__heading">CRM delivery</h3>
      <ul className="contact-facts__delivery">
        {CONNECTORS.map((connector) => (
          <DeliveryRow
            key={connector}
            contactId={contact.id}
            connector={connector}
            state={delivery?.[connector] ?? null}
            signedIn={access.signedIn}
            api={api}
          />
        ))}
      </ul>
      {!access.signedIn && delivery && hasFailure(delivery) && (
        <p className="muted">Sign in to retry a failed delivery.</p>
      )}
      {enrichment && <EnrichedFields enrichment={enrichment} />}
    </section>
  );
}

function hasFailure(delivery: Partial<Record<Connector, DeliveryState | null>>): boolean {
  return CONNECTORS.some((connector) => delivery[connector]?.state === 'failed');
}

function DeliveryRow({
  contactId,
  connector,
  state,
  signedIn,
  api = defaultDeliveryApi(),
}: {
  contactId: string;
  connector: Connector;
  state: DeliveryState | null;
  /** Actions ask the server: offered only to a signed-in user. */
  signedIn: boolean;
  api?: DeliveryApi;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const name = state?.state ?? 'none';
  const label = CONNECTOR_LABELS[connector];
  // The new state arrives with the next replicated delivery document; until then, say what was asked.
  async function ask(request: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await request());
    } catch (error) {
      setMessage(describeDeliveryError(error));
    } finally {
      setBusy(false);
    }
  }
  const retry = () =>
    ask(async () => {
      const { requeued } = await api.retry(connector, contactId);
      return requeued > 0 ? 'Queued again.' : 'Nothing to retry: it is no longer failed.';
    });
  const enrichAgain = () =>
    ask(async () => {
      await api.enrichAgain(contactId);
      return 'Queued: Explorium will enrich this contact again.';
    });
  let action: { text: string; aria: string; run: () => Promise<void> } | null = null;
  if (signedIn && name === 'failed') action = { text: 'Retry', aria: `Retry ${label}`, run: retry };
  else if (signedIn && connector === 'explorium' && name === 'delivered')
    action = { text: 'Enrich again', aria: 'Enrich again with Explorium', run: enrichAgain };
  const showReason = (name === 'failed' || name === 'paused') && state?.reason;
  return (
    <li data-connector={connector} data-state={name}>
      <span className="delivery-badge" data-state={name} aria-hidden="true" />
      <span className="contact-facts__crm">{label}</span>
      <span className="contact-facts__state">
        {stateText(state)}
        {action && (
          <>
            {' '}
            <button
              type="button"
              className="button contact-facts__retry"
              disabled={busy}
              aria-label={action.aria}
              onClick={() => void action.run()}
            >
              {action.text}
            </button>
          </>
        )}
      </span>
      {showReason && <span className="contact-facts__reason">{state.reason}</span>}
      {message && (
        <span className="contact-facts__reason muted" role="status">
          {message}
        </span>
      )}
    </li>
  );
}

const ENRICHED: { key: keyof Enrichment; label: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'seniority', label: 'Seniority' },
  { key: 'companySize', label: 'Company size' },
  { key: 'industry', label: 'Industry' },
  { key: 'revenue', label: 'Revenue' },
  { key: 'country', label: 'Country' },
  { key: 'phone', label: 'Phone' },
];

function EnrichedFields({ enrichment }: { enrichment: Enrichment }) {
  const found = ENRICHED.filter(({ key }) => enrichment[key]);
  const matched = new Date(enrichment.matchedAt);
  return (
    <>
      <h3 className="contact-facts__heading">
        Enriched by Explorium
        {!Number.isNaN(matched.getTime()) && ` · ${dates.format(matched)}`}
      </h3>
      {found.length === 0 ? (
        <p className="muted" data-testid="enrichment-empty">
          Explorium found nothing more about this contact.
        </p>
      ) : (
        <dl className="contact-facts__list contact-facts__enriched" data-testid="enrichment">
          {found.map(({ key, label }) => (
            <Fragment key={key}>
              <dt>{label}</dt>
              <dd>{enrichment[key]}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </>
  );
}
