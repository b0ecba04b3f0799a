import { describe, expect, it } from 'vitest';
import { emptyContactFields, type ContactFields } from '../../../shared/documents/contact.ts';
import { mergeFields } from './merge.ts';

const fields = (over: Partial<ContactFields>): ContactFields => ({
  ...emptyContactFields(),
  ...over,
});

describe('mergeFields', () => {
  const current = fields({
    email: 'a@b.co',
    firstName: 'Ann',
    title: '',
    tags: ['vip'],
    custom: { Source: 'crm' },
  });
  const incoming = fields({
    email: 'a@b.co',
    firstName: 'Anne',
    title: 'CTO',
    company: '',
    tags: ['q3'],
    custom: { Source: 'file', Owner: 'Bo' },
  });

  it('skip leaves the contact as it is', () => {
    expect(mergeFields(current, incoming, 'skip')).toEqual({ fields: current, changed: [] });
  });

  it('fill sets only empty fields', () => {
    const { fields: out, changed } = mergeFields(current, incoming, 'fill');
    expect(out).toMatchObject({ firstName: 'Ann', title: 'CTO', tags: ['vip', 'q3'] });
    expect(out.custom).toEqual({ Source: 'crm', Owner: 'Bo' });
    expect(changed.toSorted()).toEqual(['custom', 'tags', 'title']);
  });

  it('overwrite replaces with non-empty values only', () => {
    const { fields: out } = mergeFields(current, incoming, 'overwrite');
    expect(out).toMatchObject({ firstName: 'Anne', title: 'CTO', company: '' });
    expect(out.custom).toEqual({ Source: 'file', Owner: 'Bo' });
  });

  it('reports nothing changed when the file says the same', () => {
    expect(mergeFields(current, current, 'overwrite').changed).toEqual([]);
  });
});
