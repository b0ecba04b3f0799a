import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../../shared/documents/collections.ts';
import { PROTOCOL_HEADER, pullPath, pushPath, STREAM_PATH } from '../../shared/sync/protocol.ts';
import { createApp } from '../app.ts';
import { memoryLog, testConfig } from '../test-helpers.ts';
import { contact, harnesses, schemaParam } from './test-support.ts';

/**
 * Malformed, oversized, wrongly typed and hostile requests to every replication endpoint, as
 * the app mounts them (real session): never a 5xx, always a JSON error (or, for a well-formed
 * push, every row rejected), and nothing stored. Deterministic: a seeded generator.
 */
const CASES = 1_200;

function generator(seed: number) {
  let state = seed;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const strings = [
    '',
    ' ',
    '\u0000',
    '\ud800',
    '💥',
    '<script>',
    "' OR 1=1 --",
    '$1',
    '../..',
    'x'.repeat(5_000),
  ];
  const value = (depth = 0): unknown => {
    switch (int(depth > 3 ? 5 : 8)) {
      case 0:
        return null;
      case 1:
        return pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER]);
      case 2:
        return pick(strings);
      case 3:
        return next() < 0.5;
      case 4:
        return pick(['__proto__', 'constructor', 'toString']);
      case 5:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = int(4); i > 0; i--)
          o[pick(['id', '_deleted', '__proto__', 'rows', 'a', pick(strings)])] = value(depth + 1);
        return o;
      }
    }
  };
  return { next, int, pick, value };
}

/** A contact made invalid in one way the shared schema must catch. */
function brokenDocument(g: ReturnType<typeof generator>): Record<string, unknown> {
  const doc: Record<string, unknown> = contact(`f${g.int(50)}`);
  const field = g.pick([
    'id',
    'email',
    'firstName',
    'tags',
    'custom',
    'source',
    'clock',
    'createdAt',
    '_deleted',
  ]);
  switch (g.int(5)) {
    case 0:
      delete doc[field];
      break;
    case 1:
      doc[field] = g.pick([42, { nested: true }, [1, 2], true]);
      break;
    case 2:
      doc[g.pick(['hacked', '_meta', '_rev', '_attachments'])] = g.value();
      break;
    case 3:
      doc.notes = 'x'.repeat(100_001);
      break;
    default:
      doc.id = g.pick(['', 'x'.repeat(81), 7, null]);
  }
  return doc;
}

describe.each(harnesses())('replication fuzz on $kind', (h) => {
  beforeAll(() => h.setup(), 30_000);
  afterAll(() => h.teardown());

  it(
    `answers ${CASES} hostile requests with 4xx JSON (or every row rejected) and stores nothing`,
    { timeout: 120_000 },
    async () => {
      const store = await h.fresh();
      const app = createApp({
        config: testConfig({ signup: 'open' }),
        store,
        log: memoryLog().log,
      });
      const signup = await app.request('/api/v1/auth/signup', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          workspaceName: 'Fuzz',
          email: 'f@example.com',
          name: 'F',
          password: 'long enough password',
          bearer: true,
        }),
      });
      const { token } = (await signup.json()) as { token: string };
      const g = generator(20_261_127);
      const statuses = new Map<number, number>();

      for (let i = 0; i < CASES; i++) {
        const collection =
          g.next() < 0.9
            ? g.pick(COLLECTION_NAMES)
            : (g.pick(['users', '__proto__', '..', '%00']) as 'contacts');
        const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
        if (g.next() < 0.95)
          headers[PROTOCOL_HEADER] = g.pick(['1', '1', '1', '0', '2', 'x', '', '1.0', '-1']);
        const known = (COLLECTION_NAMES as string[]).includes(collection);
        const schema =
          g.next() < 0.8 && known
            ? schemaParam(collection)
            : `schema=${g.pick(['', 'x', '-1', '99', '1e2', '0'])}`;
        const kind = g.int(10);
        let response: Response;
        if (kind === 0) {
          const after = g.pick(['0', '-1', 'abc', '1e9', '99999999999999999999', '', '%00']);
          const limit = g.pick(['1', '1000', '1001', '0', '-5', 'x', '']);
          response = await app.request(
            `${pullPath(collection)}?${schema}&after=${after}&limit=${limit}`,
            { headers },
          );
          if (response.status === 200) {
            expect(((await response.json()) as { documents: unknown[] }).documents).toEqual([]);
            continue;
          }
        } else if (kind === 1) {
          response = await app.request(`${STREAM_PATH}`, {
            headers: { ...headers, [PROTOCOL_HEADER]: g.pick(['0', 'x', '9']) },
          });
        } else {
          let body: string;
          const shape = g.int(6);
          if (shape === 0) body = JSON.stringify(g.value());
          else if (shape === 1)
            body = JSON.stringify({ rows: [{ newDocumentState: contact('t') }] }).slice(
              0,
              g.int(200),
            );
          else if (shape === 2)
            body = JSON.stringify({
              rows: Array.from({ length: g.pick([501, 2_000]) }, () => ({ newDocumentState: {} })),
              pad: 'x'.repeat(g.pick([0, 1_100_000])),
            });
          else if (shape === 3)
            body = JSON.stringify({
              rows: [{ newDocumentState: g.value(), assumedMasterState: g.value() }],
            });
          else
            body = JSON.stringify({
              rows: Array.from({ length: 1 + g.int(5) }, () => ({
                newDocumentState: brokenDocument(g),
                assumedMasterState: g.next() < 0.5 ? null : brokenDocument(g),
              })),
            });
          const contentType = g.pick([
            'application/json',
            'application/json',
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            '',
          ]);
          response = await app.request(`${pushPath(collection)}?${schema}`, {
            method: 'POST',
            headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}) },
            body,
          });
          if (response.status === 200) {
            const result = (await response.json()) as { conflicts: unknown[]; rejected: unknown[] };
            const rows = (JSON.parse(body) as { rows: unknown[] }).rows;
            expect(result.conflicts).toEqual([]);
            expect(result.rejected).toHaveLength(rows.length);
            statuses.set(200, (statuses.get(200) ?? 0) + 1);
            continue;
          }
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `case ${i}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `case ${i}`).toBeLessThan(500);
        expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
      }
      const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM documents');
      expect(count?.n).toBe(0);
      // The generator reached the interesting answers, not only one kind of refusal.
      for (const status of [200, 400, 403, 404, 413, 415, 426])
        expect(statuses.get(status), `status ${status}`).toBeGreaterThan(0);
      await store.close();
    },
  );
});
