import { CsvRecordReader, detectDelimiter, detectNewline, uniqueHeaders } from './csv.ts';
import type { Delimiter, Newline } from './csv.ts';
import { SNIFF_BYTES, detectEncoding, type CsvEncoding } from './decode.ts';

export interface FileShape {
  encoding: CsvEncoding;
  delimiter: Delimiter;
  newline: Newline;
  /** Column names as shown and used for custom fields (unique, see uniqueHeaders). */
  headers: string[];
  /** The header row as the file has it. */
  rawHeaders: string[];
  /** The first data rows, for the mapping preview. */
  preview: string[][];
}

export const PREVIEW_ROWS = 5;

/** Encoding, delimiter, line ending, headers and a preview, from the start of the file only. */
export async function inspectFile(file: Blob): Promise<FileShape> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const encoding = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head, { stream: true });
  const newline = detectNewline(text);
  const delimiter = detectDelimiter(text);
  const reader = new CsvRecordReader(delimiter, newline);
  const records = reader.push(text);
  // A file shorter than the sample has its last line without a break.
  if (file.size <= SNIFF_BYTES) records.push(...reader.end());
  const rawHeaders = records[0]?.values ?? [];
  if (rawHeaders.length === 0) throw new Error('The file is empty: there is no header row.');
  return {
    encoding,
    delimiter,
    newline,
    headers: uniqueHeaders(rawHeaders),
    rawHeaders,
    preview: records.slice(1, 1 + PREVIEW_ROWS).map((r) => r.values),
  };
}
