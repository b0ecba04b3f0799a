import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { repoRoot } from './support/build.ts';
import { appUnderTest } from './support/app.ts';
import { collectPageErrors } from './support/pages.ts';
import { readReport, startImportThroughUi } from './support/import-files.ts';

// Issue 4: a CSV made to attack whoever opens it imports as plain text; nothing runs.

const app = appUnderTest();

const HOSTILE = [
  'Email,First Name,Last Name,Company,Website,Notes',
  'x1@evil.example,<script>alert(1)</script>,<img src=x onerror=alert(2)>,"=HYPERLINK(""http://evil.example"",""click"")",javascript:alert(3),"@SUM(1+1)*cmd|\' /C calc\'!A0"',
  'x2@evil.example,"<svg onload=alert(4)>",\'=1+1,-2+3,"<a href=javascript:alert(5)>x</a>",+1 (555) 010-0199',
].join('\r\n');

test('script, HTML and formula cells import as text and nothing executes', async () => {
  const file = `${repoRoot}.tmp/import-files/hostile.csv`;
  writeFileSync(file, HOSTILE);
  const page = await app.profile.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const errors = collectPageErrors(page);
  await page.goto(`${app.server.url}/import`);
  await startImportThroughUi(page, file);
  const report = await readReport(page);
  expect(report.created).toBe(2);

  await page.goto(`${app.server.url}/contacts`);
  await page.getByLabel('Search contacts').fill('evil.example');
  await page.getByText('<script>alert(1)</script>', { exact: false }).first().waitFor();
  const stored = await page.evaluate(async () => {
    const handle = (
      window as unknown as {
        outpost: {
          db: {
            contacts: { find(): { exec(): Promise<{ toJSON(): Record<string, unknown> }[]> } };
          };
        };
      }
    ).outpost;
    return (await handle.db.contacts.find().exec()).map((d) => d.toJSON());
  });
  const one = stored.find((c) => c.email === 'x1@evil.example')!;
  expect(one).toMatchObject({
    firstName: '<script>alert(1)</script>',
    lastName: '<img src=x onerror=alert(2)>',
    company: '=HYPERLINK("http://evil.example","click")',
    website: 'javascript:alert(3)',
  });
  const two = stored.find((c) => c.email === 'x2@evil.example')!;
  // The apostrophe a spreadsheet-safe export adds is taken off again.
  expect(two).toMatchObject({ lastName: '=1+1', company: '-2+3' });
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(errors.filter((e) => !/Failed to load resource|ERR_/.test(e))).toEqual([]);
});
