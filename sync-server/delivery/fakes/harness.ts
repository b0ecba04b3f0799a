import { emptyContactFields } from '../../../shared/documents/contact.ts';
import type { Connector } from '../../../shared/documents/server-written.ts';
import type { WireDocument } from '../../../shared/sync/protocol.ts';
import type { CollectionName } from '../../../shared/documents/collections.ts';
import type { Logger } from '../../log.ts';
import { readDocuments } from '../../replication/documents.ts';
import { createLocalFeed } from '../../replication/feed.ts';
import { applyPush, serverDocumentWriter } from '../../replication/write.ts';
import { generateServerKey } from '../../secrets/secret-box.ts';
import { SecretValue } from '../../secrets/secret-box.ts';
import type { Store } from '../../store/store.ts';
import { createDelivery, type DeliveryOptions } from '../service.ts';
import { createOnAccepted } from '../triggers.ts';

/**
 * Test-only wiring of the delivery around a real store and replication's real push and
 * server-document writer: what a device pushes enqueues, what the workers record replicates.
 * Windows are short (timeouts, backoff, breaker) so fault scenarios take a second, not minutes.
 */
export const TEST_KEYS = (() => {
  const current = generateServerKey();
  return { current, keyring: [current] };
})();

export const FAST: Omit<DeliveryOptions, 'store' | 'keys' | 'log' | 'writeDocuments' | 'baseUrls'> =
  {
    limits: {
      hubspot: { max: 100, windowMs: 10_000 },
      lemlist: { max: 20, windowMs: 2_000 },
      explorium: { max: 200, windowMs: 60_000 },
    },
    timeoutMs: 400,
    leaseMs: 3_000,
    pollMs: 20,
    maxAttempts: 3,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
    breaker: { kind: 'consecutive', failures: 3, halfOpenAfterMs: 300 },
    concurrency: { hubspot: 2, lemlist: 4, explorium: 2 },
  };

export function deliveryHarness(
  store: Store,
  log: Logger,
  baseUrls: Record<Connector, string>,
  overrides: Partial<DeliveryOptions> = {},
) {
  const feed = createLocalFeed();
  const writeDocuments = serverDocumentWriter(feed);
  const onAccepted = createOnAccepted(writeDocuments);
  const delivery = createDelivery({
    store,
    keys: TEST_KEYS,
    log,
    writeDocuments,
    baseUrls,
    ...FAST,
    ...overrides,
  });

  /** Pushes documents as a device would (assumed master state = what the server has). */
  async function push(workspaceId: string, collection: CollectionName, docs: WireDocument[]) {
    for (let i = 0; i < docs.length; i += 500) {
      const chunk = docs.slice(i, i + 500);
      const stored = await readDocuments(
        store,
        workspaceId,
        collection,
        chunk.map((d) => d.id),
      );
      const rows = chunk.map((doc) => ({
        assumedMasterState: stored.get(doc.id) ?? null,
        newDocumentState: doc,
      }));
      const result = await applyPush({ store, feed, onAccepted }, workspaceId, collection, rows);
      if (result.response.rejected.length > 0)
        throw new Error(JSON.stringify(result.response.rejected[0]));
    }
  }

  async function credential(workspaceId: string, connector: Connector, value: string) {
    await delivery.saveCredential({
      workspaceId,
      connector,
      value: new SecretValue(value),
      userId: 'u-test',
      now: Date.now(),
    });
  }

  async function documents(workspaceId: string, collection: CollectionName, ids: string[]) {
    return readDocuments(store, workspaceId, collection, ids);
  }

  async function outboxCount(connector?: Connector): Promise<number> {
    const rows = await store.query<{ n: number }>(
      connector
        ? 'SELECT count(*) AS n FROM outbox WHERE connector = $1'
        : 'SELECT count(*) AS n FROM outbox',
      connector ? [connector] : [],
    );
    return rows[0]!.n;
  }

  /** Runs rounds of `connector` until `done` holds (the test's timeout bounds it). */
  async function drain(connector: Connector, done: () => boolean | Promise<boolean>) {
    while (!(await done())) {
      const claimed = await delivery.runOnce(connector);
      if (claimed === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  return { delivery, push, credential, documents, outboxCount, drain, writeDocuments, onAccepted };
}

export function contactDoc(n: number, fields: Record<string, unknown> = {}): WireDocument {
  const email = `person${n}@example.com`;
  return {
    ...emptyContactFields(),
    id: `c-${n}`,
    email,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    company: 'Acme',
    source: { kind: 'manual', importId: null, label: '' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mergedInto: null,
    clock: {},
    _deleted: false,
    ...fields,
  };
}

/** A deterministic random in [0, 1) (mulberry32), so fault runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
