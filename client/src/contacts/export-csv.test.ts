import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { emptyContactFields, type ContactFields } from '../../../shared/documents/contact.ts';
import {
  BOM,
  buildCsvParts,
  contactsToCsv,
  EXPORT_COLUMNS,
  exportFileName,
  FORMULA_START,
  toCsvBlob,
} from './export-csv.ts';

function contact(fields: Partial<ContactFields>): ContactFields {
  return { ...emptyContactFields(), email: 'ann@acme.com', ...fields };
}

/** The data line (second line) of a one-contact export. */
function dataLine(fields: Partial<ContactFields>): string {
  return contactsToCsv([contact(fields)])
    .split('\r\n')
    .slice(1)
    .join('\r\n');
}

/** The exported cell for a company value, as written in the file. */
function companyCell(company: string): string {
  const parsed = Papa.parse<string[]>(contactsToCsv([contact({ company })]), { header: false });
  expect(parsed.errors).toEqual([]);
  return parsed.data[1]![3]!;
}

/** What an importer does with an exported cell: drop the apostrophe the export added. */
function unescape(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

describe('CSV export', () => {
  it('writes readable headers in a fixed order', () => {
    expect(contactsToCsv([]).split('\r\n')[0]).toBe(
      'Email,First Name,Last Name,Company,Title,Seniority,Phone,Country,Industry,Company Size,' +
        'Website,LinkedIn URL,Notes,Tags',
    );
  });

  it('adds one column per custom field any exported contact has, after the standard ones', () => {
    const csv = contactsToCsv([
      contact({ custom: { 'Lead Source': 'Fair', Budget: '=10k' } }),
      contact({ email: 'bo@acme.com', custom: { 'Lead Source': 'Web' } }),
    ]);
    const [header, first, second] = Papa.parse<string[]>(csv).data;
    expect(header!.slice(EXPORT_COLUMNS.length)).toEqual(['Budget', 'Lead Source']);
    expect(first!.slice(EXPORT_COLUMNS.length)).toEqual(["'=10k", 'Fair']);
    expect(second!.slice(EXPORT_COLUMNS.length)).toEqual(['', 'Web']);
  });

  it('joins tags with "; "', () => {
    expect(dataLine({ tags: ['vip', 'trade show'] })).toMatch(/,vip; trade show$/);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","click")'],
    ['+', '+33 1 23 45 67 89'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A2)'],
    ['tab', '\t=1+1'],
    ['CR', '\r=1+1'],
  ])('neutralizes a cell starting with %s with one leading apostrophe, quoted', (_, value) => {
    expect(companyCell(value)).toBe(`'${value}`);
    const line = dataLine({ company: value });
    const escaped = value.replaceAll('"', '""');
    expect(line).toContain(`,"'${escaped}",`);
  });

  it('neutralizes a formula that spans lines (papaparse’s own pattern misses it)', () => {
    const value = "=cmd|' /C calc'!A0\nsecond line";
    expect(companyCell(value)).toBe(`'${value}`);
    // The reason for FORMULA_START: the library default stops at the line break.
    const withDefault = Papa.unparse([[value]], { escapeFormulae: true });
    expect(withDefault.startsWith(`"=`)).toBe(true);
    expect(FORMULA_START.test(value)).toBe(true);
  });

  it('leaves ordinary cells alone, including a formula character later in the cell', () => {
    expect(dataLine({ company: 'Acme', title: 'VP Sales - EMEA', phone: '030 1234' })).toBe(
      'ann@acme.com,,,Acme,VP Sales - EMEA,,030 1234,,,,,,,',
    );
  });

  it('quotes quotes, commas and line breaks', () => {
    expect(dataLine({ company: 'Say "hi"' })).toContain(',"Say ""hi""",');
    expect(dataLine({ company: 'Acme, Inc.' })).toContain(',"Acme, Inc.",');
    expect(dataLine({ notes: 'line one\nline two\r\nthree' })).toContain(
      ',"line one\nline two\r\nthree",',
    );
  });

  it('keeps unicode as is and starts the file with a UTF-8 byte order mark', async () => {
    const parts = await buildCsvParts([
      contact({ firstName: 'Zoë', lastName: 'Ångström', company: '日本電気 😀' }),
    ]);
    const text = parts.join('');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.charCodeAt(1)).toBe('E'.charCodeAt(0));
    expect(text).toContain('Zoë,Ångström,日本電気 😀');
    const bytes = new TextEncoder().encode(text);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('builds large exports in chunks, yielding between them, with the same text', async () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      contact({ email: `p${i}@acme.com`, company: i % 2 ? `=X${i}` : `Co, ${i}` }),
    );
    const pause = vi.fn(async () => undefined);
    const progress = vi.fn();
    const parts = await buildCsvParts(many, { chunkSize: 3, pause, onProgress: progress });
    expect(parts).toHaveLength(4);
    expect(pause).toHaveBeenCalledTimes(3);
    expect(progress).toHaveBeenLastCalledWith(10, 10);
    expect(parts.join('')).toBe(BOM + contactsToCsv(many));
  });

  it('round-trips: parsed back, every value comes back (minus the added apostrophe)', async () => {
    const hostile = [
      contact({
        email: 'zoe@example.com',
        firstName: '<img src=x onerror=alert(1)>',
        lastName: 'O"Brien, Jr.',
        company: '=1+1',
        title: '+Chief "Quote" Officer',
        seniority: '-',
        phone: '+49 30 1234',
        country: 'Côte d’Ivoire',
        industry: '@Software',
        companySize: '\t51-200',
        website: 'https://acme.com/?a=1,b=2',
        linkedinUrl: '\rhttps://linkedin.com/in/x',
        notes: 'multi\nline, with "quotes"\r\nand CRLF',
        tags: ['vip', '=cmd', 'ünïcödé'],
      }),
      contact({ email: null, linkedinUrl: 'https://linkedin.com/in/y', notes: "'already quoted" }),
    ];
    const text = (await buildCsvParts(hostile, { chunkSize: 1 })).join('');
    const parsed = Papa.parse<Record<string, string>>(text.slice(BOM.length), {
      header: true,
      skipEmptyLines: false,
    });
    expect(parsed.errors).toEqual([]);
    parsed.data.forEach((row, index) => {
      for (const column of EXPORT_COLUMNS) {
        expect(unescape(row[column.header]!), column.header).toBe(column.value(hostile[index]!));
      }
    });
  });

  it('makes a UTF-8 file, BOM first, from the parts', async () => {
    const parts = await buildCsvParts([contact({ firstName: 'Zoë' })]);
    const blob = await toCsvBlob(parts, async () => undefined);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(parts.join(''));
    expect(blob.type).toBe('text/csv;charset=utf-8');
  });

  it('names the file after the local date', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('outpost-contacts-2026-01-05.csv');
  });
});
