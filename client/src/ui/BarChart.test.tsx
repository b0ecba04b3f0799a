import { afterEach, describe, expect, test } from 'vitest';
import { render, text, type Rendered } from '../test/render.tsx';
import { BarChart } from './BarChart.tsx';

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('BarChart', () => {
  test.each(['vertical', 'horizontal'] as const)(
    'a %s chart is one image summarizing every value, with the numbers in a table',
    async (orientation) => {
      view = await render(
        <BarChart
          title="Contacts per import"
          orientation={orientation}
          bars={[
            { label: 'Apollo', value: 1200 },
            { label: '<img src=x onerror=alert(1)>', value: 0 },
          ]}
          categoryHeader="Import"
          valueHeader="Contacts"
        />,
      );
      const image = view.container.querySelector('[role="img"]');
      expect(image?.getAttribute('aria-label')).toBe(
        'Contacts per import: Apollo 1,200, <img src=x onerror=alert(1)> 0',
      );
      expect(image?.querySelectorAll('.bar-chart__bar')).toHaveLength(2);
      const rows = [...view.container.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map(text),
      );
      expect(rows).toEqual([
        ['Apollo', '1,200'],
        ['<img src=x onerror=alert(1)>', '0'],
      ]);
      expect(view.container.querySelector('img')).toBeNull();
    },
  );
});
