import { act, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../account/session.ts';
import type { DeliveryApi } from '../delivery/api.ts';
import { fixedSession, stubbedApi } from '../delivery/testing.ts';
import { render, text, type Rendered } from '../test/render.tsx';
import { LemlistPicker } from './LemlistPicker.tsx';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

/** Every value the picker reported, in order. */
let picks: string[] = [];
afterEach(() => {
  picks = [];
});
const picked = () => picks.at(-1);
function Harness({
  api,
  session,
  initial = '',
}: {
  api: DeliveryApi;
  session: SessionStore;
  initial?: string;
}) {
  const [value, setValue] = useState(initial);
  return (
    <LemlistPicker
      value={value}
      onChange={(next) => {
        picks.push(next);
        setValue(next);
      }}
      idLabel="Lemlist campaign id"
      api={api}
      session={session}
    />
  );
}

async function until<T>(find: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found) return found;
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  throw new Error('timed out');
}

async function change(element: HTMLSelectElement | HTMLInputElement, value: string) {
  await act(async () => {
    const proto = Object.getPrototypeOf(element) as object;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
    element.dispatchEvent(
      new Event(element.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }),
    );
  });
}

const CAMPAIGNS = [
  { id: 'cam_Spring', name: 'Spring outreach', status: 'running', labels: [] },
  { id: 'cam_Events', name: 'Events', status: null, labels: ['q4'] },
];

describe('LemlistPicker', () => {
  it('picks from the Lemlist campaigns listed by the server, or types another id', async () => {
    const { api, calls } = stubbedApi(() => ({ body: CAMPAIGNS }));
    view = await render(<Harness api={api} session={fixedSession('member')} />);
    const select = await until(() => view!.container.querySelector('select'));
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Not linked',
      'Spring outreach (running)',
      'Events',
      'Another campaign: type its id…',
    ]);
    expect(calls).toEqual([
      { method: 'GET', path: '/connectors/lemlist/campaigns', body: undefined },
    ]);

    await change(select, 'cam_Events');
    expect(picked()).toBe('cam_Events');
    expect(view.container.querySelector('input')).toBeNull();

    await change(select, select.options[3]!.value);
    const input = view.container.querySelector('input')!;
    await change(input, 'cam_Typed1');
    expect(picked()).toBe('cam_Typed1');
    expect(select.value).toBe(select.options[3]!.value);
  });

  it('an id the list does not have is shown as typed', async () => {
    const { api } = stubbedApi(() => ({ body: CAMPAIGNS }));
    view = await render(<Harness api={api} session={fixedSession('member')} initial="cam_Old" />);
    await until(() => view!.container.querySelector('select'));
    expect(view.container.querySelector('input')!.value).toBe('cam_Old');
  });

  it.each([
    [
      'signed out',
      fixedSession('signed-out'),
      () => ({ body: CAMPAIGNS }) as const,
      'Sign in to pick from your Lemlist campaigns, or type the id.',
    ],
    [
      'offline',
      fixedSession('member'),
      () => 'network-down' as const,
      'The server is unreachable: type the Lemlist campaign id.',
    ],
    [
      'Lemlist not configured',
      fixedSession('member'),
      () => ({
        status: 400,
        body: {
          error: {
            code: 'bad_request',
            message: 'no Lemlist credential is saved; an admin can add one in Settings',
          },
        },
      }),
      'No Lemlist credential is saved; an admin can add one in Settings. Type the id instead.',
    ],
  ])('%s: a typed id still works', async (_name, session, answer, note) => {
    const { api } = stubbedApi(answer);
    view = await render(<Harness api={api} session={session} />);
    await until(() => text(view!.container.querySelector('[data-testid="lemlist-note"]')) === note);
    expect(view.container.querySelector('select')).toBeNull();
    await change(view.container.querySelector('input')!, 'cam_X');
    expect(picked()).toBe('cam_X');
  });
});
