import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, type ContactQuery } from '../data/contacts-index.ts';
import { activeFilterCount, queryFromParams, queryToParams } from './query-url.ts';

const full: ContactQuery = {
  search: 'ann lee',
  filters: {
    countries: ['Germany', 'France'],
    industries: ['Software'],
    companySizes: ['51-200'],
    tags: ['vip', 'trade show'],
    scoreMin: 40,
    scoreMax: 90,
    delivery: { connector: 'hubspot', state: 'failed' },
    importId: 'imp_123',
  },
  sort: { key: 'score', direction: 'desc' },
};

describe('query <-> URL', () => {
  it('round-trips every field', () => {
    const params = queryToParams(full);
    expect(queryFromParams(new URLSearchParams(params.toString()))).toEqual(full);
  });

  it('leaves defaults out of the URL', () => {
    expect(queryToParams(EMPTY_QUERY).toString()).toBe('');
    expect(queryFromParams(new URLSearchParams(''))).toEqual(EMPTY_QUERY);
  });

  it('writes a readable, stable query string', () => {
    expect(queryToParams(full).toString()).toBe(
      'q=ann+lee&country=Germany&country=France&industry=Software&size=51-200&tag=vip' +
        '&tag=trade+show&min=40&max=90&delivery=hubspot%3Afailed&import=imp_123&sort=score&dir=desc',
    );
  });

  it('drops what it does not understand instead of failing', () => {
    const query = queryFromParams(
      new URLSearchParams(
        'sort=password&dir=sideways&min=abc&max=250&delivery=salesforce:failed&x=1',
      ),
    );
    expect(query.sort).toEqual({ key: 'name', direction: 'asc' });
    expect(query.filters).toEqual({ scoreMax: 100 });
  });

  it('accepts every delivery state, including none', () => {
    for (const state of ['pending', 'delivered', 'failed', 'none'] as const) {
      const query = queryFromParams(new URLSearchParams(`delivery=lemlist:${state}`));
      expect(query.filters.delivery).toEqual({ connector: 'lemlist', state });
    }
  });

  it('ignores empty and repeated list values', () => {
    const query = queryFromParams(new URLSearchParams('tag=&tag=vip&tag=vip'));
    expect(query.filters.tags).toEqual(['vip']);
  });

  it('counts active filters, a score range once', () => {
    expect(activeFilterCount(full.filters)).toBe(7);
    expect(activeFilterCount({ scoreMin: 10 })).toBe(1);
    expect(activeFilterCount({ tags: [] })).toBe(0);
  });
});
