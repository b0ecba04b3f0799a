import type { Page } from 'playwright-core';
import type { ContactFields } from '../../shared/documents/contact.ts';

interface OutpostHandle {
  seedContacts(rows: Partial<ContactFields>[]): Promise<{ written: number; rejected: number }>;
}

/**
 * Writes contacts through the app's own data layer (window.outpost, see
 * client/src/contacts/dev-handle.ts), in chunks so no single evaluate carries 100,000 rows.
 */
export async function seedContacts(
  page: Page,
  rows: readonly Partial<ContactFields>[],
  chunkSize = 5_000,
): Promise<{ written: number; rejected: number }> {
  await page.waitForFunction(() => 'outpost' in window, null, { timeout: 30_000 });
  let written = 0;
  let rejected = 0;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const result = await page.evaluate(
      (batch) => (window as unknown as { outpost: OutpostHandle }).outpost.seedContacts(batch),
      chunk,
    );
    written += result.written;
    rejected += result.rejected;
  }
  return { written, rejected };
}
