// Before anything imports Dexie: the DataProvider opens the app's database on fake IndexedDB.
// oxlint-disable-next-line import/no-unassigned-import -- installs indexedDB on globalThis
import 'fake-indexeddb/auto';
import { act, useEffect } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ICP_ID } from '../../../shared/documents/icp.ts';
import type { ContactsIndex } from '../data/contacts-index.ts';
import { createContact } from '../data/contacts.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { DataProvider, useData } from '../data/DataProvider.tsx';
import { IcpPage } from '../pages/Icp.tsx';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

let db: OutpostDatabase;
let index: ContactsIndex;

function Probe() {
  const data = useData();
  useEffect(() => {
    db = data.db;
    index = data.contacts;
  }, [data]);
  return null;
}

async function renderPage() {
  view = await render(
    <MemoryRouter initialEntries={['/icp']}>
      <DataProvider>
        <Probe />
        <IcpPage />
      </DataProvider>
    </MemoryRouter>,
  );
  await waitFor(() => view!.container.querySelector('.icp-toolbar'));
  return view;
}

async function waitFor<T>(check: () => T, timeout = 5_000): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() - started > timeout) throw new Error('waitFor: timed out');
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}

async function type(target: HTMLInputElement, value: string) {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(target, value);
    target.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function field(container: ParentNode, label: string): HTMLInputElement {
  const found = [...container.querySelectorAll('label')].find((l) => text(l) === label);
  const target = found?.htmlFor
    ? container.querySelector<HTMLInputElement>(`[id="${found.htmlFor}"]`)
    : null;
  if (!target) throw new Error(`No input labelled "${label}"`);
  return target;
}

const histogram = (container: ParentNode) =>
  container.querySelector('[data-testid="icp-histogram"]');
const topNames = (container: ParentNode) =>
  [...container.querySelectorAll('[data-testid="icp-top-matches"] .icp-match__name')].map(text);

describe('ICP page', () => {
  beforeAll(async () => {
    await renderPage();
    await act(async () => {
      for (const fields of [
        { email: 'ann@acme.com', firstName: 'Ann', industry: 'Software', title: 'VP Sales' },
        { email: 'bob@shop.com', firstName: 'Bob', industry: 'Retail', title: 'Clerk' },
        { email: 'cy@soft.io', firstName: 'Cy', industry: 'software', title: 'Engineer' },
      ]) {
        await createContact(db, fields);
      }
    });
    await waitFor(() => index.size === 3);
    await view?.unmount();
  });

  test('edit with a live preview, refuse a duplicate, save, and every contact is scored', async () => {
    const { container } = await renderPage();
    expect(text(container.querySelector('.icp-empty h2'))).toBe('Describe your best customers');
    expect(getButton(container, 'Save profile').disabled).toBe(true);
    await waitFor(() => histogram(container)?.getAttribute('data-total') === '3');

    await type(field(container, 'Industry'), 'Software');
    await click(getButton(container, 'Add industry'));
    await type(field(container, 'Industry'), ' SOFTWARE');
    await click(getButton(container, 'Add industry'));
    expect(text(container.querySelector('[role="alert"]'))).toBe(
      '“SOFTWARE” is the same as “Software”, already in the profile.',
    );
    expect(text(container.querySelector('.icp-toolbar'))).toContain('Unsaved changes');

    // The draft is previewed, not saved: the index has no scores yet.
    await waitFor(() => topNames(container).length === 2);
    expect(topNames(container).toSorted()).toEqual(['Ann', 'Cy']);
    expect(text(container.querySelector('.icp-strong strong'))).toBe('2');
    expect(index.score(index.contacts().next().value!.id)).toBeUndefined();

    await click(getButton(container, 'Save profile'));
    await waitFor(() => text(container.querySelector('.icp-toolbar')).includes('Profile saved'));
    const saved = await db.icp_profiles.findOne(DEFAULT_ICP_ID).exec();
    expect(saved?.criteria.industries).toEqual([{ value: 'Software', weight: 5 }]);
    await waitFor(() => [...index.contacts()].every((c) => index.score(c.id) !== undefined));
    const scores = Object.fromEntries(
      [...index.contacts()].map((c) => [c.firstName, index.score(c.id)]),
    );
    expect(scores).toEqual({ Ann: 100, Bob: 0, Cy: 100 });
  });

  test('a size range is validated; discard returns to the saved profile', async () => {
    const { container } = await renderPage();
    await waitFor(() => container.querySelector('.icp-item'));
    await type(field(container, 'Min employees'), '500');
    await type(field(container, 'Max employees'), '50');
    await click(getButton(container, 'Add size range'));
    expect(text(container.querySelector('[role="alert"]'))).toBe(
      'Maximum employees cannot be less than the minimum.',
    );
    await type(field(container, 'Max employees'), '');
    await click(getButton(container, 'Add size range'));
    expect(text(container.querySelector('.icp-items')).length).toBeGreaterThan(0);
    expect(getButton(container, 'Remove 500+ employees')).toBeTruthy();
    await click(getButton(container, 'Remove Software'));
    expect(text(container.querySelector('.icp-toolbar'))).toContain('Unsaved changes');

    await click(getButton(container, 'Discard changes'));
    expect(text(container.querySelector('.icp-toolbar'))).not.toContain('Unsaved changes');
    expect(getButton(container, 'Remove Software')).toBeTruthy();
    expect(() => getButton(container, 'Remove 500+ employees')).toThrow();
  });
});
