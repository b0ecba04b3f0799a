import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, text, type Rendered } from '../test/render.tsx';
import { Connectivity } from './Connectivity.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  vi.restoreAllMocks();
});

describe('Connectivity', () => {
  it('follows the online and offline events', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    view = await render(<Connectivity />);
    const status = view.container.querySelector('[data-testid="connectivity"]');
    expect(text(status)).toBe('Online');

    onLine.mockReturnValue(false);
    await act(async () => window.dispatchEvent(new Event('offline')));
    expect(text(status)).toBe('Offline');
    expect(status?.getAttribute('data-state')).toBe('offline');
  });
});
