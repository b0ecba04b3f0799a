// Before anything imports Dexie: the DataProvider opens the app's database on fake IndexedDB.
// oxlint-disable-next-line import/no-unassigned-import -- installs indexedDB on globalThis
import 'fake-indexeddb/auto';
import { act, useEffect } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createCampaign, enroll } from '../data/campaigns.ts';
import { createContact } from '../data/contacts.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { DataProvider, useData } from '../data/DataProvider.tsx';
import { CampaignsPage } from '../pages/Campaigns.tsx';
import { openTestDatabase } from '../test/database.ts';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { enrollmentReport } from './messages.ts';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

/** The page's own database (one per test file: the DataProvider opens it once). */
let db: OutpostDatabase;

function Probe() {
  const data = useData();
  useEffect(() => {
    db = data.db;
  }, [data]);
  return null;
}

async function renderPage(entry = '/campaigns') {
  view = await render(
    <MemoryRouter initialEntries={[entry]}>
      <DataProvider>
        <Probe />
        <CampaignsPage />
      </DataProvider>
    </MemoryRouter>,
  );
  await waitFor(() => view!.container.querySelector('h1'));
  return view;
}

/** Polls (letting IndexedDB and RxDB work) until `check` returns something truthy. */
async function waitFor<T>(check: () => T, timeout = 3_000): Promise<NonNullable<T>> {
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

function alertText(container: ParentNode): string {
  return text(container.querySelector('[role="alert"]'));
}

describe('enrollment report', () => {
  test('says how many were new and how many were already there', () => {
    expect(enrollmentReport(3, 3)).toBe('3 enrolled.');
    expect(enrollmentReport(1, 0)).toBe('0 enrolled, 1 was already in this campaign.');
    expect(enrollmentReport(5, 2)).toBe('2 enrolled, 3 were already in this campaign.');
  });
});

describe('Campaigns page', () => {
  beforeAll(async () => {
    // Opens the provider's database once, so the tests below can seed it through `db`.
    await renderPage();
    await view?.unmount();
  });

  test('the new-campaign form shows the data layer’s validation messages', async () => {
    const { container } = await renderPage();
    await waitFor(() => container.querySelector('.campaigns__toolbar'));
    await click(getButton(container, 'New campaign'));

    await click(getButton(container, 'Create campaign'));
    expect(await waitFor(() => alertText(container))).toBe('A campaign needs a name');

    await type(field(container, 'Campaign name'), 'Trade show leads');
    await type(field(container, 'Lemlist campaign id (optional)'), 'not an id!');
    await click(getButton(container, 'Create campaign'));
    expect(
      await waitFor(() => alertText(container).includes('not an id!') && alertText(container)),
    ).toBe('"not an id!" is not a Lemlist campaign id (letters, digits, _ and - only)');

    await type(field(container, 'Lemlist campaign id (optional)'), 'cam_A1b2C3');
    await click(getButton(container, 'Create campaign'));
    const row = await waitFor(() =>
      [...container.querySelectorAll('[data-campaign-id]')].find((r) =>
        text(r).includes('Trade show leads'),
      ),
    );
    expect(text(row)).toContain('cam_A1b2C3');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  test('rename refuses an empty name; archive moves the campaign to "Archived"', async () => {
    const created = await createCampaign(db, 'Autumn push');
    if (!created.ok) throw new Error(created.message);
    const { container } = await renderPage();
    const row = () => container.querySelector(`[data-campaign-id="${created.campaign.id}"]`)!;
    await waitFor(row);

    await click(getButton(row(), 'Rename'));
    await type(field(row(), 'New campaign name'), '   ');
    await click(getButton(row(), 'Save'));
    expect(await waitFor(() => alertText(row()))).toBe('A campaign needs a name');
    await type(field(row(), 'New campaign name'), 'Autumn 2025');
    await click(getButton(row(), 'Save'));
    await waitFor(() => text(row()).includes('Autumn 2025'));

    await click(getButton(row(), 'Archive'));
    await waitFor(() => row().closest('details.archived'));
    await click(getButton(row(), 'Unarchive'));
    await waitFor(() => !row().closest('details.archived'));
  });

  test('enrolling the same contact twice is one enrollment, and says so', async () => {
    const ann = await createContact(db, { email: 'ann@example.com', firstName: 'Ann' });
    const bob = await createContact(db, { email: 'bob@example.com', firstName: 'Bob' });
    const campaign = await createCampaign(db, 'Spring');
    if (!ann.ok || !bob.ok || !campaign.ok) throw new Error('setup failed');
    const id = campaign.campaign.id;
    const { container } = await renderPage(`/campaigns?campaign=${id}`);
    const table = () => container.querySelector('[data-testid="enrollments"]');
    await waitFor(table);
    expect(table()?.getAttribute('data-count')).toBe('0');

    await click(getButton(container, 'Enroll contacts'));
    await type(field(container, 'Search contacts'), 'ann');
    const option = () =>
      [...container.querySelectorAll<HTMLLabelElement>('.enroll-picker__option')].find((o) =>
        text(o).includes('ann@example.com'),
      );
    await waitFor(
      () => option() && container.querySelectorAll('.enroll-picker__option').length === 1,
    );
    await click(option()!.querySelector('input')!);
    await click(getButton(container, 'Enroll selected (1)'));
    const report = () => text(container.querySelector('[data-testid="enroll-report"]'));
    expect(await waitFor(report)).toBe('1 enrolled.');
    await waitFor(() => table()?.getAttribute('data-count') === '1');

    // Again, from the picker: nothing new.
    await click(option()!.querySelector('input')!);
    await click(getButton(container, 'Enroll selected (1)'));
    expect(await waitFor(() => report().startsWith('0') && report())).toBe(
      '0 enrolled, 1 was already in this campaign.',
    );
    // And as another tab or device would: the same enrollment id, still one row.
    expect(await enroll(db, id, [ann.contact.id])).toBe(0);
    expect(table()?.getAttribute('data-count')).toBe('1');
    expect(await db.enrollments.count({ selector: { campaignId: id } }).exec()).toBe(1);

    // Unenroll from the row.
    const row = table()!.querySelector(`tr[data-contact-id="${ann.contact.id}"]`)!;
    expect(text(row)).toContain('Ann');
    await click(getButton(row, 'Unenroll'));
    await waitFor(() => table()?.getAttribute('data-count') === '0');
  });
});

describe('enroll on its own database', () => {
  test('two enrollments of one contact converge on one document', async () => {
    const own = await openTestDatabase();
    try {
      const contact = await createContact(own, { email: 'cy@example.com' });
      const campaign = await createCampaign(own, 'Twice');
      if (!contact.ok || !campaign.ok) throw new Error('setup failed');
      const results = await Promise.all([
        enroll(own, campaign.campaign.id, [contact.contact.id]),
        enroll(own, campaign.campaign.id, [contact.contact.id, contact.contact.id]),
      ]);
      expect(results.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect(await own.enrollments.count().exec()).toBe(1);
    } finally {
      await own.close();
    }
  });
});
