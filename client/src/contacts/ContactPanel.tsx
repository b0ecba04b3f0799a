import { useId, useMemo, useState, type FormEvent } from 'react';
import { contactDisplayName, type Contact } from '../../../shared/documents/contact.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { createContact, deleteContacts, updateContact } from '../data/contacts.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ContactFacts } from './ContactFacts.tsx';
import { draftOf, PANEL_FIELDS, patchOf, problemsByField, type Draft } from './contact-draft.ts';
import { describeWriteError } from './write-feedback.ts';
import { safeHttpUrl } from './safe-url.ts';

export type PanelTarget = { mode: 'new' } | { mode: 'edit'; id: string };

interface ContactPanelProps {
  target: PanelTarget | null;
  db: OutpostDatabase;
  contacts: ContactsIndex;
  onClose: () => void;
  /** After a save or delete, with a sentence for the page's status line. */
  onDone: (message: string) => void;
}

/** The detail/edit panel: a modal dialog at the side, for a new or an existing contact. */
export function ContactPanel({ target, db, contacts, onClose, onDone }: ContactPanelProps) {
  const contact = target?.mode === 'edit' ? contacts.get(target.id) : undefined;
  const title =
    target?.mode === 'edit' ? (contact ? contactDisplayName(contact) : 'Contact') : 'New contact';
  return (
    <Dialog open={target !== null} onClose={onClose} title={title} className="contact-panel">
      {target && (
        <ContactForm
          // A different contact is a fresh form.
          key={target.mode === 'edit' ? target.id : 'new'}
          target={target}
          contact={contact}
          db={db}
          contacts={contacts}
          onClose={onClose}
          onDone={onDone}
        />
      )}
    </Dialog>
  );
}

function ContactForm({
  target,
  contact,
  db,
  contacts,
  onClose,
  onDone,
}: {
  target: PanelTarget;
  contact: Contact | undefined;
  db: OutpostDatabase;
  contacts: ContactsIndex;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const editing = target.mode === 'edit';
  const [initial] = useState(() => (editing ? draftOf(contact) : null));
  const [draft, setDraft] = useState<Draft>(() => initial ?? draftOf(undefined));
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const formId = useId();
  // Suggestions for the fields people type the same values in, from the contacts already here.
  const suggestions = useMemo(
    () => ({
      seniority: contacts.facet((c) => c.seniority).slice(0, 50),
      country: contacts.facet((c) => c.country).slice(0, 300),
      industry: contacts.facet((c) => c.industry).slice(0, 300),
      companySize: contacts.facet((c) => c.companySize).slice(0, 50),
    }),
    [contacts],
  );
  const gone = editing && !contact;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const patch = patchOf(draft, initial);
      const result =
        target.mode === 'edit'
          ? await updateContact(db, target.id, patch)
          : await createContact(db, patch);
      if (!result.ok) {
        setErrors(problemsByField(result.problems));
        return;
      }
      onDone(`Saved ${contactDisplayName(result.contact)}`);
    } catch (error) {
      setErrors({ contact: describeWriteError(error) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (target.mode !== 'edit') return;
    try {
      await deleteContacts(db, [target.id]);
      setConfirming(false);
      onDone(`Deleted ${contact ? contactDisplayName(contact) : 'the contact'}`);
    } catch (error) {
      setConfirming(false);
      setErrors({ contact: describeWriteError(error) });
    }
  };

  return (
    <>
      <button type="button" className="contact-panel__close" aria-label="Close" onClick={onClose}>
        ×
      </button>
      <div className="contact-panel__scroll">
        {gone && (
          <p className="contact-panel__notice" role="status">
            This contact has been deleted, here or on another device.
          </p>
        )}
        {errors.contact && (
          <p className="field-error contact-panel__problem" role="alert">
            {errors.contact}
          </p>
        )}
        {contact && <ContactFacts contact={contact} contacts={contacts} />}
        <form id={formId} className="contact-form" noValidate onSubmit={submit}>
          {PANEL_FIELDS.map((spec) => {
            const id = `${formId}-${spec.field}`;
            const error = errors[spec.field];
            const hint = 'hint' in spec ? spec.hint : undefined;
            const describedBy =
              [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
            const common = {
              id,
              name: spec.field,
              className: 'ui-input',
              value: draft[spec.field],
              'aria-invalid': error ? true : undefined,
              'aria-describedby': describedBy,
              onChange: (event: { target: { value: string } }) =>
                setDraft((d) => ({ ...d, [spec.field]: event.target.value })),
            };
            const link = 'link' in spec ? safeHttpUrl(draft[spec.field]) : null;
            return (
              <div
                key={spec.field}
                className={`contact-form__field contact-form__field--${spec.field}`}
              >
                <label htmlFor={id}>{spec.label}</label>
                {'multiline' in spec ? (
                  <textarea {...common} rows={4} />
                ) : (
                  <input
                    {...common}
                    type={'type' in spec ? spec.type : 'text'}
                    autoComplete={'autoComplete' in spec ? spec.autoComplete : 'off'}
                    list={'list' in spec ? `${id}-list` : undefined}
                    // A new contact starts at its email; an existing one is read before edited.
                    data-autofocus={!editing && spec.field === 'email' ? true : undefined}
                  />
                )}
                {'list' in spec && (
                  <datalist id={`${id}-list`}>
                    {suggestions[spec.field as keyof typeof suggestions].map((option) => (
                      <option key={option.value} value={option.value} />
                    ))}
                  </datalist>
                )}
                {hint && (
                  <p id={`${id}-hint`} className="contact-form__hint">
                    {hint}
                  </p>
                )}
                {link && (
                  <a
                    className="contact-form__link"
                    href={link}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    Open {spec.label.toLowerCase()} ↗
                  </a>
                )}
                {error && (
                  <p id={`${id}-error`} className="field-error" role="alert">
                    {error}
                  </p>
                )}
              </div>
            );
          })}
          <CustomFields
            idPrefix={`${formId}-custom`}
            values={draft.custom}
            onChange={(name, value) =>
              setDraft((d) => ({ ...d, custom: { ...d.custom, [name]: value } }))
            }
          />
        </form>
      </div>
      <div className="contact-panel__actions">
        {editing && !gone && (
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
        <span className="contact-panel__spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          form={formId}
          className="button button--primary"
          disabled={saving || gone}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${contact ? contactDisplayName(contact) : 'this contact'}?`}
        confirmLabel="Delete contact"
        danger
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>The contact is removed from this device and, once synced, from your team’s Outpost.</p>
      </ConfirmDialog>
    </>
  );
}

/** Columns an import kept under their own header: shown and editable, emptied to remove. */
function CustomFields({
  idPrefix,
  values,
  onChange,
}: {
  idPrefix: string;
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
}) {
  const names = Object.keys(values).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) return null;
  return (
    <fieldset className="contact-form__custom">
      <legend>Other fields</legend>
      {names.map((name, i) => (
        <div key={name} className="contact-form__field">
          <label htmlFor={`${idPrefix}-${i}`}>{name}</label>
          <input
            id={`${idPrefix}-${i}`}
            className="ui-input"
            value={values[name]}
            autoComplete="off"
            onChange={(event) => onChange(name, event.target.value)}
          />
        </div>
      ))}
    </fieldset>
  );
}
