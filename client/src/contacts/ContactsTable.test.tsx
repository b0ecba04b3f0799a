import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import { ContactsIndex, EMPTY_QUERY } from '../data/contacts-index.ts';
import { click, render, text, type Rendered } from '../test/render.tsx';
import { ContactsTable } from './ContactsTable.tsx';

let view: Rendered | undefined;
// happy-dom lays nothing out: give the scroller a height so the virtualizer renders rows.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
});
afterEach(async () => {
  await view?.unmount();
  vi.restoreAllMocks();
});

function contact(id: string, fields: Partial<Contact>): Contact {
  return {
    ...emptyContactFields(),
    id,
    source: { kind: 'manual', importId: null, label: 'Added by hand' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
    ...fields,
  };
}

async function renderTable(
  contacts: ContactsIndex,
  props: Partial<Parameters<typeof ContactsTable>[0]> = {},
) {
  const ids = contacts.query(EMPTY_QUERY);
  view = await render(
    <ContactsTable
      ids={ids}
      contacts={contacts}
      version={contacts.version}
      search=""
      queryKey=""
      sort={EMPTY_QUERY.sort}
      onSort={vi.fn()}
      selected={new Set()}
      selection="none"
      onToggle={vi.fn()}
      onToggleAll={vi.fn()}
      onOpen={vi.fn()}
      {...props}
    />,
  );
  return view.container.querySelector('[data-testid="contacts-table"]')!;
}

describe('contacts table', () => {
  it('renders contact data as text, never as markup', async () => {
    const contacts = new ContactsIndex();
    contacts.applyContacts([
      contact('c1', {
        email: 'x@evil.example',
        firstName: '<img src=x onerror=alert(1)>',
        company: '<script>alert(2)</script>',
        tags: ['<b>bold</b>'],
      }),
    ]);
    const table = await renderTable(contacts);
    expect(table.querySelector('img, script, b')).toBeNull();
    const row = table.querySelector('[data-contact-id="c1"]')!;
    expect(text(row)).toContain('<img src=x onerror=alert(1)>');
    expect(text(row)).toContain('<script>alert(2)</script>');
  });

  it('publishes the result count and the search its rows answer', async () => {
    const contacts = new ContactsIndex();
    contacts.applyContacts([
      contact('c1', { email: 'a@a.com' }),
      contact('c2', { email: 'b@b.com' }),
    ]);
    const table = await renderTable(contacts, { search: 'ab' });
    expect(table.getAttribute('data-result-count')).toBe('2');
    expect(table.getAttribute('data-search')).toBe('ab');
    expect(table.querySelectorAll('[role="row"][data-contact-id]')).toHaveLength(2);
  });

  it('sorts from the column headers and says how it is sorted', async () => {
    const contacts = new ContactsIndex();
    contacts.applyContacts([contact('c1', { email: 'a@a.com' })]);
    const onSort = vi.fn();
    const table = await renderTable(contacts, {
      onSort,
      sort: { key: 'score', direction: 'desc' },
    });
    const headers = [...table.querySelectorAll('[role="columnheader"]')];
    const score = headers.find((h) => text(h).startsWith('ICP score'))!;
    const name = headers.find((h) => text(h).startsWith('Name'))!;
    expect(score.getAttribute('aria-sort')).toBe('descending');
    expect(name.getAttribute('aria-sort')).toBe('none');
    await click(name.querySelector('button')!);
    expect(onSort).toHaveBeenCalledWith('name');
  });

  it('shows delivery badges per CRM and "—" for a missing score', async () => {
    const contacts = new ContactsIndex();
    contacts.applyContacts([contact('c1', { email: 'a@a.com' })]);
    contacts.applyDelivery([
      {
        id: 'c1',
        hubspot: { state: 'failed', remoteId: null, reason: 'Rate limited', updatedAt: '' },
        lemlist: { state: 'pending', remoteId: null, reason: null, updatedAt: '' },
        explorium: null,
        updatedAt: '',
      },
    ]);
    const table = await renderTable(contacts);
    const badges = [...table.querySelectorAll('.delivery-badge')];
    expect(badges.map((b) => b.getAttribute('data-state'))).toEqual(['failed', 'pending', 'none']);
    expect(badges[0]!.getAttribute('title')).toBe('HubSpot: failed: Rate limited');
    expect(text(table.querySelector('.contacts-body .contacts-cell--score'))).toBe('—');
  });
});
