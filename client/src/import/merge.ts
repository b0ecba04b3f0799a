import {
  CONTACT_FIELDS,
  type Contact,
  type ContactField,
  type ContactFields,
} from '../../../shared/documents/contact.ts';

/**
 * What an import does to a contact that already exists (chosen before starting):
 * - skip: leave it as it is;
 * - fill: set only the fields it has empty;
 * - overwrite: every non-empty value of the file replaces the contact's.
 * Rows of the same file always merge as "overwrite": a later non-empty value wins.
 */
export type MergePolicy = 'skip' | 'fill' | 'overwrite';

export const POLICY_LABELS: Record<MergePolicy, string> = {
  skip: 'Skip contacts that already exist',
  fill: 'Fill empty fields only',
  overwrite: 'Overwrite with the non-empty values of the file',
};

function isEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields after applying `incoming` to `current` under `policy`, and which fields changed.
 * Tags are a set (the file's are added); custom fields merge key by key like fields do.
 */
export function mergeFields(
  current: ContactFields,
  incoming: ContactFields,
  policy: MergePolicy,
): { fields: ContactFields; changed: ContactField[] } {
  if (policy === 'skip') return { fields: current, changed: [] };
  const fields = { ...current } as Record<ContactField, unknown>;
  const changed: ContactField[] = [];
  for (const field of CONTACT_FIELDS) {
    const mine = current[field];
    const theirs = incoming[field];
    let next: unknown = mine;
    if (field === 'tags') {
      next = [...new Set([...current.tags, ...incoming.tags])];
    } else if (field === 'custom') {
      next =
        policy === 'fill'
          ? { ...incoming.custom, ...current.custom }
          : { ...current.custom, ...incoming.custom };
    } else if (!isEmpty(theirs) && (policy === 'overwrite' || isEmpty(mine))) {
      next = theirs;
    }
    if (!same(next, mine)) {
      fields[field] = next;
      changed.push(field);
    }
  }
  return { fields: fields as ContactFields, changed };
}

export function pickFields(contact: Contact): ContactFields {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, contact[f]])) as ContactFields;
}
