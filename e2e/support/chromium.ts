import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: Playwright cannot download its own browsers on these machines. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Profile {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A persistent profile in a fresh directory: an incognito context keeps IndexedDB and the
 * service worker registration in memory, which is not what users have.
 */
export async function openProfile(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
