import { beforeEach, describe, expect, it } from 'vitest';
import { deleteView, readViews, SAVED_VIEWS_KEY, saveView } from './saved-views.ts';

class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
});

describe('saved views', () => {
  it('saves, lists and deletes views under outpost:contact-views', () => {
    const saved = saveView('Germany, 60+', 'country=Germany&min=60', storage);
    expect(saved.ok).toBe(true);
    saveView('VIPs', 'tag=vip', storage);
    const views = readViews(storage);
    expect(views.map((v) => [v.name, v.params])).toEqual([
      ['Germany, 60+', 'country=Germany&min=60'],
      ['VIPs', 'tag=vip'],
    ]);
    expect(JSON.parse(storage.getItem(SAVED_VIEWS_KEY)!)).toHaveLength(2);

    deleteView(views[0]!.id, storage);
    expect(readViews(storage).map((v) => v.name)).toEqual(['VIPs']);
  });

  it('replaces a view of the same name (any case), keeping its place and id', () => {
    saveView('VIPs', 'tag=vip', storage);
    saveView('Other', 'q=x', storage);
    const before = readViews(storage)[0]!;
    saveView('vips', 'tag=vip&min=50', storage);
    const after = readViews(storage);
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual({ id: before.id, name: 'vips', params: 'tag=vip&min=50' });
  });

  it('refuses an empty name', () => {
    expect(saveView('   ', 'q=a', storage)).toEqual({ ok: false, message: 'Give the view a name' });
    expect(readViews(storage)).toEqual([]);
  });

  it('says so when storage is full', () => {
    storage.full = true;
    expect(saveView('A', 'q=a', storage)).toMatchObject({ ok: false });
  });

  it('reads damaged storage as no views, and skips damaged entries', () => {
    storage.setItem(SAVED_VIEWS_KEY, '{not json');
    expect(readViews(storage)).toEqual([]);
    storage.setItem(
      SAVED_VIEWS_KEY,
      JSON.stringify([{ id: 'v1', name: 'Good', params: 'q=a' }, { name: 42 }, 'junk']),
    );
    expect(readViews(storage)).toEqual([{ id: 'v1', name: 'Good', params: 'q=a' }]);
  });
});
