import type { Page } from 'playwright-core';

/** Every page of the app: its sidebar link name, path and main heading. */
export const appPages = [
  { name: 'Dashboard', path: '/' },
  { name: 'Contacts', path: '/contacts' },
  { name: 'Import', path: '/import' },
  { name: 'Campaigns', path: '/campaigns' },
  { name: 'ICP', path: '/icp' },
  { name: 'Chat', path: '/chat' },
  { name: 'Settings', path: '/settings' },
] as const;

export function sidebarLink(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}

export async function expectHeading(page: Page, name: string) {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 15_000 });
}

/** Resolves once a service worker controls the page (the first visit installs it). */
export async function waitForServiceWorkerControl(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  });
}

/** Console errors and CSP violations seen by a page, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
