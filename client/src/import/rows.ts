import { prepareContactFields } from '../../../shared/contacts/fields.ts';
import {
  normalizeCountry,
  normalizeLinkedinUrl,
  normalizePhone,
  normalizeUrl,
} from '../../../shared/contacts/normalize.ts';
import type { ContactFields } from '../../../shared/documents/contact.ts';
import { contactIdForFields } from '../../../shared/ids.ts';
import type { ColumnMapping } from './mapping.ts';

export type RejectReason = 'invalid email' | 'no identity' | 'value too long';

export type RowResult =
  { ok: true; id: string; fields: ContactFields } | { ok: false; reason: RejectReason };

/** Our export's tag separator (contacts/export-csv.ts); a bare ";" splits too. */
const TAG_SPLIT = /;\s*/;

/**
 * Our export (and careful spreadsheets) put an apostrophe before a cell that a spreadsheet
 * would run as a formula; the cell's text is what follows it.
 */
export function unneutralize(value: string): string {
  if (value.charCodeAt(0) !== 39) return value;
  const next = value.charAt(1);
  return next === '=' ||
    next === '+' ||
    next === '-' ||
    next === '@' ||
    next === '\t' ||
    next === '\r'
    ? value.slice(1)
    : value;
}

/**
 * One row of the file to contact fields, with the reason when it cannot be a contact. Values
 * stay text: nothing in a cell is ever interpreted (formulas, HTML) beyond the apostrophe above.
 */
export function rowToContact(
  headers: readonly string[],
  mapping: ColumnMapping,
  values: readonly string[],
): RowResult {
  const input: Partial<ContactFields> & { custom: Record<string, string> } = { custom: {} };
  const extraNotes: string[] = [];
  const n = Math.min(values.length, mapping.length);
  for (let i = 0; i < n; i++) {
    const target = mapping[i]!;
    if (target === 'skip') continue;
    const value = unneutralize(values[i]!).trim();
    if (value === '') continue;
    switch (target) {
      case 'custom':
        input.custom[headers[i]!] = value;
        break;
      case 'notes-append':
        extraNotes.push(`${headers[i]}: ${value}`);
        break;
      case 'tags':
        input.tags = value.split(TAG_SPLIT);
        break;
      case 'phone':
        input.phone = normalizePhone(value);
        break;
      case 'website':
        input.website = normalizeUrl(value);
        break;
      case 'linkedinUrl':
        input.linkedinUrl = normalizeLinkedinUrl(value);
        break;
      case 'country':
        input.country = normalizeCountry(value);
        break;
      default:
        input[target] = value;
    }
  }
  if (extraNotes.length > 0) {
    input.notes = [input.notes, ...extraNotes].filter(Boolean).join('\n');
  }
  const prepared = prepareContactFields(input);
  if (!prepared.ok) {
    const fields = new Set(prepared.problems.map((p) => p.field));
    if (fields.has('email')) return { ok: false, reason: 'invalid email' };
    if (fields.has('contact')) return { ok: false, reason: 'no identity' };
    return { ok: false, reason: 'value too long' };
  }
  const fields = prepared.fields;
  return { ok: true, id: contactIdForFields(fields), fields };
}
