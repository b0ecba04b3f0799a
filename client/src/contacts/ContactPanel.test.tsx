import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHlcClock } from '../../../shared/sync/hlc.ts';
import { ContactsIndex } from '../data/contacts-index.ts';
import { createContact, updateContact } from '../data/contacts.ts';
import type { OutpostDatabase } from '../data/database.ts';
import { setDeviceClock } from '../data/device.ts';
import { mirrorIntoIndex } from '../data/live-index.ts';
import { openTestDatabase } from '../test/database.ts';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { ContactPanel, type PanelTarget } from './ContactPanel.tsx';

let db: OutpostDatabase;
let contacts: ContactsIndex;
let stop: () => void;
let view: Rendered | undefined;

beforeEach(async () => {
  setDeviceClock(createHlcClock('test-device', () => Date.now()));
  db = await openTestDatabase();
  contacts = new ContactsIndex();
  stop = await mirrorIntoIndex(db, contacts);
});
afterEach(async () => {
  await view?.unmount();
  view = undefined;
  stop();
  await db.close();
});

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) {
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  expect(check()).toBe(true);
}

function field(label: string): HTMLInputElement | HTMLTextAreaElement {
  const labelElement = [...view!.container.querySelectorAll('label')].find(
    (l) => text(l) === label,
  );
  const input = labelElement && document.getElementById(labelElement.htmlFor);
  if (!input) throw new Error(`No field labelled ${label}`);
  return input as HTMLInputElement;
}

async function typeInto(label: string, value: string) {
  const input = field(label);
  const proto = Object.getPrototypeOf(input) as object;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function save() {
  await click(getButton(view!.container, 'Save'));
  // The write is async: let it settle.
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

async function openPanel(target: PanelTarget, onDone = vi.fn()) {
  view = await render(
    <ContactPanel target={target} db={db} contacts={contacts} onClose={vi.fn()} onDone={onDone} />,
  );
  return onDone;
}

async function existing() {
  const created = await createContact(db, {
    email: 'ann@acme.com',
    firstName: 'Ann',
    title: 'CTO',
  });
  if (!created.ok) throw new Error('setup');
  await until(() => contacts.get(created.contact.id) !== undefined);
  return created.contact.id;
}

describe('contact panel', () => {
  it('refuses an invalid email: the message is shown at the field and nothing is saved', async () => {
    const id = await existing();
    const onDone = await openPanel({ mode: 'edit', id });
    expect(text(view!.container.querySelector('h2'))).toBe('Ann');

    await typeInto('Email', 'ann@@acme');
    await typeInto('First name', 'Annabel');
    await save();

    const alert = view!.container.querySelector('.contact-form [role="alert"]');
    expect(text(alert)).toBe('"ann@@acme" is not a valid email address');
    expect(field('Email').getAttribute('aria-invalid')).toBe('true');
    expect(field('Email').getAttribute('aria-describedby')).toBe(alert!.id);
    expect(onDone).not.toHaveBeenCalled();
    const stored = await db.contacts.findOne(id).exec();
    expect(stored?.email).toBe('ann@acme.com');
    expect(stored?.firstName).toBe('Ann');
  });

  it('saves only what was changed, so an edit made meanwhile elsewhere survives', async () => {
    const id = await existing();
    const onDone = await openPanel({ mode: 'edit', id });
    await updateContact(db, id, { title: 'CEO' }); // another tab
    await typeInto('First name', 'Annabel');
    await typeInto('Tags', 'vip, trade show ,vip');
    await save();

    expect(onDone).toHaveBeenCalledWith('Saved Annabel');
    const stored = await db.contacts.findOne(id).exec();
    expect(stored?.firstName).toBe('Annabel');
    expect(stored?.title).toBe('CEO');
    expect(stored?.tags).toEqual(['vip', 'trade show']);
  });

  it('shows custom fields from an import; edits one and removes an emptied one', async () => {
    const created = await createContact(db, {
      email: 'bo@acme.com',
      custom: { 'Lead Source': 'Fair', Budget: '10k' },
    });
    if (!created.ok) throw new Error('setup');
    const id = created.contact.id;
    await until(() => contacts.get(id) !== undefined);
    await openPanel({ mode: 'edit', id });
    expect(text(view!.container.querySelector('.contact-form__custom legend'))).toBe(
      'Other fields',
    );
    expect(field('Lead Source').value).toBe('Fair');
    await typeInto('Lead Source', 'Web');
    await typeInto('Budget', '  ');
    await save();
    const stored = await db.contacts.findOne(id).exec();
    expect(stored?.custom).toEqual({ 'Lead Source': 'Web' });
  });

  it('creates a contact, and explains when it has neither email nor LinkedIn URL', async () => {
    const onDone = await openPanel({ mode: 'new' });
    expect(text(view!.container.querySelector('h2'))).toBe('New contact');
    await typeInto('First name', 'Nobody');
    await save();
    expect(text(view!.container.querySelector('.contact-panel__problem'))).toBe(
      'A contact needs an email or a LinkedIn URL',
    );
    expect(await db.contacts.count().exec()).toBe(0);

    await typeInto('Email', 'Nobody@Example.com');
    await save();
    expect(onDone).toHaveBeenCalledWith('Saved Nobody');
    const [stored] = await db.contacts.find().exec();
    expect(stored?.email).toBe('nobody@example.com');
  });

  it('shows delivery per CRM with the failure reason, and the source', async () => {
    const id = await existing();
    const now = new Date().toISOString();
    await db.delivery_status.insert({
      id,
      hubspot: {
        state: 'failed',
        remoteId: null,
        reason: 'HubSpot said: 400 bad property',
        updatedAt: now,
      },
      lemlist: { state: 'delivered', remoteId: 'lead_1', reason: null, updatedAt: now },
      explorium: null,
      updatedAt: now,
    });
    await until(() => contacts.deliveryOf(id) !== undefined);
    await openPanel({ mode: 'edit', id });
    const items = [...view!.container.querySelectorAll('.contact-facts__delivery li')].map((li) =>
      [...li.querySelectorAll('span:not([aria-hidden])')].map(text).join(' | '),
    );
    expect(items).toEqual([
      'HubSpot | failed | HubSpot said: 400 bad property',
      'Lemlist | delivered',
      'Explorium | not sent yet',
    ]);
    expect(text(view!.container.querySelector('[data-testid="contact-source"]'))).toBe(
      'Added by hand',
    );
  });

  it('links a website only when it is http(s)', async () => {
    await openPanel({ mode: 'new' });
    await typeInto('Website', 'javascript:alert(1)');
    expect(view!.container.querySelector('a.contact-form__link')).toBeNull();
    await typeInto('Website', 'acme.com');
    expect(view!.container.querySelector('a.contact-form__link')?.getAttribute('href')).toBe(
      'https://acme.com/',
    );
  });
});
