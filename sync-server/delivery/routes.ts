import { zValidator } from '@hono/zod-validator';
import { type Context, type Env, Hono, type MiddlewareHandler } from 'hono';
import {
  type ConnectorSummary,
  credentialInputSchema,
  deliverySettingsSchema,
  enrichInputSchema,
  retryInputSchema,
  type TestResult,
  testInputSchema,
} from '../../shared/api/delivery.ts';
import { CONNECTORS, type Connector } from '../../shared/documents/server-written.ts';
import type { AppEnv } from '../http/env.ts';
import { apiError } from '../http/errors.ts';
import { jsonBody, onInvalid } from '../http/validation.ts';
import type { Logger } from '../log.ts';
import { lockWorkspace, readDocuments } from '../replication/documents.ts';
import { SecretValue } from '../secrets/secret-box.ts';
import type { Store } from '../store/store.ts';
import { listCampaigns } from './connectors/lemlist.ts';
import { deleteCredential, listCredentials } from './credentials.ts';
import { ProviderError } from './errors.ts';
import { retryFailed } from './outbox.ts';
import { markOwed } from './results.ts';
import type { Delivery } from './service.ts';
import { readDeliverySettings, saveDeliverySettings } from './settings.ts';
import { deliveryStats } from './stats.ts';
import { enqueueOwed, enrichment, isLive } from './triggers.ts';

export interface DeliveryRouteDeps {
  store: Store;
  delivery: Delivery;
  log: Logger;
  /** sync-server/auth: sets c.var.session, or answers 401. */
  requireSession: MiddlewareHandler<AppEnv>;
  /** sync-server/auth: 403 unless the session's role is admin. */
  requireAdmin: MiddlewareHandler<AppEnv>;
  now?: () => number;
}

/**
 * Connector settings, Lemlist campaigns, delivery stats, retries, enriching again and the
 * workspace's delivery settings (shared/api/delivery.ts).
 */
