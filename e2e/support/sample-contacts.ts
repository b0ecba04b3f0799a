import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import type { ContactFields } from '../../shared/documents/contact.ts';
import { repoRoot } from './build.ts';

/** The team's deterministic messy-CSV generator, beside the checkout (../shared/bench). */
export const contactsCsvGenerator = `${repoRoot}../shared/bench/make-contacts-csv.mjs`;

export interface GroundTruth {
  rows: number;
  accepted: number;
  rejected: number;
  contacts: number;
  duplicateRows: number;
  [key: string]: unknown;
}

/** Header of the generator's "generic" dialect -> contact field. */
const GENERIC_COLUMNS: Record<string, keyof ContactFields> = {
  'First Name': 'firstName',
  'Last Name': 'lastName',
  Email: 'email',
  Company: 'company',
  Title: 'title',
  Phone: 'phone',
  Country: 'country',
  Industry: 'industry',
  Employees: 'companySize',
  Website: 'website',
  LinkedIn: 'linkedinUrl',
  Notes: 'notes',
};

/**
 * Rows of a generated "generic" export as contact fields (unvalidated, as a file holds them),
 * with the generator's ground truth. For seeding tests and benchmarks through the data layer.
 */
export function sampleContactRows(
  rows: number,
  seed = 1,
): { rows: Partial<ContactFields>[]; truth: GroundTruth } {
  if (!existsSync(contactsCsvGenerator)) {
    throw new Error(`missing ${contactsCsvGenerator}: ../shared must sit beside the checkout`);
  }
  // Without --out the generator writes the CSV to stdout and its ground truth to stderr.
  const run = spawnSync(
    process.execPath,
    [contactsCsvGenerator, '--rows', String(rows), '--dialect', 'generic', '--seed', String(seed)],
    { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`make-contacts-csv failed: ${run.stderr}`);
  const truth = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}') as GroundTruth;
  const parsed = Papa.parse<Record<string, string>>(run.stdout, {
    header: true,
    skipEmptyLines: 'greedy',
  });
  const mapped = parsed.data.map((record) => {
    const fields: Partial<ContactFields> = {};
    for (const [header, field] of Object.entries(GENERIC_COLUMNS)) {
      (fields as Record<string, string>)[field] = record[header] ?? '';
    }
    return fields;
  });
  return { rows: mapped, truth };
}
