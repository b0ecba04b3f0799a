import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { repoRoot } from './build.ts';

/** What ../shared/bench/make-contacts-csv.mjs prints: what a correct import of its file yields. */
export interface GroundTruth {
  dialect: string;
  rows: number;
  accepted: number;
  rejected: number;
  rejectedInvalidEmail: number;
  rejectedNoIdentity: number;
  duplicateRows: number;
  contacts: number;
  contactsWithoutEmail: number;
}

export const DIALECTS = [
  'generic',
  'hubspot',
  'apollo',
  'salesnav',
  'excel-fr',
  'excel-de',
  'unicode',
] as const;

const generator = `${repoRoot}../shared/bench/make-contacts-csv.mjs`;

/** The generator's file (made once per machine under .tmp/import-files) and its ground truth. */
export function contactsCsv(dialect: string, rows: number, seed = 1) {
  const dir = `${repoRoot}.tmp/import-files`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${dialect}-${rows}-s${seed}.csv`;
  const truthPath = `${path}.truth.json`;
  if (!existsSync(truthPath)) {
    execFileSync(process.execPath, [
      generator,
      '--rows',
      String(rows),
      '--dialect',
      dialect,
      '--seed',
      String(seed),
      '--out',
      path,
      '--truth',
      truthPath,
    ]);
  }
  return { path, truth: JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth };
}

export interface ReportFigures {
  status: string;
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  invalidEmail: number;
  noIdentity: number;
  tooLong: number;
}

/** The figures of the report on the page, once it is shown. */
export async function readReport(page: Page, timeout = 300_000): Promise<ReportFigures> {
  const report = page.getByTestId('import-report');
  await report.waitFor({ timeout });
  const n = async (name: string) => Number(await report.getAttribute(`data-${name}`));
  return {
    status: String(await report.getAttribute('data-status')),
    rows: await n('rows'),
    accepted: await n('accepted'),
    created: await n('created'),
    updated: await n('updated'),
    unchanged: await n('unchanged'),
    duplicates: await n('duplicates'),
    invalidEmail: await n('rejected-invalid-email'),
    noIdentity: await n('rejected-no-identity'),
    tooLong: await n('rejected-too-long'),
  };
}

/** Picks the file on the Import page, keeps the proposed mapping and policy, starts. */
export async function startImportThroughUi(page: Page, path: string) {
  await page.getByLabel('Choose a CSV file').setInputFiles(path);
  await page.getByRole('button', { name: 'Start import' }).click();
}

/** How many live contacts the page's database holds. */
export async function contactCount(page: Page): Promise<number> {
  await page.waitForFunction(() => 'outpost' in window, null, { timeout: 30_000 });
  return page.evaluate(() =>
    (
      window as unknown as {
        outpost: { db: { contacts: { count(): { exec(): Promise<number> } } } };
      }
    ).outpost.db.contacts
      .count()
      .exec(),
  );
}

/**
 * Count and SHA-256 of the live contacts as sorted JSON, minus what differs between two runs of
 * the same import (clock stamps, times, the job id): equal digests, equal contacts.
 */
export async function contactsDigest(page: Page): Promise<{ count: number; digest: string }> {
  await page.waitForFunction(() => 'outpost' in window, null, { timeout: 60_000 });
  return page.evaluate(async () => {
    type Doc = { toJSON(): Record<string, unknown> };
    const handle = (
      window as unknown as {
        outpost: { db: { contacts: { find(): { exec(): Promise<Doc[]> } } } };
      }
    ).outpost;
    const docs = await handle.db.contacts.find().exec();
    const rows = docs
      .map((d) => {
        const {
          clock,
          updatedAt,
          createdAt,
          source,
          _rev,
          _meta,
          _attachments,
          _deleted,
          ...rest
        } = d.toJSON();
        void clock;
        void updatedAt;
        void createdAt;
        void _rev;
        void _meta;
        void _attachments;
        void _deleted;
        return JSON.stringify({ ...rest, source: (source as { kind: string }).kind });
      })
      .sort();
    const bytes = new TextEncoder().encode(rows.join('\n'));
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return {
      count: rows.length,
      digest: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''),
    };
  });
}