export function deliveryRoutes(deps: DeliveryRouteDeps) {
  const { store, delivery, log, requireSession, requireAdmin } = deps;
  const now = deps.now ?? Date.now;

  return new Hono<AppEnv>()
    .get('/connectors', requireSession, async (c) => {
      const saved = await listCredentials(store, c.var.session.workspaceId);
      const body: ConnectorSummary[] = CONNECTORS.map((connector) => {
        const row = saved.find((s) => s.connector === connector);
        return {
          connector,
          configured: !!row,
          last4: row?.last4 ?? '',
          updatedAt: row?.updatedAt ?? null,
        };
      });
      return c.json(body);
    })
    .put(
      '/connectors/:connector/credential',
      requireSession,
      requireAdmin,
      jsonBody(),
      zValidator('json', credentialInputSchema, onInvalid),
      async (c) => {
        const connector = parseConnector(c.req.param('connector'));
        if (!connector) return unknown(c, c.req.param('connector'));
        const { workspaceId, userId } = c.var.session;
        const summary = await delivery.saveCredential({
          workspaceId,
          connector,
          value: new SecretValue(c.req.valid('json').value),
          userId,
          now: now(),
        });
        log.info(
          { event: 'credential_saved', connector, workspaceId, userId },
          'connector credential saved',
        );
        return c.json({ ...summary, configured: true } satisfies ConnectorSummary);
      },
    )
    .delete('/connectors/:connector/credential', requireSession, requireAdmin, async (c) => {
      const connector = parseConnector(c.req.param('connector'));
      if (!connector) return unknown(c, c.req.param('connector'));
      const { workspaceId } = c.var.session;
      if (!(await deleteCredential(store, workspaceId, connector))) {
        return apiError(c, 404, 'not_found', `no ${connector} credential is saved`);
      }
      delivery.resetLane(workspaceId, connector);
      return c.body(null, 204);
    })
    .post(
      '/connectors/:connector/test',
      requireSession,
      requireAdmin,
      jsonBody(),
      zValidator('json', testInputSchema, onInvalid),
      async (c) => {
        const connector = parseConnector(c.req.param('connector'));
        if (!connector) return unknown(c, c.req.param('connector'));
        const candidate = c.req.valid('json').value;
        const ctx = await delivery.context(
          c.var.session.workspaceId,
          connector,
          candidate === undefined ? undefined : new SecretValue(candidate),
        );
        if (!ctx)
          return apiError(
            c,
            400,
            'bad_request',
            `no ${connector} credential is saved; send one to test`,
          );
        const result: TestResult = await delivery.modules
          .get(connector)!
          .test(ctx)
          .then(() => ({ ok: true, message: `${connector} accepted the credential` }))
          .catch((err: unknown) => ({ ok: false, message: describe(err) }));
        return c.json(result);
      },
    )
    .get('/connectors/lemlist/campaigns', requireSession, async (c) => {
      const ctx = await delivery.context(c.var.session.workspaceId, 'lemlist');
      if (!ctx)
        return apiError(
          c,
          400,
          'bad_request',
          'no Lemlist credential is saved; an admin can add one in Settings',
        );
      try {
        return c.json(await listCampaigns(ctx));
      } catch (err) {
        return apiError(
          c,
          503,
          'unavailable',
          `Lemlist did not list the campaigns: ${describe(err)}`,
        );
      }
    })
    .get('/delivery/stats', requireSession, async (c) => {
      const { workspaceId } = c.var.session;
      return c.json(
        await deliveryStats(store, workspaceId, now(), (connector) =>
          delivery.breakerState(workspaceId, connector),
        ),
      );
    })
    .post(
      '/delivery/:connector/retry',
      requireSession,
      jsonBody(),
      zValidator('json', retryInputSchema, onInvalid),
      async (c) => {
        const connector = parseConnector(c.req.param('connector'));
        if (!connector) return unknown(c, c.req.param('connector'));
        const { workspaceId } = c.var.session;
        const { contactId } = c.req.valid('json');
        const requeued = await store.transaction(async (tx) => {
          await lockWorkspace(tx, workspaceId);
          const contactIds = await retryFailed(tx, workspaceId, connector, now(), contactId);
          // Pending at once: the devices stop showing the failure while the retry waits its turn.
          const owed = contactIds.map((id) => ({ contactId: id, connector }));
          await markOwed(tx, delivery.writeDocuments, workspaceId, owed, now());
          return contactIds.length;
        });
        return c.json({ requeued });
      },
    )
    .post(
      '/delivery/explorium/enrich',
      requireSession,
      jsonBody(),
      zValidator('json', enrichInputSchema, onInvalid),
      async (c) => {
        const { workspaceId } = c.var.session;
        const { contactId } = c.req.valid('json');
        // Asked by a user: enqueued even if Explorium enriched the contact before.
        const outcome = await store.transaction(async (tx) => {
          const contact = (await readDocuments(tx, workspaceId, 'contacts', [contactId])).get(
            contactId,
          );
          if (!isLive(contact)) return 'not_found';
          if (typeof contact.email !== 'string' || contact.email === '') return 'no_email';
          const input = enrichment(workspaceId, contact);
          await enqueueOwed(tx, delivery.writeDocuments, workspaceId, [{ input }], now());
          return 'queued';
        });
        if (outcome === 'not_found')
          return apiError(c, 404, 'not_found', 'no such contact in this workspace');
        if (outcome === 'no_email')
          return apiError(
            c,
            400,
            'bad_request',
            'this contact has no email address, which Explorium needs to find it',
          );
        return c.json({ queued: true });
      },
    )
    .get('/delivery/settings', requireSession, requireAdmin, async (c) =>
      c.json(await readDeliverySettings(store, c.var.session.workspaceId)),
    )
    .put(
      '/delivery/settings',
      requireSession,
      requireAdmin,
      jsonBody(),
      zValidator('json', deliverySettingsSchema, onInvalid),
      async (c) => {
        const { workspaceId, userId } = c.var.session;
        const settings = await saveDeliverySettings(store, {
          workspaceId,
          settings: c.req.valid('json'),
          userId,
          now: now(),
        });
        log.info(
          { event: 'delivery_settings_saved', workspaceId, userId, ...settings },
          'delivery settings saved',
        );
        return c.json(settings);
      },
    );
}

function parseConnector(value: string): Connector | null {
  return (CONNECTORS as readonly string[]).includes(value) ? (value as Connector) : null;
}

function unknown<E extends Env>(c: Context<E>, value: string): Response {
  return apiError(
    c,
    404,
    'not_found',
    `no connector "${value.slice(0, 40)}"; use ${CONNECTORS.join(', ')}`,
  );
}

function describe(err: unknown): string {
  if (err instanceof ProviderError) return err.message;
  return 'the request failed';
}
