import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { closeGracefully } from './http/graceful-close.ts';
import { createLogger, type Logger } from './log.ts';
import { type ChangeFeed, createLocalFeed, createPostgresFeed } from './replication/feed.ts';
import { loadServerKey, type ServerKeys } from './secrets/server-key.ts';
import { deliveryFromConfig } from './delivery/setup.ts';
import { createOnAccepted } from './delivery/triggers.ts';
import { serverDocumentWriter } from './replication/write.ts';
import { openStore, type Store } from './store/store.ts';

/**
 * Entry point: `node sync-server/main.ts` (npm run serve). Configuration comes from the
 * environment (config.ts); logs are JSON lines on stdout, plus one human line on stderr once
 * the server is up.
 */
async function main(): Promise<void> {
  const result = loadConfig(process.env);
  if (!result.ok) {
    const lines = result.errors.map((error) => `  - ${error}`).join('\n');
    process.stderr.write(`Outpost cannot start, the configuration is invalid:\n${lines}\n`);
    process.exit(1);
  }
  const { config } = result;
  const log = createLogger(config.logLevel);

  // After an uncaught error the process state is unknown: record it, then die loudly.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });

  // Startup failures go to the log and, in one plain sentence, to the person at the terminal.
  const fail = async (what: string, err: unknown, store?: Store): Promise<never> => {
    log.fatal({ err }, what);
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Outpost cannot start: ${what}: ${reason}\n`);
    await store?.close().catch(() => undefined);
    process.exit(1);
  };

  mkdirSync(config.dataDir, { recursive: true });
  // Loaded before anything else touches data: a key file others can read stops the server here.
  let keys!: ServerKeys;
  try {
    keys = loadServerKey(config);
    log.info(
      { keyId: keys.current.id, source: keys.source, created: keys.created },
      'server key ready',
    );
  } catch (err) {
    await fail('the server key cannot be used', err);
  }
  const store = await openStore(config, log);
  await store
    .ping()
    .catch((err: unknown) =>
      fail(`cannot reach the ${store.kind} database at ${store.location}`, err, store),
    );
  try {
    const report = await store.migrate();
    log.info({ store: store.kind, location: store.location, ...report }, 'schema up to date');
  } catch (err) {
    await fail(`migrating the ${store.kind} database at ${store.location} failed`, err, store);
  }

  // Live replication streams hear of changes in-process on SQLite, by LISTEN/NOTIFY on
  // PostgreSQL (so a push to any instance reaches every instance's streams).
  let changeFeed: ChangeFeed = createLocalFeed();
  if (config.databaseUrl) {
    changeFeed = await createPostgresFeed(config.databaseUrl, log).catch((err: unknown) =>
      fail('cannot LISTEN for replication changes on PostgreSQL', err, store),
    );
  }
  // The outbox fills inside each push; workers deliver it and write statuses back (delivery/).
  const writeDocuments = serverDocumentWriter(changeFeed);
  const delivery = await deliveryFromConfig({ config, store, keys, log, writeDocuments }).catch(
    (err: unknown) => fail('the connector credentials cannot be opened', err, store),
  );
  const app = createApp({
    config,
    store,
    log,
    changeFeed,
    onAccepted: createOnAccepted(writeDocuments),
    delivery: { delivery },
  });
  // @hono/node-server creates a plain node:http server unless told otherwise.
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  await once(server, 'listening').catch((err: unknown) =>
    fail(`cannot listen on ${config.host}:${config.port}`, err, store),
  );
  // Before announcing "listening": a SIGTERM that follows the announcement must find its handler.
  handleSignals(server, store, log, config.shutdownTimeoutMs, changeFeed, delivery.stop);
  if (config.deliveryWorkers) delivery.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  log.info({ url, port, store: store.kind }, 'listening');
  process.stderr.write(`Outpost is up at ${url} (store: ${store.kind}, data: ${config.dataDir})\n`);
}

function handleSignals(
  server: Server,
  store: Store,
  log: Logger,
  timeoutMs: number,
  changeFeed: ChangeFeed,
  stopWorkers: () => Promise<void>,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: closing all connections now');
      server.closeAllConnections();
      return;
    }
    stopping = true;
    log.info({ signal, timeoutMs }, 'shutdown started');
    // Last resort if closing the store hangs; unref'd so it never keeps the process alive.
    setTimeout(() => {
      log.error('shutdown did not finish in time, exiting');
      process.exit(1);
    }, timeoutMs + 5_000).unref();
    void shutdown(server, store, log, timeoutMs, changeFeed, stopWorkers);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function shutdown(
  server: Server,
  store: Store,
  log: Logger,
  timeoutMs: number,
  changeFeed: ChangeFeed,
  stopWorkers: () => Promise<void>,
) {
  try {
    // First: ends the replication streams, which would otherwise hold the close until the deadline.
    await changeFeed.close();
    const { forced } = await closeGracefully(server, timeoutMs);
    if (forced) log.warn({ timeoutMs }, 'requests still running at the deadline were cut off');
    // Batches in flight record their outcomes; an unfinished one is re-claimed after its lease.
    await stopWorkers();
    await store.close();
    log.info('shutdown complete');
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(
    `Outpost failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
}
