import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatusStore, initialStatus } from '../sync/status.ts';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
});

describe('SyncIndicator', () => {
  it('follows the status: offline with changes waiting, then online once the server answers', async () => {
    const store = createStatusStore(initialStatus(true));
    view = await render(<SyncIndicator store={store} />);
    const pill = () => view!.container.querySelector('[data-testid="connectivity"]');

    await act(async () => {
      store.dispatch({ type: 'pending', count: 2, capped: false });
      store.dispatch({ type: 'failed', error: { kind: 'unreachable', message: 'x' } });
    });
    expect(pill()?.getAttribute('data-sync-state')).toBe('offline');
    expect(text(pill())).toContain('Offline');
    expect(text(pill())).toContain('2 changes not synced yet');

    await act(async () => store.dispatch({ type: 'reached', at: new Date().toISOString() }));
    expect(pill()?.getAttribute('data-sync-state')).toBe('waiting');
    expect(text(pill())).not.toContain('Offline');
  });

  it('lists refused changes with their reason and dismisses them', async () => {
    const store = createStatusStore(initialStatus(true));
    view = await render(<SyncIndicator store={store} />);
    await act(async () =>
      store.dispatch({
        type: 'rejected',
        rejections: [{ collection: 'contacts', id: 'c1', reason: 'email: not an email address' }],
      }),
    );
    const list = view.container.querySelector('[data-testid="sync-rejected"]');
    expect(text(list)).toContain('1 change refused by the server');
    expect(text(list)).toContain('contacts c1: email: not an email address');
    await click(getButton(view.container, 'Dismiss'));
    expect(view.container.querySelector('[data-testid="sync-rejected"]')).toBeNull();
  });

  it('offers a reload when the server says this version is too old', async () => {
    const store = createStatusStore(initialStatus(true));
    view = await render(<SyncIndicator store={store} />);
    await act(async () =>
      store.dispatch({ type: 'failed', error: { kind: 'upgrade_required', message: 'old' } }),
    );
    expect(text(view.container)).toContain('Please reload to update');
    expect(getButton(view.container, 'Reload')).toBeTruthy();
  });
});
