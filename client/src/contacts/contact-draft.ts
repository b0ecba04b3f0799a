import type { FieldProblem } from '../../../shared/contacts/fields.ts';
import type { Contact, ContactFields } from '../../../shared/documents/contact.ts';
import { parseTagInput } from './format.ts';

/** The fields the panel edits, in its order, with their labels. */
export const PANEL_FIELDS = [
  { field: 'email', label: 'Email', type: 'email', autoComplete: 'off' },
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'company', label: 'Company' },
  { field: 'title', label: 'Title' },
  { field: 'seniority', label: 'Seniority', list: true },
  { field: 'phone', label: 'Phone', type: 'tel' },
  { field: 'country', label: 'Country', list: true },
  { field: 'industry', label: 'Industry', list: true },
  { field: 'companySize', label: 'Company size', list: true },
  { field: 'website', label: 'Website', type: 'url', link: true },
  { field: 'linkedinUrl', label: 'LinkedIn URL', type: 'url', link: true },
  { field: 'tags', label: 'Tags', hint: 'Separate tags with commas' },
  { field: 'notes', label: 'Notes', multiline: true },
] as const satisfies readonly {
  field: Exclude<keyof ContactFields, 'custom'>;
  label: string;
  type?: string;
  autoComplete?: string;
  list?: boolean;
  link?: boolean;
  hint?: string;
  multiline?: boolean;
}[];

export type DraftField = (typeof PANEL_FIELDS)[number]['field'];
/**
 * What the form holds: every field as the text in its box, and the custom fields (columns an
 * import kept under their own header) by name.
 */
export type Draft = Record<DraftField, string> & { custom: Record<string, string> };

export function draftOf(contact: Contact | undefined): Draft {
  const draft = { custom: { ...contact?.custom } } as Draft;
  for (const { field } of PANEL_FIELDS) {
    if (field === 'tags') draft.tags = contact?.tags.join(', ') ?? '';
    else if (field === 'email') draft.email = contact?.email ?? '';
    else draft[field] = contact?.[field] ?? '';
  }
  return draft;
}

function valueOf(draft: Draft, field: DraftField): ContactFields[DraftField] {
  if (field === 'tags') return parseTagInput(draft.tags);
  if (field === 'email') return draft.email.trim() || null;
  return draft[field];
}

/**
 * The fields to write: all of them for a new contact; for an edit only those the person changed
 * since the panel opened, so an edit made meanwhile in another tab to another field survives.
 */
export function patchOf(draft: Draft, initial: Draft | null): Partial<ContactFields> {
  const patch: Partial<ContactFields> = {};
  for (const { field } of PANEL_FIELDS) {
    if (initial && draft[field] === initial[field]) continue;
    (patch as Record<string, unknown>)[field] = valueOf(draft, field);
  }
  const custom = Object.entries(draft.custom);
  if (!initial || custom.some(([name, value]) => initial.custom[name] !== value)) {
    // A custom field emptied in the form is removed.
    patch.custom = Object.fromEntries(custom.filter(([, value]) => value.trim() !== ''));
  }
  return patch;
}

/** Problems by field for the form; problems about the whole contact under 'contact'. */
export function problemsByField(
  problems: readonly FieldProblem[],
): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const { field, message } of problems) {
    const key = PANEL_FIELDS.some((f) => f.field === field) ? field : 'contact';
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}
