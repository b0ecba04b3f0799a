import { describe, expect, it } from 'vitest';
import { describeStatus } from './describe.ts';
import { pushRequestSchema } from '../../../shared/sync/protocol.ts';
import { toPushRequests } from './handlers.ts';
import {
  initialStatus,
  MAX_REJECTIONS,
  reduceStatus,
  type SyncEvent,
  type SyncStatus,
} from './status.ts';

const now = new Date('2026-11-27T12:00:00.000Z');
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();

function run(events: SyncEvent[], start: SyncStatus = initialStatus(true)): SyncStatus {
  return events.reduce(reduceStatus, start);
}

describe('sync status', () => {
  it('is online again as soon as the server answers, whatever the network events said', () => {
    const status = run([
      { type: 'network_lost' },
      { type: 'failed', error: { kind: 'unreachable', message: 'x' } },
      { type: 'reached', at: at(0) },
    ]);
    expect(status.connection).toBe('online');
    expect(describeStatus(status, now).label).toBe('Online');
  });

  it('says offline with the number of changes waiting and the last sync', () => {
    const status = run([
      { type: 'reached', at: at(600) },
      { type: 'pending', count: 3, capped: false },
      { type: 'failed', error: { kind: 'unreachable', message: 'x' } },
    ]);
    const text = describeStatus(status, now);
    expect(text.state).toBe('offline');
    expect(text.label).toBe('Offline');
    expect(text.detail).toContain('3 changes not synced yet');
    expect(text.detail).toContain('Synced 10 min ago');
  });

  it('keeps "signed out" and "please reload" until they are resolved; an answer clears only errors', () => {
    const signedOut = run([
      { type: 'failed', error: { kind: 'unauthorized', message: 'not signed in' } },
      { type: 'reached', at: at(0) },
    ]);
    expect(describeStatus(signedOut, now)).toMatchObject({
      state: 'signed-out',
      label: 'Signed out',
    });
    expect(describeStatus(signedOut, now).detail).toContain('your changes are kept');
    expect(run([{ type: 'signed_in' }], signedOut).problem).toBeNull();

    const old = run([{ type: 'failed', error: { kind: 'upgrade_required', message: 'too old' } }]);
    expect(describeStatus(old, now)).toMatchObject({
      state: 'update',
      label: 'Please reload to update',
    });
    expect(run([{ type: 'reached', at: at(0) }, { type: 'signed_in' }], old).problem?.kind).toBe(
      'upgrade_required',
    );

    const broken = run([
      { type: 'failed', error: { kind: 'server', message: 'The server answered 500' } },
    ]);
    expect(describeStatus(broken, now).detail).toContain('Sync failed: The server answered 500');
    expect(run([{ type: 'reached', at: at(0) }], broken).problem).toBeNull();
  });

  it('counts changes waiting, with the cap shown as "+"', () => {
    expect(describeStatus(run([{ type: 'pending', count: 1, capped: false }]), now).label).toBe(
      '1 change not synced yet',
    );
    expect(describeStatus(run([{ type: 'pending', count: 10_000, capped: true }]), now).label).toBe(
      '10,000+ changes not synced yet',
    );
    expect(describeStatus(run([{ type: 'active', active: true }]), now).label).toBe('Syncing…');
  });

  it('keeps the most recent refused rows, newest first, until dismissed', () => {
    const many = Array.from({ length: MAX_REJECTIONS + 5 }, (_, i) => ({
      collection: 'contacts' as const,
      id: `c${i}`,
      reason: 'bad',
    }));
    const status = run([
      { type: 'rejected', rejections: many.slice(0, 10) },
      { type: 'rejected', rejections: many.slice(10) },
    ]);
    expect(status.rejected).toHaveLength(MAX_REJECTIONS);
    expect(status.rejected[0]?.id).toBe('c10');
    expect(run([{ type: 'dismiss_rejections' }], status).rejected).toEqual([]);
  });
});

function row(id: string, size: number) {
  return { newDocumentState: { id, _deleted: false, notes: 'x'.repeat(size) } };
}

describe('push request splitting', () => {
  it('keeps every request under the byte limit and every row in order', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(`r${i}`, 1_000));
    const bodies = [...toPushRequests(rows, 5_000)].map((body) => body.text);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(5_000);
    }
    const requests = bodies.map((body) => pushRequestSchema.parse(JSON.parse(body)));
    expect(requests.flatMap((r) => r.rows.map((w) => w.newDocumentState.id))).toEqual(
      rows.map((r) => r.newDocumentState.id),
    );
    // RxDB's "new to me" (undefined) goes out as null, as the protocol says.
    expect(requests[0]?.rows[0]?.assumedMasterState).toBeNull();
  });

  it('sends a row larger than the limit alone, for the server to refuse by name', () => {
    const requests = [
      ...toPushRequests([row('small', 10), row('huge', 10_000), row('after', 10)], 5_000),
    ].map((body) => pushRequestSchema.parse(JSON.parse(body.text)));
    expect(requests.map((r) => r.rows.map((w) => w.newDocumentState.id))).toEqual([
      ['small'],
      ['huge'],
      ['after'],
    ]);
  });

  it('keeps every request within the row limit, listing the documents it sends', () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(`r${i}`, 1));
    const bodies = [...toPushRequests(rows, 1_000_000, 3)];
    expect(bodies.map((body) => body.documents.map((d) => d.id))).toEqual([
      ['r0', 'r1', 'r2'],
      ['r3', 'r4', 'r5'],
      ['r6'],
    ]);
    for (const body of bodies) {
      expect(
        pushRequestSchema.parse(JSON.parse(body.text)).rows.map((r) => r.newDocumentState),
      ).toEqual(body.documents);
    }
  });
});
