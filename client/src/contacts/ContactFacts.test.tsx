import { act, type ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyContactFields, type Contact } from '../../../shared/documents/contact.ts';
import type { DeliveryState, Enrichment } from '../../../shared/documents/server-written.ts';
import { ContactsIndex } from '../data/contacts-index.ts';
import { fixedSession, stubbedApi } from '../delivery/testing.ts';
import { getButton, render, text, type Rendered } from '../test/render.tsx';
import { ContactFacts } from './ContactFacts.tsx';
import { DeliveryBadges } from './DeliveryBadges.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const NOW = '2026-11-27T10:00:00.000Z';
const ann: Contact = {
  ...emptyContactFields(),
  firstName: 'Ann',
  email: 'ann@example.com',
  id: 'ann',
  source: { kind: 'manual', importId: null, label: '' },
  createdAt: NOW,
  updatedAt: NOW,
  mergedInto: null,
  clock: {},
};
const state = (s: DeliveryState['state'], reason: string | null = null, attempts = 1) => ({
  state: s,
  remoteId: s === 'delivered' ? '501' : null,
  reason,
  attempts,
  updatedAt: NOW,
});
const enrichment: Enrichment = {
  id: 'ann',
  provider: 'explorium',
  title: 'VP Sales',
  seniority: 'VP',
  companySize: '51-200',
  industry: 'Software',
  revenue: null,
  country: 'Germany',
  phone: '+49 30 1234567',
  matchedAt: NOW,
};

function index() {
  const contacts = new ContactsIndex();
  contacts.applyContacts([ann]);
  contacts.applyDelivery([
    {
      id: 'ann',
      hubspot: state('failed', 'Property "email" is invalid', 3),
      lemlist: state('paused', 'Lemlist refused the key: 401'),
      explorium: state('delivered'),
      updatedAt: NOW,
    },
  ]);
  contacts.applyEnrichments([enrichment]);
  return contacts;
}

async function show(ui: ReactNode) {
  view = await render(<MemoryRouter>{ui}</MemoryRouter>);
  return view.container;
}

/** The row's parts, " | " between them. */
const row = (root: HTMLElement, connector: string) =>
  [...root.querySelector(`li[data-connector="${connector}"]`)!.children]
    .map((part) => text(part))
    .filter(Boolean)
    .join(' | ');

describe('ContactFacts: delivery per CRM and enrichment', () => {
  it('shows each CRM with its reason, and retries a failed one for this contact', async () => {
    const { api, calls } = stubbedApi(() => ({ body: { requeued: 1 } }));
    const root = await show(
      <ContactFacts contact={ann} contacts={index()} api={api} session={fixedSession('member')} />,
    );
    expect(row(root, 'hubspot')).toBe(
      'HubSpot | failed after 3 attempts Retry | Property "email" is invalid',
    );
    expect(row(root, 'lemlist')).toBe('Lemlist | paused | Lemlist refused the key: 401');
    expect(row(root, 'explorium')).toBe('Explorium | delivered Enrich again');

    await act(async () => getButton(root, 'Retry HubSpot').click());
    expect(calls).toEqual([
      { method: 'POST', path: '/delivery/hubspot/retry', body: { contactId: 'ann' } },
    ]);
    expect(row(root, 'hubspot')).toContain('Queued again.');
  });

  it('a refused retry says why, in words from the server', async () => {
    const { api } = stubbedApi(() => ({
      status: 403,
      body: { error: { code: 'forbidden', message: 'you are not in this workspace' } },
    }));
    const root = await show(
      <ContactFacts contact={ann} contacts={index()} api={api} session={fixedSession('member')} />,
    );
    await act(async () => getButton(root, 'Retry HubSpot').click());
    expect(row(root, 'hubspot')).toContain('You are not in this workspace.');
  });

  it('asks Explorium to enrich an enriched contact again', async () => {
    const { api, calls } = stubbedApi(() => ({ body: { queued: true } }));
    const root = await show(
      <ContactFacts contact={ann} contacts={index()} api={api} session={fixedSession('member')} />,
    );
    const button = getButton(root, 'Enrich again with Explorium');
    await act(async () => button.click());
    expect(calls).toEqual([
      { method: 'POST', path: '/delivery/explorium/enrich', body: { contactId: 'ann' } },
    ]);
    expect(row(root, 'explorium')).toBe(
      'Explorium | delivered Enrich again | Queued: Explorium will enrich this contact again.',
    );
  });

  it('offers "enrich again" only once enriched, and says why the server refused', async () => {
    const { api } = stubbedApi(() => 'network-down');
    const contacts = index();
    contacts.applyDelivery([
      {
        id: 'ann',
        hubspot: null,
        lemlist: null,
        explorium: state('pending', null, 0),
        updatedAt: NOW,
      },
    ]);
    const root = await show(
      <ContactFacts contact={ann} contacts={contacts} api={api} session={fixedSession('member')} />,
    );
    expect(row(root, 'explorium')).toBe('Explorium | pending');
    expect(root.querySelector('button')).toBeNull();

    await view!.rerender(
      <MemoryRouter>
        <ContactFacts contact={ann} contacts={index()} api={api} session={fixedSession('member')} />
      </MemoryRouter>,
    );
    await act(async () => getButton(root, 'Enrich again with Explorium').click());
    expect(row(root, 'explorium')).toContain('The server cannot be reached.');
  });

  it('signed out: no retry or enrich button, a sign-in hint instead', async () => {
    const { api } = stubbedApi(() => ({ body: {} }));
    const root = await show(
      <ContactFacts
        contact={ann}
        contacts={index()}
        api={api}
        session={fixedSession('signed-out')}
      />,
    );
    expect(root.querySelector('button')).toBeNull();
    expect(text(root)).toContain('Sign in to retry a failed delivery.');
  });

  it("lists Explorium's enriched fields", async () => {
    const root = await show(
      <ContactFacts contact={ann} contacts={index()} session={fixedSession('signed-out')} />,
    );
    expect(text(root.querySelector('[data-testid="enrichment"]'))).toBe(
      'TitleVP SalesSeniorityVPCompany size51-200IndustrySoftwareCountryGermanyPhone+49 30 1234567',
    );
  });

  it('badges carry the state and reason of each CRM', async () => {
    const root = await show(<DeliveryBadges status={index().deliveryOf('ann')} />);
    expect(
      [...root.querySelectorAll('.delivery-badge')].map((b) => b.getAttribute('title')),
    ).toEqual([
      'HubSpot: failed after 3 attempts: Property "email" is invalid',
      'Lemlist: paused: Lemlist refused the key: 401',
      'Explorium: delivered',
    ]);
  });
});
