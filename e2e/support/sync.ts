import type { Page } from 'playwright-core';
import { AUTH_PATHS } from '../../shared/api/auth.ts';
import { collectionDefinitions, type CollectionName } from '../../shared/documents/collections.ts';
import {
  PROTOCOL_HEADER,
  pullPath,
  SYNC_PROTOCOL_VERSION,
  type PullResponse,
  type WireDocument,
} from '../../shared/sync/protocol.ts';

/** Accounts and server-side reads for the sync end-to-end tests (real server, real auth). */

export const PASSWORD = 'correct horse battery staple';

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates a workspace from Node; returns the admin's bearer token (for server-side reads). */
export async function signUpWorkspace(url: string, email: string): Promise<string> {
  const response = await fetch(url + AUTH_PATHS.signup, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      workspaceName: 'Sync test',
      email,
      name: 'Admin',
      password: PASSWORD,
      bearer: true,
    }),
  });
  return (await json<{ token: string }>(response, 'sign-up')).token;
}

export async function createInvite(url: string, token: string): Promise<string> {
  const response = await fetch(url + AUTH_PATHS.invites, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ role: 'member' }),
  });
  return (await json<{ token: string }>(response, 'invite')).token;
}

/**
 * Signs in through the app's own form (/account), as a person does: the session store hears it
 * and sync resumes without a reload. Ends on the Contacts page (which has window.outpost).
 */
export async function signInWithForm(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/account`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await afterSignIn(page);
}

/** Joins a workspace through the invite link's form, as a teammate does. */
export async function joinWithForm(page: Page, link: string, email: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name', { exact: true }).fill('Member');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Join workspace', exact: true }).click();
  await afterSignIn(page);
}

async function afterSignIn(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
  await waitForSyncState(page, 'synced');
  await page.getByRole('navigation').getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Contacts', exact: true }).waitFor();
  await page.waitForFunction(() => 'outpost' in window);
}

/** Signs a page in with a plain request (session cookie only; the app is not told). */
export async function signInPage(
  page: Page,
  path: string,
  body: Record<string, unknown>,
): Promise<void> {
  const result = await page.evaluate(
    async (request) => {
      const response = await fetch(request.path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request.body),
      });
      return { status: response.status, text: await response.text() };
    },
    { path, body },
  );
  if (result.status >= 300) throw new Error(`${path}: ${result.status} ${result.text}`);
}

/** The documents the server changed after `after` (0: all of them), and its latest seq. */
export async function serverChanges(
  url: string,
  token: string,
  collection: CollectionName,
  after = 0,
): Promise<{ documents: Map<string, WireDocument>; seq: number }> {
  const documents = new Map<string, WireDocument>();
  let seq = after;
  for (;;) {
    const query = `after=${seq}&limit=1000&schema=${collectionDefinitions[collection].version}`;
    const response = await fetch(`${url}${pullPath(collection)}?${query}`, {
      headers: {
        Authorization: `Bearer ${token}`,
        [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
      },
    });
    const page = await json<PullResponse>(response, 'pull');
    for (const doc of page.documents) documents.set(doc.id, doc);
    seq = page.checkpoint.seq;
    if (page.documents.length < 1000) return { documents, seq };
  }
}

/** Every document the server holds for the workspace of `token`. */
export async function serverDocuments(
  url: string,
  token: string,
  collection: CollectionName,
): Promise<Map<string, WireDocument>> {
  return (await serverChanges(url, token, collection)).documents;
}

/** Polls a server-side condition (no timing asserts: it fails only by never becoming true). */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The page's copy of a contact, read through the app's own database handle. */
export function localContact(page: Page, id: string) {
  return page.evaluate(
    async (contactId) =>
      (await window.outpost?.db.contacts.findOne(contactId).exec())?.toMutableJSON() ?? null,
    id,
  );
}

/** The header's sync indicator state (client/src/shell/SyncIndicator.tsx). */
export async function waitForSyncState(page: Page, state: string, timeout = 60_000) {
  await page.waitForSelector(`[data-testid="connectivity"][data-sync-state="${state}"]`, {
    timeout,
  });
}
