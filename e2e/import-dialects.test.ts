import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openProfile } from './support/chromium.ts';
import {
  contactCount,
  contactsCsv,
  DIALECTS,
  readReport,
  startImportThroughUi,
  type GroundTruth,
} from './support/import-files.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Issue 4: every dialect of make-contacts-csv.mjs at 20,000 rows, through the real Import page
// in Chromium, each into a fresh profile: the report and the database match the ground truth.

const ROWS = Number(process.env.IMPORT_E2E_ROWS ?? 20_000);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ clientDir: inject('clientDir') });
});
afterAll(async () => {
  await server?.stop();
});

function expectTruth(report: Awaited<ReturnType<typeof readReport>>, truth: GroundTruth) {
  expect({
    rows: report.rows,
    accepted: report.accepted,
    rejectedInvalidEmail: report.invalidEmail,
    rejectedNoIdentity: report.noIdentity,
    duplicateRows: report.duplicates,
    contacts: report.created,
  }).toEqual({
    rows: truth.rows,
    accepted: truth.accepted,
    rejectedInvalidEmail: truth.rejectedInvalidEmail,
    rejectedNoIdentity: truth.rejectedNoIdentity,
    duplicateRows: truth.duplicateRows,
    contacts: truth.contacts,
  });
  expect(report.tooLong).toBe(0);
  expect(report.updated + report.unchanged).toBe(0);
}

describe.each(DIALECTS)('%s', (dialect) => {
  test(`imports ${ROWS} rows to the ground truth`, async () => {
    const { path, truth } = contactsCsv(dialect, ROWS);
    const profile = await openProfile();
    try {
      const page = await profile.context.newPage();
      await page.goto(`${server.url}/import`);
      await startImportThroughUi(page, path);
      const report = await readReport(page);
      expect(report.status).toBe('done');
      expectTruth(report, truth);
      await page.goto(`${server.url}/contacts`);
      expect(await contactCount(page)).toBe(truth.contacts);
    } finally {
      await profile.close();
    }
  }, 600_000);
});
