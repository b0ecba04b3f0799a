import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { WriteServerDocuments } from '../replication/hooks.ts';
import type { ServerKeys } from '../secrets/server-key.ts';
import type { Store } from '../store/store.ts';
import { resealCredentials } from './credentials.ts';
import { createDelivery, DELIVERY_DEFAULTS } from './service.ts';

/**
 * The delivery as the server runs it, from its configuration: the providers' published limits
 * (HubSpot's per plan, from HUBSPOT_RATE_LIMIT), their base URLs, and credentials sealed again
 * under the current key if a rotation left some under the previous one.
 */
export async function deliveryFromConfig(deps: {
  config: Config;
  store: Store;
  keys: ServerKeys;
  log: Logger;
  writeDocuments: WriteServerDocuments;
}) {
  const { config, store, keys, log } = deps;
  const resealed = await resealCredentials(store, keys);
  if (resealed > 0)
    log.info({ resealed, keyId: keys.current.id }, 'credentials sealed with the current key');
  return createDelivery({
    store,
    keys,
    log,
    writeDocuments: deps.writeDocuments,
    baseUrls: {
      hubspot: config.hubspotBaseUrl,
      lemlist: config.lemlistBaseUrl,
      explorium: config.exploriumBaseUrl,
    },
    limits: {
      hubspot: { max: config.hubspotRateLimit, windowMs: 10_000 },
      lemlist: { max: 20, windowMs: 2_000 },
      explorium: { max: 200, windowMs: 60_000 },
    },
    timeoutMs: config.deliveryTimeoutMs,
    ...DELIVERY_DEFAULTS,
  });
}
