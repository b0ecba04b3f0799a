import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openProfile } from './support/chromium.ts';
import {
  contactsCsv,
  contactsDigest,
  readReport,
  startImportThroughUi,
} from './support/import-files.ts';
import { seedContacts } from './support/seed.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Issue 4, the kill test: the page closes in the middle of a 100,000-row import; reopened, the
// import resumes and ends equal to an uninterrupted one; undo then gives back the exact contacts
// there were before (some of which the file updated).

const ROWS = Number(process.env.IMPORT_KILL_ROWS ?? 100_000);
const { path, truth } = contactsCsv('generic', ROWS);

/** Contacts the device had before: file emails with other names and empty titles. */
const existing = Papa.parse<string[]>(readFileSync(path, 'utf8').slice(0, 20_000), {
  header: false,
})
  .data.slice(1, 60)
  .filter((row) => (row[2] ?? '').includes('@'))
  .map((row) => ({ email: row[2]!, firstName: 'Known', lastName: 'Before', title: '' }));

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ clientDir: inject('clientDir') });
});
afterAll(async () => {
  await server?.stop();
});

async function seedExisting(page: Page) {
  await page.goto(`${server.url}/contacts`);
  const seeded = await seedContacts(page, existing);
  expect(seeded.written).toBeGreaterThan(20);
}

async function rowsDone(page: Page): Promise<number> {
  const text = await page.getByTestId('import-progress-text').textContent();
  return Number((text ?? '').split(' rows')[0]!.replace(/\D/g, '')) || 0;
}

test('a closed tab resumes to the same contacts, and undo restores the ones before', async () => {
  // Reference: the same device state, imported without interruption.
  const reference = await openProfile();
  let expected: { count: number; digest: string };
  let expectedReport: Awaited<ReturnType<typeof readReport>>;
  try {
    const page = await reference.context.newPage();
    await seedExisting(page);
    await page.goto(`${server.url}/import`);
    await startImportThroughUi(page, path);
    expectedReport = await readReport(page, 600_000);
    await page.goto(`${server.url}/contacts`);
    expected = await contactsDigest(page);
  } finally {
    await reference.close();
  }
  expect(expected.count).toBe(truth.contacts);
  expect(expectedReport.created + expectedReport.updated + expectedReport.unchanged).toBe(
    truth.contacts,
  );

  const profile = await openProfile();
  try {
    const first = await profile.context.newPage();
    await seedExisting(first);
    const before = await contactsDigest(first);
    await first.goto(`${server.url}/import`);
    await startImportThroughUi(first, path);
    // Close the tab once some chunks are in, well before the end.
    await first.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent;
        return Number((text ?? '').split(' rows')[0]!.replace(/\D/g, '')) >= 10_000;
      },
      null,
      { timeout: 300_000 },
    );
    const closedAt = await rowsDone(first);
    await first.close({ runBeforeUnload: false });
    expect(closedAt).toBeLessThan(ROWS);

    const page = await profile.context.newPage();
    await page.goto(`${server.url}/import`);
    const job = page.getByTestId('import-job').first();
    await expect
      .poll(() => job.getAttribute('data-status'), { timeout: 30_000 })
      .toBe('interrupted');
    await job.getByRole('button', { name: 'Resume' }).click();
    const report = await readReport(page, 600_000);
    expect(report).toEqual(expectedReport);
    await page.goto(`${server.url}/contacts`);
    expect(await contactsDigest(page)).toEqual(expected);

    await page.goto(`${server.url}/import`);
    const done = page.getByTestId('import-job').first();
    await done.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => done.getAttribute('data-status'), { timeout: 600_000 }).toBe('undone');
    await page.goto(`${server.url}/contacts`);
    expect(await contactsDigest(page)).toEqual(before);
  } finally {
    await profile.close();
  }
}, 1_800_000);
