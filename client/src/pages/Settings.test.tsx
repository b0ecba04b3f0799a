import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageBoundary } from '../app/PageBoundary.tsx';
import { ErrorHandlingContext, type CaughtErrorHandler } from '../errors/error-handling.ts';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { SettingsPage, SIMULATED_ERROR_MESSAGE } from './Settings.tsx';

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('Settings page', () => {
  it('"Simulate a page error" fails the page into its boundary, and "Try again" restores it', async () => {
    const handler = vi.fn<CaughtErrorHandler>(() => 'none');
    view = await render(
      <ErrorHandlingContext value={handler}>
        <MemoryRouter initialEntries={['/settings']}>
          <PageBoundary name="Settings" what="The Settings page">
            <SettingsPage />
          </PageBoundary>
        </MemoryRouter>
      </ErrorHandlingContext>,
    );
    expect(text(view.container.querySelector('h1'))).toBe('Settings');
    expect(text(view.container.querySelector('[data-testid="build-id"]'))).toBe(__BUILD_ID__);

    await click(getButton(view.container, 'Simulate a page error'));
    expect(text(view.container.querySelector('[role="alert"] h1'))).toBe(
      'The Settings page failed',
    );
    const [boundary, error] = handler.mock.calls[0] ?? [];
    expect(boundary).toBe('page:Settings');
    expect((error as Error).message).toBe(SIMULATED_ERROR_MESSAGE);

    await click(getButton(view.container, 'Try again'));
    expect(text(view.container.querySelector('h1'))).toBe('Settings');
  });
});
