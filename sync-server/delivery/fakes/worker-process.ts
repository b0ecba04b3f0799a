import { createLocalFeed } from '../../replication/feed.ts';
import { serverDocumentWriter } from '../../replication/write.ts';
import { createLogger } from '../../log.ts';
import { serverKeyFromBytes } from '../../secrets/secret-box.ts';
import { openPostgresStore } from '../../store/postgres.ts';
import { openSqliteStore } from '../../store/sqlite.ts';
import { createDelivery } from '../service.ts';
import { FAST } from './harness.ts';

/**
 * A delivery worker in its own process, for the SIGKILL test: env STORE (a postgres:// URL or a
 * SQLite file), HUBSPOT_URL, SERVER_KEY (base64), LEASE_MS. Prints "started" once running.
 */
const env = process.env;
const store = env.STORE!.startsWith('postgres')
  ? openPostgresStore(env.STORE!)
  : openSqliteStore(env.STORE!);
const current = serverKeyFromBytes(Buffer.from(env.SERVER_KEY!, 'base64'));
const delivery = createDelivery({
  store,
  keys: { current, keyring: [current] },
  log: createLogger('silent'),
  writeDocuments: serverDocumentWriter(createLocalFeed()),
  baseUrls: {
    hubspot: env.HUBSPOT_URL!,
    lemlist: 'http://127.0.0.1:9',
    explorium: 'http://127.0.0.1:9',
  },
  ...FAST,
  connectors: undefined,
  timeoutMs: 60_000,
  leaseMs: Number(env.LEASE_MS),
});
delivery.start();
process.stdout.write('started\n');
