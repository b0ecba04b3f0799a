import type { Contact } from '../../../shared/documents/contact.ts';
import { CONNECTORS } from '../../../shared/documents/server-written.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { CONNECTOR_LABELS } from './format.ts';

const dates = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

function sourceText(source: Contact['source']): string {
  if (source.kind === 'import') return `Imported: ${source.label || 'a CSV file'}`;
  if (source.kind === 'sync') return source.label || 'From another device';
  return source.label || 'Added by hand';
}

/** What the panel shows but does not edit: source, score, and delivery per CRM with reasons. */
export function ContactFacts({ contact, contacts }: { contact: Contact; contacts: ContactsIndex }) {
  const score = contacts.score(contact.id);
  const delivery = contacts.deliveryOf(contact.id);
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
        {CONNECTORS.map((connector) => {
          const state = delivery?.[connector];
          const name = state?.state ?? 'none';
          return (
            <li key={connector} data-connector={connector} data-state={name}>
              <span className="delivery-badge" data-state={name} aria-hidden="true" />
              <span className="contact-facts__crm">{CONNECTOR_LABELS[connector]}</span>
              <span className="contact-facts__state">
                {name === 'none' ? 'not sent yet' : name}
              </span>
              {state?.state === 'failed' && state.reason && (
                <span className="contact-facts__reason">{state.reason}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
