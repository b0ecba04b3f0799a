import {
  contactFieldsSchema,
  emptyContactFields,
  type ContactField,
  type ContactFields,
} from '../documents/contact.ts';
import { checkEmail } from './email.ts';
import { normalizeLinkedinUrl } from './normalize.ts';

export interface FieldProblem {
  /** The field at fault, or 'contact' for a rule about the whole contact. */
  field: ContactField | 'contact';
  message: string;
}

export type PreparedFields =
  { ok: true; fields: ContactFields } | { ok: false; problems: FieldProblem[] };

/**
 * Turns what a person typed (or a file held) into contact fields, or says what is wrong with it.
 * One function for the edit panel, the importer and the server: strings trimmed, the email
 * normalized and checked, the LinkedIn URL normalized, tags cleaned, limits enforced, and a contact must have an email or a
 * LinkedIn URL to be identifiable.
 */
export function prepareContactFields(input: Partial<ContactFields>): PreparedFields {
  const fields: ContactFields = { ...emptyContactFields(), ...input };
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(fields) as ContactField[]) {
    const value = fields[key];
    if (typeof value === 'string') (fields as Record<string, unknown>)[key] = value.trim();
  }
  fields.tags = cleanTags(fields.tags);
  // Part of the identity when there is no email (ids.ts contactIdForFields): one spelling.
  if (fields.linkedinUrl) fields.linkedinUrl = normalizeLinkedinUrl(fields.linkedinUrl);

  if (fields.email !== null && fields.email !== '') {
    const email = checkEmail(fields.email);
    if (email.ok) fields.email = email.email;
    else
      problems.push({ field: 'email', message: `"${fields.email}" is not a valid email address` });
  } else {
    fields.email = null;
  }
  if (fields.email === null && fields.linkedinUrl === '') {
    problems.push({ field: 'contact', message: 'A contact needs an email or a LinkedIn URL' });
  }

  const parsed = contactFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        field: (issue.path[0] as ContactField) ?? 'contact',
        message: issue.message,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

/** Trimmed, non-empty, unique regardless of case (the first spelling is kept). */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}
