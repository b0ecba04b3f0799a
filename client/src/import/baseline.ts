import { Dexie } from 'dexie';
import type { Contact } from '../../../shared/documents/contact.ts';
import { collectionDefinitions } from '../../../shared/documents/collections.ts';
import { CONTACT_FIELDS } from '../../../shared/documents/contact.ts';
import { CsvRecordReader } from './csv.ts';
import { decodeFile } from './decode.ts';
import { inspectFile } from './inspect.ts';
import type { ColumnMapping } from './mapping.ts';
import { rowToContact } from './rows.ts';

/**
 * The benchmark's baseline (targets.md): the same file's accepted rows, parsed and validated
 * first, then only raw Dexie bulkPut into a scratch table (keyed by id, with the contacts
 * schema's own indexes) is timed, 2,000 rows per transaction.
 */
export async function measureBulkPut(file: Blob, mapping: ColumnMapping, chunk = 2_000) {
  const shape = await inspectFile(file);
  const reader = new CsvRecordReader(shape.delimiter, shape.newline);
  const docs: Contact[] = [];
  const now = new Date().toISOString();
  const clock = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, now]));
  let header = true;
  const take = (records: { values: string[] }[]) => {
    for (const r of records) {
      if (header) {
        header = false;
        continue;
      }
      const row = rowToContact(shape.headers, mapping, r.values);
      if (!row.ok) continue;
      docs.push({
        ...row.fields,
        id: row.id,
        source: { kind: 'import', importId: 'imp_baseline', label: 'baseline' },
        createdAt: now,
        updatedAt: now,
        mergedInto: null,
        clock,
      });
    }
  };
  for await (const text of decodeFile(file, shape.encoding)) take(reader.push(text));
  take(reader.end());
  const name = `outpost-bench-scratch-${Date.now()}`;
  const db = new Dexie(name);
  db.version(1).stores({
    contacts: ['id', ...collectionDefinitions.contacts.indexes].join(', '),
  });
  await db.open();
  const started = performance.now();
  for (let i = 0; i < docs.length; i += chunk) {
    await db.table('contacts').bulkPut(docs.slice(i, i + chunk));
  }
  const ms = performance.now() - started;
  db.close();
  await Dexie.delete(name);
  return { rows: docs.length, ms, rowsPerSecond: Math.round(docs.length / (ms / 1000)) };
}
