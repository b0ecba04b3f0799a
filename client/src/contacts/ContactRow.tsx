import { memo } from 'react';
import { contactDisplayName, type Contact } from '../../../shared/documents/contact.ts';
import type { DeliveryStatus } from '../../../shared/documents/server-written.ts';
import { DeliveryBadges } from './DeliveryBadges.tsx';

interface ContactRowProps {
  index: number;
  /** Distance from the top of the list, in px. */
  top: number;
  contact: Contact;
  score: number | undefined;
  delivery: DeliveryStatus | undefined;
  selected: boolean;
  /** The row that takes Tab focus in the grid (roving tabindex). */
  active: boolean;
  onOpen: (id: string) => void;
  onToggle: (id: string, selected: boolean) => void;
}

const MAX_TAGS_SHOWN = 1;

/**
 * One contact. Memoized on its props: while scrolling or typing only rows whose contact,
 * score, delivery or selection changed render again. All text goes through React (escaped):
 * a name like <img onerror=…> shows as those characters.
 */
export const ContactRow = memo(function ContactRow({
  index,
  top,
  contact,
  score,
  delivery,
  selected,
  active,
  onOpen,
  onToggle,
}: ContactRowProps) {
  const name = contactDisplayName(contact);
  const extraTags = contact.tags.length - MAX_TAGS_SHOWN;
  return (
    <div
      role="row"
      className="contacts-row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-contact-id={contact.id}
      data-index={index}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(contact.id)}
    >
      <div role="gridcell" className="contacts-cell contacts-cell--check">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${name}`}
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => onToggle(contact.id, event.target.checked)}
        />
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--name" title={name}>
        {name}
      </div>
      <div
        role="gridcell"
        className="contacts-cell contacts-cell--email"
        title={contact.email ?? ''}
      >
        {contact.email ?? (
          <span className="muted">{contact.linkedinUrl ? 'LinkedIn only' : '—'}</span>
        )}
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--company" title={contact.company}>
        {contact.company}
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--title" title={contact.title}>
        {contact.title}
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--country">
        {contact.country}
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--score">
        {score === undefined ? (
          <span className="muted" aria-label="no score">
            —
          </span>
        ) : (
          score
        )}
      </div>
      <div role="gridcell" className="contacts-cell contacts-cell--delivery">
        <DeliveryBadges status={delivery} />
      </div>
      <div
        role="gridcell"
        className="contacts-cell contacts-cell--tags"
        title={contact.tags.join(', ')}
      >
        {contact.tags.slice(0, MAX_TAGS_SHOWN).map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
        {extraTags > 0 && <span className="tag tag--more">+{extraTags}</span>}
      </div>
    </div>
  );
});
