import { act, useEffect } from 'react';
import { MemoryRouter, useNavigate } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientErrorReportSchema } from '../../../shared/api/client-errors.ts';
import { PageBoundary } from '../app/PageBoundary.tsx';
import { click, getButton, render, text, type Rendered } from '../test/render.tsx';
import { ErrorHandlingContext, type CaughtErrorHandler } from './error-handling.ts';
import { buildReport } from './report.ts';

const trouble = { failing: true };

function Flaky() {
  if (trouble.failing) throw new Error('Contacts exploded');
  return <h1>Contacts</h1>;
}

const router: { navigate?: ReturnType<typeof useNavigate> } = {};
function NavigateProbe() {
  const navigate = useNavigate();
  useEffect(() => {
    router.navigate = navigate;
  }, [navigate]);
  return null;
}

function renderPage(handler: CaughtErrorHandler): Promise<Rendered> {
  return render(
    <ErrorHandlingContext value={handler}>
      <MemoryRouter initialEntries={['/contacts?view=all']}>
        <NavigateProbe />
        <PageBoundary name="Contacts" what="The Contacts page">
          <Flaky />
        </PageBoundary>
      </MemoryRouter>
    </ErrorHandlingContext>,
  );
}

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  trouble.failing = true;
});

describe('page boundary', () => {
  it('shows the fallback, reports a schema-valid error, and "Try again" recovers', async () => {
    const reports: unknown[] = [];
    const handler = vi.fn<CaughtErrorHandler>((boundary, error, componentStack) => {
      reports.push(
        buildReport(boundary, error, componentStack, {
          location: { pathname: '/contacts', search: '?view=all' },
          build: __BUILD_ID__,
          now: new Date(),
        }),
      );
      return 'none';
    });
    view = await renderPage(handler);

    const alert = view.container.querySelector('[role="alert"]');
    expect(text(alert?.querySelector('h1') ?? null)).toBe('The Contacts page failed');
    expect(handler).toHaveBeenCalledOnce();
    expect(handler.mock.calls[0]?.[0]).toBe('page:Contacts');
    const report = clientErrorReportSchema.parse(reports[0]);
    expect(report).toMatchObject({ boundary: 'page:Contacts', message: 'Contacts exploded' });
    expect(report.componentStack).toContain('Flaky');
    // Tests run in development mode, where the details are shown.
    expect(text(alert)).toContain('Error details');

    trouble.failing = false;
    await click(getButton(view.container, 'Try again'));
    expect(view.container.querySelector('[role="alert"]')).toBeNull();
    expect(text(view.container.querySelector('h1'))).toBe('Contacts');
  });

  it('resets when the route changes', async () => {
    view = await renderPage(() => 'none');
    expect(view.container.querySelector('[role="alert"]')).not.toBeNull();
    trouble.failing = false;
    await act(async () => router.navigate?.('/contacts?view=mine'));
    // Same path, so still failed: only a change of page resets.
    expect(view.container.querySelector('[role="alert"]')).not.toBeNull();
    await act(async () => router.navigate?.('/campaigns'));
    expect(view.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('says so when the automatic reload was refused', async () => {
    view = await renderPage(() => 'suppressed');
    const note = view.container.querySelector('[data-auto-reload]');
    expect(note?.getAttribute('data-auto-reload')).toBe('suppressed');
    expect(text(note)).toContain('will not reload again on its own');
  });
});
