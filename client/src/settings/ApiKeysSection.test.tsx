import { act } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSummary, DeliverySettings } from '../../../shared/api/delivery.ts';
import { fixedSession, stubbedApi } from '../delivery/testing.ts';
import { getButton, render, text, type Rendered } from '../test/render.tsx';
import { memoryStorage, testVault } from '../vault/testing.ts';
import type { Vault } from '../vault/vault.ts';
import { ApiKeysSection } from './ApiKeysSection.tsx';

const PASS = 'correct horse battery';
const TOKEN = 'pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

let view: Rendered | undefined;
let vault: Vault | undefined;
afterEach(async () => {
  await view?.unmount();
  vault?.close();
});

async function waitFor<T>(find: () => T | null | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = find();
    if (found) return found;
    await act(async () => new Promise((resolve) => setTimeout(resolve, 25)));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function input(label: string): HTMLInputElement {
  const found = [...view!.container.querySelectorAll('label')].find((l) => text(l) === label);
  const control = found && view!.container.querySelector(`#${CSS.escape(found.htmlFor)}`);
  if (!control) throw new Error(`No field labelled "${label}"`);
  return control as HTMLInputElement;
}

/** Types into a React-controlled input (React listens to `input`, reading the native value). */
async function type(label: string, value: string) {
  const element = input(label);
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function press(name: string) {
  await act(async () => getButton(view!.container, name).click());
}

const status = () => text(view!.container.querySelector('[data-testid="vault-status"]'));
const hasButton = (name: string) => {
  try {
    return getButton(view!.container, name);
  } catch {
    return null;
  }
};

describe('Settings → API keys', () => {
  it('creates a vault, saves a key shown by its last 4 only, locks and unlocks', async () => {
    const made = testVault({ storage: memoryStorage({ hubspot_api_key: 'pat-na1-legacy-9999' }) });
    vault = made.vault;
    const { api, calls } = stubbedApi(() => ({ body: [] }));
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('signed-out')} />
      </MemoryRouter>,
    );
    await waitFor(() => hasButton('Create vault'), 'the create form');

    await type('Passphrase', PASS);
    await type('Confirm passphrase', 'something else');
    await press('Create vault');
    expect(text(view.container.querySelector('[role="alert"]'))).toBe(
      'The two passphrases are not the same.',
    );

    await type('Confirm passphrase', PASS);
    await press('Create vault');
    await waitFor(() => hasButton('Lock now'), 'the unlocked vault');
    expect(status()).toBe('Unlocked');
    // The legacy plaintext key was moved in, and the user is told.
    expect(text(view.container.querySelector('.vault-notice'))).toContain(
      'HubSpot (hubspot_api_key)',
    );
    expect(made.storage.getItem('hubspot_api_key')).toBeNull();

    await type('HubSpot private app token', TOKEN);
    await press('Save HubSpot key');
    await waitFor(() => text(view!.container).includes('•••• e1f0') || null, 'the masked key');
    expect(text(view.container)).not.toContain(TOKEN);
    expect(input('HubSpot private app token').value).toBe('');
    // Reaching the server needs a signed-in device: it says so and asks nothing.
    expect(hasButton('Test connection to HubSpot')).toBeNull();
    expect(text(view.container.querySelector('[data-testid="server-hubspot"]'))).toBe(
      'Sign in to your team server to test this key or send it there for delivery.',
    );
    expect(calls).toEqual([]);

    await press('Lock now');
    expect(status()).toBe('Locked');
    expect(text(view.container)).not.toContain('e1f0');

    await type('Passphrase', 'not my passphrase');
    await press('Unlock');
    const alert = await waitFor(
      () => view!.container.querySelector('[role="alert"]'),
      'the wrong-passphrase alert',
    );
    expect(text(alert)).toBe('That passphrase is not right. Nothing was changed.');

    await type('Passphrase', PASS);
    await press('Unlock');
    await waitFor(() => hasButton('Lock now'), 'the unlocked vault');
    expect(text(view.container)).toContain('•••• e1f0');
  });
});

