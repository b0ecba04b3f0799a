import Papa from 'papaparse';

/**
 * Streaming CSV records on top of papaparse. Text arrives in pieces of any size; each call hands
 * papaparse only complete records (the cut is found with a small quote-aware scan), so quoted
 * delimiters, escaped quotes and line breaks inside quotes survive any piece boundary.
 */

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
export type Newline = '\r\n' | '\n' | '\r';

export interface CsvRecord {
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  values: string[];
}

const QUOTE = 34;

/** Positions just after each record break outside quotes, scanning a record-aligned text. */
function lastRecordEnd(text: string, delimiter: string, newline: Newline): number {
  const delim = delimiter.charCodeAt(0);
  const nl0 = newline.charCodeAt(0);
  const crlf = newline === '\r\n';
  let atFieldStart = true;
  let quoted = false;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (atFieldStart && c === QUOTE) {
      quoted = true;
      atFieldStart = false;
    } else if (c === delim) {
      atFieldStart = true;
    } else if (c === nl0 && (!crlf || text.charCodeAt(i + 1) === 10)) {
      if (crlf) i++;
      last = i + 1;
      atFieldStart = true;
    } else {
      atFieldStart = false;
    }
  }
  return last;
}

/** Line breaks inside a value (a quoted field): CRLF counts once. */
function breaksIn(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && value.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

function isBlank(values: readonly string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}

/** The line ending of the first record break outside quotes (papaparse's own guess, reused). */
export function detectNewline(sample: string): Newline {
  const cr = sample.indexOf('\r');
  const lf = sample.indexOf('\n');
  if (cr === -1) return '\n';
  if (lf === -1) return '\r';
  return lf === cr + 1 ? '\r\n' : lf < cr ? '\n' : '\r';
}

/**
 * The delimiter that splits the first lines into the same number (> 1) of fields most often;
 * ties go to the order of DELIMITERS. A one-column file is comma-separated.
 */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  const cut = sample.slice(0, 64 * 1024);
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(cut, { delimiter, preview: 20 }).data.filter(
      (row) => !isBlank(row),
    );
    if (rows.length === 0) continue;
    const width = rows[0]!.length;
    if (width < 2) continue;
    // The header's width, matched by most rows (a cut last row may differ).
    const same = rows.filter((row) => row.length === width).length;
    const score = same * 1000 + width;
    if (same >= rows.length - 1 && score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

export class CsvRecordReader {
  private rest = '';
  private line = 1;
  private readonly delimiter: Delimiter;
  private readonly newline: Newline;

  constructor(delimiter: Delimiter, newline: Newline) {
    this.delimiter = delimiter;
    this.newline = newline;
  }

  /** Records completed by this piece of text; blank lines (only empty cells) are skipped. */
  push(text: string): CsvRecord[] {
    const all = this.rest + text;
    const end = lastRecordEnd(all, this.delimiter, this.newline);
    if (end === -1) {
      this.rest = all;
      return [];
    }
    this.rest = all.slice(end);
    return this.parse(all.slice(0, end - this.newline.length));
  }

  /** The last record, when the file does not end with a line break. */
  end(): CsvRecord[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : this.parse(rest);
  }

  private parse(text: string): CsvRecord[] {
    const { data } = Papa.parse<string[]>(text, {
      delimiter: this.delimiter,
      newline: this.newline,
      quoteChar: '"',
    });
    const out: CsvRecord[] = [];
    for (const values of data) {
      const line = this.line;
      let breaks = 1;
      for (const v of values) if (v.length > 0 && /[\r\n]/.test(v)) breaks += breaksIn(v);
      this.line += breaks;
      if (!isBlank(values)) out.push({ line, values });
    }
    return out;
  }
}

/**
 * Header names as the mapping shows them: trimmed, an empty one named by its position, and a
 * repeated one numbered ("Email", "Email (2)") so every column keeps its own name.
 */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, i) => {
    const base = name.trim() || `Column ${i + 1}`;
    const key = base.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}
