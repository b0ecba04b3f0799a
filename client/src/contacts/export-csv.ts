import Papa from 'papaparse';
import type { Contact } from '../../../shared/documents/contact.ts';

/**
 * CSV export of contacts, for a spreadsheet or another tool.
 *
 * Formula injection: a cell starting with = + - @ tab or CR is a formula (or becomes one) in
 * Excel, LibreOffice and Google Sheets, so such a cell gets a leading apostrophe, which the
 * spreadsheet shows as text. papaparse's `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, whose
 * `.` does not cross a line break, so "=cmd|' /C calc'!A0\nmore" would slip through; we pass
 * our own pattern that only looks at the first character.
 *
 * The file is UTF-8 with a byte order mark (Excel reads BOM-less CSV as the local code page and
 * mangles accents), CRLF line ends, and every quote, comma and line break quoted as RFC 4180 says.
 * Large exports are built in chunks with a yield to the event loop between them, so 100,000
 * rows never block the page for long.
 */

export const FORMULA_START = /^[=+\-@\t\r]/;
export const BOM = '\uFEFF';
export const TAG_SEPARATOR = '; ';

type ExportedContact = Pick<
  Contact,
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'company'
  | 'title'
  | 'seniority'
  | 'phone'
  | 'country'
  | 'industry'
  | 'companySize'
  | 'website'
  | 'linkedinUrl'
  | 'notes'
  | 'tags'
  | 'custom'
>;

interface Column {
  header: string;
  value: (contact: ExportedContact) => string;
}

export const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Email', value: (c) => c.email ?? '' },
  { header: 'First Name', value: (c) => c.firstName },
  { header: 'Last Name', value: (c) => c.lastName },
  { header: 'Company', value: (c) => c.company },
  { header: 'Title', value: (c) => c.title },
  { header: 'Seniority', value: (c) => c.seniority },
  { header: 'Phone', value: (c) => c.phone },
  { header: 'Country', value: (c) => c.country },
  { header: 'Industry', value: (c) => c.industry },
  { header: 'Company Size', value: (c) => c.companySize },
  { header: 'Website', value: (c) => c.website },
  { header: 'LinkedIn URL', value: (c) => c.linkedinUrl },
  { header: 'Notes', value: (c) => c.notes },
  { header: 'Tags', value: (c) => c.tags.join(TAG_SEPARATOR) },
];

const UNPARSE_CONFIG = { escapeFormulae: FORMULA_START, newline: '\r\n' } as const;

/**
 * The standard columns, then one per custom field (columns an import kept under their own
 * header) that any of these contacts has, so a re-import maps them back to custom fields.
 */
export function columnsFor(contacts: readonly ExportedContact[]): Column[] {
  const standard = new Set(EXPORT_COLUMNS.map((column) => column.header.toLowerCase()));
  const custom = new Set<string>();
  for (const contact of contacts) {
    for (const key of Object.keys(contact.custom)) {
      if (!standard.has(key.toLowerCase())) custom.add(key);
    }
  }
  return [
    ...EXPORT_COLUMNS,
    ...[...custom]
      .sort()
      .map((key) => ({ header: key, value: (c: ExportedContact) => c.custom[key] ?? '' })),
  ];
}

function rowsOf(columns: readonly Column[], contacts: readonly ExportedContact[]): string[][] {
  return contacts.map((contact) => columns.map((column) => column.value(contact)));
}

/** The CSV of a few contacts in one go (no BOM): for tests and small selections. */
export function contactsToCsv(
  contacts: readonly ExportedContact[],
  columns: readonly Column[] = columnsFor(contacts),
): string {
  return Papa.unparse(
    { fields: columns.map((c) => c.header), data: rowsOf(columns, contacts) },
    UNPARSE_CONFIG,
  );
}

/** Lets the browser paint and handle input between chunks. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface BuildOptions {
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  pause?: () => Promise<void>;
}

/**
 * The export file's text as parts (BOM and header first), built chunk by chunk; hand the parts
 * to a Blob as they are, which avoids one more copy of a 30 MB string.
 */
export async function buildCsvParts(
  contacts: readonly ExportedContact[],
  { chunkSize = 1_000, onProgress, pause = yieldToMain }: BuildOptions = {},
): Promise<string[]> {
  const columns = columnsFor(contacts);
  const parts = [BOM + contactsToCsv(contacts.slice(0, chunkSize), columns)];
  onProgress?.(Math.min(chunkSize, contacts.length), contacts.length);
  for (let start = chunkSize; start < contacts.length; start += chunkSize) {
    await pause();
    const chunk = contacts.slice(start, start + chunkSize);
    parts.push('\r\n' + Papa.unparse(rowsOf(columns, chunk), UNPARSE_CONFIG));
    onProgress?.(start + chunk.length, contacts.length);
  }
  return parts;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** outpost-contacts-YYYY-MM-DD.csv, in the person's own calendar day. */
export function exportFileName(now: Date = new Date()): string {
  return `outpost-contacts-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/**
 * The file as a Blob, one small Blob per part and a yield between them: one Blob from a 15 MB
 * string (or byte array) is encoded and copied in a single main-thread task (most of a second
 * here); a Blob of Blobs only references them.
 */
export async function toCsvBlob(
  parts: readonly string[],
  pause: () => Promise<void> = yieldToMain,
): Promise<Blob> {
  const blobs: Blob[] = [];
  for (const part of parts) {
    blobs.push(new Blob([part]));
    await pause();
  }
  return new Blob(blobs, { type: 'text/csv;charset=utf-8' });
}

/** Saves the file through an object URL (works offline; nothing leaves the device). */
export function downloadCsv(blob: Blob, fileName = exportFileName()): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click returns; keep the URL a little longer anyway.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
