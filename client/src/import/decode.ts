/**
 * Reading a CSV file as text without holding it whole: the encoding is sniffed from the first
 * bytes, then the file's stream goes through one streaming TextDecoder.
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many bytes decide the encoding: a French Excel export shows an accent long before. */
export const SNIFF_BYTES = 1 << 20;

/**
 * UTF-16 only with a byte order mark (Excel's "Unicode text" always writes one); UTF-8 with or
 * without BOM when the sample is valid UTF-8; otherwise Windows-1252, what Excel writes on a
 * Western-European Windows (a superset of Latin-1 for printable characters).
 */
export function detectEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

export async function sniffEncoding(file: Blob): Promise<CsvEncoding> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return detectEncoding(head);
}

/**
 * The file's text piece by piece, the byte order mark dropped. `bytesRead` tells how far the
 * reader got, for progress.
 */
export async function* decodeFile(
  file: Blob,
  encoding: CsvEncoding,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const reader = file.stream().getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      onBytes?.(bytes);
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
  }
}
