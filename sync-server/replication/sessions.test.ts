import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_HEADER,
  pullPath,
  pushPath,
  STREAM_PATH,
  SYNC_PROTOCOL_VERSION,
} from '../../shared/sync/protocol.ts';
import { createApp } from '../app.ts';
import type { Store } from '../store/store.ts';
import { memoryLog, testConfig } from '../test-helpers.ts';
import { contact, eventually, harnesses, schemaParam, signUpWorkspace } from './test-support.ts';

const sync = (token: string) => ({
  Authorization: `Bearer ${token}`,
  [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
});

/** The endpoints as the app mounts them: behind requireSession, with real accounts. */
describe.each(harnesses())(
  'replication behind real sessions on $kind',
  { timeout: 20_000 },
  (h) => {
    let store: Store;
    let server: Server;
    let url = '';
    beforeAll(() => h.setup(), 30_000);
    afterAll(() => h.teardown());
    afterEach(async () => {
      server.closeAllConnections();
      server.close();
      await store.close();
    });

    async function start() {
      store = await h.fresh();
      const app = createApp({
        config: testConfig({ signup: 'open' }),
        store,
        log: memoryLog().log,
      });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    it('a session of one workspace cannot pull, push or stream another workspace', async () => {
      await start();
      const a = await signUpWorkspace(url, 'Alpha');
      const b = await signUpWorkspace(url, 'Beta');
      expect(a.workspaceId).not.toBe(b.workspaceId);

      // B listens; A writes.
      const events: string[] = [];
      const abort = new AbortController();
      const stream = await fetch(`${url}${STREAM_PATH}`, {
        headers: sync(b.token),
        signal: abort.signal,
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: '' }));
          if (done) return;
          events.push(value);
        }
      })();
      await eventually(() => events.join('').includes('RESYNC'));

      const doc = contact('secret', { notes: 'only for Alpha' });
      const pushed = await fetch(`${url}${pushPath('contacts')}?${schemaParam('contacts')}`, {
        method: 'POST',
        headers: { ...sync(a.token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ rows: [{ newDocumentState: doc }] }),
      });
      expect(await pushed.json()).toEqual({ conflicts: [], rejected: [] });

      const pullAs = async (token: string) => {
        const res = await fetch(`${url}${pullPath('contacts')}?${schemaParam('contacts')}`, {
          headers: sync(token),
        });
        return ((await res.json()) as { documents: { notes: string }[] }).documents;
      };
      expect((await pullAs(a.token)).map((d) => d.notes)).toEqual(['only for Alpha']);
      expect(await pullAs(b.token)).toEqual([]);

      // B pushing the same id makes B's own document; A's is untouched.
      await fetch(`${url}${pushPath('contacts')}?${schemaParam('contacts')}`, {
        method: 'POST',
        headers: { ...sync(b.token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ rows: [{ newDocumentState: { ...doc, notes: 'Beta' } }] }),
      });
      await eventually(() => events.join('').includes('Beta'));
      expect(events.join('')).not.toContain('only for Alpha');
      expect((await pullAs(a.token)).map((d) => d.notes)).toEqual(['only for Alpha']);

      // GET /api/v1/metrics counts them: 2 in by push; out, 2 by A's pulls and 1 on B's stream.
      const metrics = await (await fetch(`${url}/api/v1/metrics`)).text();
      expect(metrics).toContain(
        'outpost_replication_documents_total{direction="in",collection="contacts"} 2',
      );
      expect(metrics).toContain(
        'outpost_replication_documents_total{direction="out",collection="contacts"} 3',
      );
      expect(metrics).toContain('outpost_replication_active_streams 1');
      abort.abort();
    });

    it('answers 401 to a forged token and to no credential on every endpoint', async () => {
      await start();
      const forged = 'A'.repeat(43);
      for (const path of [`${pullPath('contacts')}?${schemaParam('contacts')}`, STREAM_PATH]) {
        expect((await fetch(`${url}${path}`, { headers: sync(forged) })).status).toBe(401);
        expect((await fetch(`${url}${path}`)).status).toBe(401);
      }
      const push = await fetch(`${url}${pushPath('contacts')}?${schemaParam('contacts')}`, {
        method: 'POST',
        headers: { ...sync(forged), 'Content-Type': 'application/json' },
        body: JSON.stringify({ rows: [{ newDocumentState: contact('x') }] }),
      });
      expect(push.status).toBe(401);
      const [count] = await store.query<{ n: number }>('SELECT count(*) AS n FROM documents');
      expect(count?.n).toBe(0);
    });
  },
);
