import { z } from 'zod';
import { MAX_EMAIL_LENGTH } from '../contacts/email.ts';
import { fieldClock, id, isoTime, text } from './fields.ts';

/** The fields a person edits; each has its own clock stamp, so edits merge field by field. */
export const contactFieldsSchema = z.strictObject({
  /** Normalized (contacts/email.ts); null for a contact known by LinkedIn URL only. */
  email: z.string().max(MAX_EMAIL_LENGTH).nullable(),
  firstName: text(200),
  lastName: text(200),
  company: text(300),
  title: text(300),
  seniority: text(100),
  phone: text(60),
  country: text(100),
  industry: text(200),
  /** As exports give it: "51-200", "10000+", "1001-5000". */
  companySize: text(40),
  website: text(500),
  linkedinUrl: text(500),
  notes: text(10_000),
  tags: z.array(text(60)).max(100),
  /** Columns of an import that map to no contact field, by their header. */
  custom: z.record(text(200), text(2_000)),
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;
export type ContactField = keyof ContactFields;
export const CONTACT_FIELDS = Object.keys(contactFieldsSchema.shape) as ContactField[];

export const contactSourceSchema = z.strictObject({
  kind: z.enum(['manual', 'import', 'sync']),
  /** The import job that created the contact, for "contacts per import" and undo. */
  importId: id.nullable(),
  label: text(300),
});

export const contactSchema = contactFieldsSchema.extend({
  /** contactIdForEmail(email), or a random id when there is no email (ids.ts). */
  id,
  source: contactSourceSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Set when the email changed: this id is a tombstone, the contact lives on under that id. */
  mergedInto: id.nullable(),
  clock: fieldClock,
});
export type Contact = z.infer<typeof contactSchema>;

export function emptyContactFields(): ContactFields {
  return {
    email: null,
    firstName: '',
    lastName: '',
    company: '',
    title: '',
    seniority: '',
    phone: '',
    country: '',
    industry: '',
    companySize: '',
    website: '',
    linkedinUrl: '',
    notes: '',
    tags: [],
    custom: {},
  };
}

export function contactDisplayName(contact: Pick<Contact, 'firstName' | 'lastName' | 'email'>) {
  const name = `${contact.firstName} ${contact.lastName}`.trim();
  return name || contact.email || '(no name)';
}
