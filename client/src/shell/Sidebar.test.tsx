import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { render, text, type Rendered } from '../test/render.tsx';
import { Sidebar } from './Sidebar.tsx';

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('Sidebar', () => {
  it('links to all seven pages, and marks the current one', async () => {
    view = await render(
      <MemoryRouter initialEntries={['/icp']}>
        <Sidebar />
      </MemoryRouter>,
    );
    const nav = view.container.querySelector('nav[aria-label="Main"]');
    const links = [...(nav?.querySelectorAll('a') ?? [])].map((link) => [
      text(link),
      link.getAttribute('href'),
    ]);
    expect(links).toEqual([
      ['Dashboard', '/'],
      ['Contacts', '/contacts'],
      ['Import', '/import'],
      ['Campaigns', '/campaigns'],
      ['ICP', '/icp'],
      ['Chat', '/chat'],
      ['Settings', '/settings'],
    ]);
    const current = nav?.querySelectorAll('[aria-current="page"]');
    expect([...(current ?? [])].map((link) => text(link))).toEqual(['ICP']);
  });
});
