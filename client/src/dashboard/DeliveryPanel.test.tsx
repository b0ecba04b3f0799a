import { act } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorStats, DeliveryStats } from '../../../shared/api/delivery.ts';
import { ContactsIndex } from '../data/contacts-index.ts';
import { fixedSession, stubbedApi, type Call } from '../delivery/testing.ts';
import { getButton, render, text, type Rendered } from '../test/render.tsx';
import { DeliveryPanelView } from './DeliveryPanel.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

async function until<T>(find: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found) return found;
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  throw new Error('timed out');
}

const minute = (i: number) => new Date(Date.UTC(2026, 10, 27, 12, i)).toISOString();

function connector(
  name: ConnectorStats['connector'],
  extra: Partial<ConnectorStats>,
): ConnectorStats {
  return {
    connector: name,
    configured: true,
    breaker: 'closed',
    queue: { pending: 0, failed: 0 },
    perMinute: Array.from({ length: 60 }, (_, i) => ({
      minute: minute(i),
      delivered: 0,
      failed: 0,
    })),
    failuresByReason: [],
    pausedUntil: null,
    pausedIndefinitely: false,
    pausedReason: null,
    ...extra,
  };
}

const STATS: DeliveryStats = {
  connectors: [
    connector('hubspot', {
      breaker: 'open',
      queue: { pending: 1234, failed: 3 },
      perMinute: Array.from({ length: 60 }, (_, i) => ({
        minute: minute(i),
        delivered: i >= 55 ? 10 : 0,
        failed: 0,
      })),
      failuresByReason: [
        { reason: 'Property "email" is invalid', count: 2 },
        { reason: '400: unknown property', count: 1 },
      ],
    }),
    connector('lemlist', {
      pausedUntil: '2026-11-28T00:00:00.000Z',
      pausedReason: 'the daily quota is used up',
    }),
    connector('explorium', { configured: false }),
  ],
};

function localIndex() {
  const index = new ContactsIndex();
  const state = (s: 'failed' | 'delivered') => ({
    state: s,
    remoteId: null,
    reason: null,
    updatedAt: minute(0),
  });
  index.applyDelivery([
    {
      id: 'a',
      hubspot: state('failed'),
      lemlist: null,
      explorium: state('delivered'),
      updatedAt: minute(0),
    },
    { id: 'b', hubspot: state('delivered'), lemlist: null, explorium: null, updatedAt: minute(0) },
  ]);
  return index;
}

async function show(props: Parameters<typeof DeliveryPanelView>[0]) {
  view = await render(
    <MemoryRouter>
      <DeliveryPanelView {...props} />
    </MemoryRouter>,
  );
  return view.container;
}

const card = (root: HTMLElement, name: string) =>
  root.querySelector(`[data-connector="${name}"]`) as HTMLElement;

describe('Dashboard delivery panel', () => {
  it('asks a signed-out user to sign in and asks the server nothing', async () => {
    const { api, calls } = stubbedApi(() => ({ body: STATS }));
    const root = await show({ contacts: localIndex(), api, session: fixedSession('signed-out') });
    expect(text(root.querySelector('[data-testid="delivery-signed-out"]'))).toBe(
      'Sign in to see delivery to HubSpot, Lemlist and Explorium.',
    );
    // What the device knows is still shown.
    expect(text(root.querySelector('[data-testid="local-hubspot"]'))).toBe(
      'On this device: 1 delivered, 0 pending, 1 failed.',
    );
    expect(calls).toEqual([]);
  });

  it('shows breaker, queue, pause, the per-minute chart and failures by reason', async () => {
    const { api } = stubbedApi(() => ({ body: STATS }));
    const root = await show({ contacts: localIndex(), api, session: fixedSession('member') });
    await until(() => root.querySelector('[data-testid="queue-hubspot"]'));
    const hubspot = card(root, 'hubspot');
    expect(text(hubspot.querySelector('.delivery-breaker'))).toBe('Breaker open');
    expect(text(hubspot.querySelector('[data-testid="queue-hubspot"]'))).toBe('1,234');
    expect(text(hubspot.querySelector('[data-testid="failed-hubspot"]'))).toBe('3');
    expect(text(hubspot.querySelector('.delivery-reasons'))).toBe(
      'Property "email" is invalid2400: unknown property1',
    );
    // Twelve bars of 5 minutes; the last averages 10 per minute.
    const chart = hubspot.querySelector('svg[role="img"]')!;
    expect(chart.querySelectorAll('rect.bar-chart__bar')).toHaveLength(12);
    expect(chart.getAttribute('aria-label')).toMatch(/ 10$/);
    // Narrow bars: a few "how long ago" marks instead of twelve clock times.
    expect([...chart.querySelectorAll('text.bar-chart__label')].map((t) => t.textContent)).toEqual([
      '',
      '',
      '-50m',
      '',
      '',
      '',
      '-30m',
      '',
      '',
      '',
      '-10m',
      '',
    ]);
    expect(text(hubspot)).toContain('Last hour50');

    expect(text(card(root, 'lemlist').querySelector('[data-testid="paused-lemlist"]'))).toMatch(
      /^Paused until .+: the daily quota is used up$/,
    );
    expect(text(card(root, 'explorium').querySelector('.delivery-breaker'))).toBe('Not configured');
    expect(getButton(card(root, 'lemlist'), 'Retry all failed: Lemlist').disabled).toBe(true);
  });

  it('"retry all failed" requeues the connector and says how many', async () => {
    const { api, calls } = stubbedApi((call) =>
      call.method === 'POST' ? { body: { requeued: 3 } } : { body: STATS },
    );
    const root = await show({ contacts: localIndex(), api, session: fixedSession('member') });
    await until(() => root.querySelector('[data-testid="queue-hubspot"]'));
    await act(async () => getButton(root, 'Retry all failed: HubSpot').click());
    await until(() => text(card(root, 'hubspot')).includes('3 contacts queued again.'));
    expect(calls.filter((c) => c.method === 'POST')).toEqual<Call[]>([
      { method: 'POST', path: '/delivery/hubspot/retry', body: {} },
    ]);
    // The stats are asked again after the retry.
    expect(calls.filter((c) => c.path === '/delivery/stats').length).toBeGreaterThanOrEqual(2);
  });

  it('offline: says the server is unreachable and shows what the device knows', async () => {
    const { api } = stubbedApi(() => 'network-down');
    const root = await show({ contacts: localIndex(), api, session: fixedSession('member') });
    const problem = await until(() => root.querySelector('[data-testid="delivery-problem"]'));
    expect(text(problem)).toBe('The server is unreachable.');
    expect(text(root.querySelector('[data-testid="local-explorium"]'))).toBe(
      'On this device: 1 delivered, 0 pending, 0 failed.',
    );
    // A failed contact is known locally: retrying is offered (and would say unreachable).
    expect(getButton(root, 'Retry all failed: HubSpot').disabled).toBe(false);
  });

  it('keeps the last answer when the server goes away, and says when it was', async () => {
    let down = false;
    const { api } = stubbedApi(() => (down ? 'network-down' : { body: STATS }));
    const root = await show({
      contacts: localIndex(),
      api,
      session: fixedSession('member'),
      intervalMs: 20,
    });
    await until(() => root.querySelector('[data-testid="queue-hubspot"]'));
    down = true;
    const problem = await until(() => root.querySelector('[data-testid="delivery-problem"]'));
    expect(text(problem)).toMatch(/^The server is unreachable\. Showing what was known at .+\.$/);
    expect(text(root.querySelector('[data-testid="queue-hubspot"]'))).toBe('1,234');
  });
});