/**
 * A server that keeps one HubSpot credential and the workspace's delivery settings, as
 * sync-server/delivery/routes.ts does; `refuseSettings` answers a settings change 403.
 */
function server({ refuseSettings = false } = {}) {
  let saved: ConnectorSummary | null = null;
  let settings: DeliverySettings = { deleteInCrm: false };
  return stubbedApi((call) => {
    if (call.path === '/delivery/settings' && call.method === 'GET') return { body: settings };
    if (call.path === '/delivery/settings' && call.method === 'PUT') {
      if (refuseSettings)
        return { status: 403, body: { error: { code: 'forbidden', message: 'admins only' } } };
      settings = call.body as DeliverySettings;
      return { body: settings };
    }
    if (call.method === 'GET' && call.path === '/connectors') {
      return {
        body: ['hubspot', 'lemlist', 'explorium'].map((connector) =>
          connector === 'hubspot' && saved
            ? saved
            : { connector, configured: false, last4: '', updatedAt: null },
        ),
      };
    }
    if (call.method === 'PUT' && call.path === '/connectors/hubspot/credential') {
      const value = (call.body as { value: string }).value;
      saved = {
        connector: 'hubspot',
        configured: true,
        last4: value.slice(-4),
        updatedAt: '2026-11-27T10:00:00.000Z',
      };
      return { body: saved };
    }
    if (call.method === 'POST' && call.path === '/connectors/hubspot/test') {
      const value = (call.body as { value?: string }).value;
      return value === TOKEN
        ? { body: { ok: true, message: 'hubspot accepted the credential' } }
        : { body: { ok: false, message: '401: The authentication you supplied is incorrect' } };
    }
    if (call.method === 'DELETE' && call.path === '/connectors/hubspot/credential') {
      saved = null;
      return { status: 204 };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
  });
}

async function createVault() {
  await waitFor(() => hasButton('Create vault'), 'the create form');
  await type('Passphrase', PASS);
  await type('Confirm passphrase', PASS);
  await press('Create vault');
  await waitFor(() => hasButton('Lock now'), 'the unlocked vault');
}

const crmDeletion = () => view!.container.querySelector('[data-testid="crm-deletion"]');
/** The "delete in HubSpot" checkbox once it shows the server's value (disabled until then). */
const settledBox = () => {
  const box = crmDeletion()?.querySelector<HTMLInputElement>('input[type="checkbox"]');
  return box && !box.disabled ? box : null;
};
const deleteInCrmBox = (checked?: boolean) =>
  waitFor(
    () => {
      const box = settledBox();
      return box && (checked === undefined || box.checked === checked) ? box : null;
    },
    `the delete-in-HubSpot setting${checked === undefined ? '' : checked ? ' on' : ' off'}`,
  );
const serverState = () =>
  text(view!.container.querySelector('[data-testid="server-state-hubspot"]'));
const outcome = () => text(view!.container.querySelector('[data-testid="server-outcome-hubspot"]'));

describe('Settings → API keys → team server', () => {
  it('an admin sends the key on explicit save, tests it through the server, and removes it', async () => {
    vault = testVault({ storage: memoryStorage() }).vault;
    const { api, calls } = server();
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('admin')} />
      </MemoryRouter>,
    );
    await waitFor(() => hasButton('Create vault'), 'the create form');
    await type('Passphrase', PASS);
    await type('Confirm passphrase', PASS);
    await press('Create vault');
    await waitFor(() => hasButton('Lock now'), 'the unlocked vault');
    await waitFor(() => serverState() === 'The team server has no HubSpot key.' || null, 'state');

    // Saving in the vault sends nothing.
    await type('HubSpot private app token', TOKEN);
    await press('Save HubSpot key');
    await waitFor(() => hasButton('Send to team server: HubSpot key'), 'the send button');
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);

    await press('Send to team server: HubSpot key');
    await waitFor(() => outcome().startsWith('Sent.') || null, 'the sent message');
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', path: '/connectors/hubspot/credential', body: { value: TOKEN } },
    ]);
    expect(serverState()).toMatch(/^The team server has a HubSpot key ending in e1f0, sent .+\.$/);
    expect(text(view.container)).not.toContain(TOKEN);

    await press('Test connection to HubSpot');
    await waitFor(() => outcome().includes('works') || null, 'the test result');
    expect(outcome()).toBe('The key on this device works: HubSpot accepted the credential.');

    // Locked: the server tests the key it has (here: refused), with the provider's words.
    await press('Lock now');
    await press('Test connection to HubSpot');
    await waitFor(() => outcome().includes('refused') || null, 'the refusal');
    expect(outcome()).toBe(
      "The team server's key was refused: 401: The authentication you supplied is incorrect.",
    );
    expect(calls.filter((c) => c.path.endsWith('/test')).map((c) => c.body)).toEqual([
      { value: TOKEN },
      {},
    ]);

    await press('Remove HubSpot key from team server');
    await press('Remove from server');
    await waitFor(() => outcome().startsWith('Removed') || null, 'the removal');
    expect(serverState()).toBe('The team server has no HubSpot key.');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);
  });

  it('a member sees what the server has but cannot send or test', async () => {
    vault = testVault({ storage: memoryStorage() }).vault;
    const { api, calls } = server();
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('member')} />
      </MemoryRouter>,
    );
    await createVault();
    await waitFor(() => serverState() === 'The team server has no HubSpot key.' || null, 'state');
    expect(text(view.container.querySelector('[data-testid="server-hubspot"]'))).toContain(
      'Only an admin of Acme can send keys or test connections.',
    );
    expect(hasButton('Test connection to HubSpot')).toBeNull();
    expect(crmDeletion()).toBeNull();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /connectors']);
  });

  it('an unreachable server is said so', async () => {
    vault = testVault({ storage: memoryStorage() }).vault;
    const { api } = stubbedApi(() => 'network-down');
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('admin')} />
      </MemoryRouter>,
    );
    await createVault();
    await waitFor(() => serverState().includes('unreachable') || null, 'the unreachable state');
    expect(serverState()).toBe(
      "The team server is unreachable: its copy of the key can't be checked now.",
    );
  });

  it('an admin sees "delete in HubSpot" off by default, and turns it on and off again', async () => {
    vault = testVault({ storage: memoryStorage() }).vault;
    const { api, calls } = server();
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('admin')} />
      </MemoryRouter>,
    );
    let box = await deleteInCrmBox();
    expect(text(crmDeletion()!.querySelector('label'))).toBe(
      'Also delete contacts in HubSpot when they are deleted in Outpost',
    );
    expect(box.checked).toBe(false);

    await act(async () => box.click());
    box = await deleteInCrmBox(true);
    await act(async () => box.click());
    await deleteInCrmBox(false);
    expect(calls.filter((c) => c.path === '/delivery/settings')).toEqual([
      { method: 'GET', path: '/delivery/settings', body: undefined },
      { method: 'PUT', path: '/delivery/settings', body: { deleteInCrm: true } },
      { method: 'GET', path: '/delivery/settings', body: undefined },
      { method: 'PUT', path: '/delivery/settings', body: { deleteInCrm: false } },
      { method: 'GET', path: '/delivery/settings', body: undefined },
    ]);
  });

  it('a refused change says why and keeps the value the server has', async () => {
    vault = testVault({ storage: memoryStorage() }).vault;
    const { api } = server({ refuseSettings: true });
    view = await render(
      <MemoryRouter>
        <ApiKeysSection vault={vault} api={api} session={fixedSession('admin')} />
      </MemoryRouter>,
    );
    const box = await deleteInCrmBox();
    await act(async () => box.click());
    const alert = await waitFor(
      () => crmDeletion()!.querySelector('[role="alert"]'),
      'the refusal',
    );
    expect(text(alert)).toBe('Admins only.');
    expect((await deleteInCrmBox()).checked).toBe(false);
  });
});
