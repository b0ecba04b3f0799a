import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { click, render } from '../test/render.tsx';
import type { Inspection } from './api.ts';
import { MappingStep } from './MappingStep.tsx';

const inspection: Inspection = {
  encoding: 'windows-1252',
  delimiter: ';',
  newline: '\r\n',
  headers: ['Prénom', 'E-mail', 'Record ID'],
  rawHeaders: ['Prénom', 'E-mail', 'Record ID'],
  preview: [['<b>Zoë</b>', 'zoe@acme.com', '17']],
  mapping: ['firstName', 'email', 'custom'],
  policy: 'fill',
  remembered: false,
};

describe('MappingStep', () => {
  it('shows the proposed mapping and the first rows as text, and starts with the choice', async () => {
    const onStart = vi.fn();
    const { container } = await render(
      <MappingStep
        fileName="fr.csv"
        inspection={inspection}
        onStart={onStart}
        onCancel={() => {}}
      />,
    );
    expect(container.textContent).toContain('Windows-1252');
    expect(container.textContent).toContain('<b>Zoë</b>');
    expect(container.querySelector('b')).toBeNull();
    const record = container.querySelector<HTMLSelectElement>(
      'select[aria-label="Import Record ID as"]',
    )!;
    expect(record.value).toBe('custom');
    await act(async () => {
      record.value = 'skip';
      record.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const overwrite = container.querySelector<HTMLInputElement>('input[value="overwrite"]')!;
    await click(overwrite);
    const start = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Start import',
    )!;
    await click(start);
    expect(onStart).toHaveBeenCalledWith(['firstName', 'email', 'skip'], 'overwrite');
  });

  it('will not start without an email or LinkedIn column', async () => {
    const { container } = await render(
      <MappingStep
        fileName="x.csv"
        inspection={{ ...inspection, mapping: ['firstName', 'skip', 'custom'] }}
        onStart={() => {}}
        onCancel={() => {}}
      />,
    );
    expect(container.querySelector('[role="alert"]')!.textContent).toMatch(/Email or LinkedIn/);
    const start = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Start import',
    )!;
    expect(start.disabled).toBe(true);
  });
});
