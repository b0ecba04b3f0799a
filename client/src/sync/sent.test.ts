import { describe, expect, it } from 'vitest';
import { SentDocuments } from './sent.ts';

describe('SentDocuments', () => {
  it('recognizes the server sending back exactly what was pushed, once', () => {
    const sent = new SentDocuments();
    sent.remember('contacts', [{ id: 'a', notes: 'mine', _deleted: false }]);
    // The server stores `_deleted` last: key order does not matter.
    expect(sent.isEcho('contacts', { _deleted: false, notes: 'mine', id: 'a' })).toBe(true);
    expect(sent.isEcho('contacts', { id: 'a', notes: 'mine', _deleted: false })).toBe(false);
  });

  it('lets through anything else: other values, ids and collections', () => {
    const sent = new SentDocuments();
    sent.remember('contacts', [{ id: 'a', notes: 'mine', _deleted: false }]);
    expect(sent.isEcho('contacts', { id: 'a', notes: 'theirs', _deleted: false })).toBe(false);
    expect(sent.isEcho('contacts', { id: 'b', notes: 'mine', _deleted: false })).toBe(false);
    expect(sent.isEcho('campaigns', { id: 'a', notes: 'mine', _deleted: false })).toBe(false);
    // A later push of the same id replaces the earlier state.
    sent.remember('contacts', [{ id: 'a', notes: 'again', _deleted: false }]);
    expect(sent.isEcho('contacts', { id: 'a', notes: 'mine', _deleted: false })).toBe(false);
    expect(sent.isEcho('contacts', { id: 'a', notes: 'again', _deleted: false })).toBe(true);
  });
});
