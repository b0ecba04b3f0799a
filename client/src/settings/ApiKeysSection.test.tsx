import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
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
    view = await render(<ApiKeysSection vault={vault} />);
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
    // Reaching the server needs a signed-in device: shown, not faked.
    expect(getButton(view.container, 'Test connection to HubSpot').disabled).toBe(true);
    expect(text(view.container)).toContain(
      'available once this device is signed in to your team server',
    );

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
