import { describe, expect, it } from 'vitest';
import { checkDataWorkspace, forgetDataWorkspace } from './data-workspace.ts';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('the workspace a device’s data belongs to', () => {
  it('is the first one signed in to; another is refused until the data is reset', () => {
    const storage = memoryStorage();
    expect(checkDataWorkspace('ws_a', storage)).toEqual({ ok: true });
    expect(checkDataWorkspace('ws_a', storage)).toEqual({ ok: true });
    expect(checkDataWorkspace('ws_b', storage)).toEqual({ ok: false, boundTo: 'ws_a' });
    forgetDataWorkspace(storage);
    expect(checkDataWorkspace('ws_b', storage)).toEqual({ ok: true });
    expect(checkDataWorkspace('ws_a', storage)).toEqual({ ok: false, boundTo: 'ws_b' });
  });
});
