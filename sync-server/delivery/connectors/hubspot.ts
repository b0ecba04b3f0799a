import { nextMidnightUtc, ProviderError } from '../errors.ts';
import type { Entry } from '../outbox.ts';
import { remoteIds } from '../results.ts';
import {
  allFailed,
  type ConnectorContext,
  type ConnectorModule,
  errorFor,
  type ItemResult,
  observeRateHeaders,
  providerClient,
  safeJson,
  safeText,
} from './types.ts';

/**
 * HubSpot CRM v3 (crm-contracts.md): contacts upserted by email, 100 per request; with the
 * workspace's "delete in the CRM" on, contacts deleted in Outpost archived by id, 100 per request.
 */
export const HUBSPOT_BATCH = 100;

const client = (ctx: ConnectorContext) =>
  providerClient(ctx.baseUrl, { authorization: `Bearer ${ctx.credential.reveal()}` });

async function check(ctx: ConnectorContext, response: Response): Promise<string> {
  const h = response.headers;
  observeRateHeaders(ctx.lane, h.get('x-hubspot-ratelimit-remaining'), null);
  const text = await safeText(response);
  if (response.ok) return text;
  const body = safeJson(text);
  const message = String(body?.message ?? (text || response.statusText));
  const correlationId = typeof body?.correlationId === 'string' ? body.correlationId : null;
  if (response.status === 429 && body?.policyName === 'DAILY') {
    const until = nextMidnightUtc(ctx.now());
    throw new ProviderError('quota', `HubSpot's daily request limit is used up: ${message}`, {
      status: 429,
      pausedUntil: until,
      providerCorrelationId: correlationId,
    });
  }
  const error = errorFor(response, message, ctx.now(), correlationId);
  if (response.status === 429 && error.retryAfterMs === null) {
    // Retry-After is not promised on HubSpot 429s: wait a tenth of the rolling window.
    const interval = Number(h.get('x-hubspot-ratelimit-interval-milliseconds') ?? 10_000);
    throw new ProviderError('transient', error.message, {
      status: 429,
      retryAfterMs: Math.max(1_000, interval / 10),
      providerCorrelationId: correlationId,
    });
  }
  throw error;
}

interface UpsertAnswer {
  results?: { id: string; objectWriteTraceId?: string; properties?: Record<string, string> }[];
  errors?: { message: string; context?: Record<string, string[]> }[];
}

async function upsert(ctx: ConnectorContext, entries: Entry[]) {
  const inputs = entries.map((entry) => ({
    id: String(entry.payload.email),
    idProperty: 'email',
    objectWriteTraceId: entry.documentId,
    properties: entry.payload.properties as Record<string, string>,
  }));
  const text = await ctx.lane.call(ctx.correlationId, async (signal) =>
    check(
      ctx,
      await client(ctx).post('crm/v3/objects/contacts/batch/upsert', {
        json: { inputs },
        signal,
      }),
    ),
  );
  return (safeJson(text) ?? {}) as UpsertAnswer;
}

/** An upsert batch's answer, per entry. */
async function upserted(ctx: ConnectorContext, entries: Entry[]) {
  const answer = await upsert(ctx, entries);
  const byTrace = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const r of answer.results ?? []) {
    if (r.objectWriteTraceId) byTrace.set(r.objectWriteTraceId, r.id);
    const email = r.properties?.email;
    if (email) byEmail.set(email.toLowerCase(), r.id);
  }
  const refused = new Map<string, string>();
  for (const e of answer.errors ?? []) {
    const keys = [...(e.context?.objectWriteTraceId ?? []), ...(e.context?.ids ?? [])];
    for (const key of keys) refused.set(key.toLowerCase(), e.message);
  }
  const results = new Map<string, ItemResult | ProviderError>();
  for (const entry of entries) {
    const email = String(entry.payload.email).toLowerCase();
    const id = byTrace.get(entry.documentId) ?? byEmail.get(email);
    const reason = refused.get(entry.documentId.toLowerCase()) ?? refused.get(email);
    if (id) results.set(entry.documentId, { ok: true, remoteId: id });
    else if (reason) results.set(entry.documentId, { ok: false, reason });
    else {
      results.set(
        entry.documentId,
        new ProviderError('transient', 'HubSpot did not report this contact; sending again'),
      );
    }
  }
  return results;
}

/**
 * Contacts deleted in Outpost, archived by their HubSpot id (the latest known: an upsert that was
 * in flight when the contact was deleted has written it back since). One not in HubSpot, or one
 * HubSpot no longer has (404), is done.
 */
async function archived(ctx: ConnectorContext, entries: Entry[]) {
  const ids = await remoteIds(
    ctx.sql,
    entries[0]!.workspaceId,
    'hubspot',
    entries.map((e) => e.contactId),
  );
  const results = new Map<string, ItemResult | ProviderError>();
  const inputs = [...new Set(ids.values())].map((id) => ({ id }));
  let note = 'archived in HubSpot';
  if (inputs.length > 0) {
    try {
      await ctx.lane.call(ctx.correlationId, async (signal) =>
        check(
          ctx,
          await client(ctx).post('crm/v3/objects/contacts/batch/archive', {
            json: { inputs },
            signal,
          }),
        ),
      );
    } catch (err) {
      if (!(err instanceof ProviderError) || err.status !== 404) throw err;
      note = 'already gone from HubSpot';
    }
  }
  for (const entry of entries) {
    const id = ids.get(entry.contactId) ?? null;
    results.set(entry.documentId, {
      ok: true,
      remoteId: id,
      note: id ? note : 'never reached HubSpot: nothing to archive',
    });
  }
  return results;
}

/**
 * One request's entries: its answer per entry, or its error for all of them. A whole request
 * refused as invalid is sent again item by item, to fail only the bad one(s).
 */
async function send(
  ctx: ConnectorContext,
  entries: Entry[],
  request: (
    ctx: ConnectorContext,
    entries: Entry[],
  ) => Promise<Map<string, ItemResult | ProviderError>>,
): Promise<Map<string, ItemResult | ProviderError>> {
  try {
    return await request(ctx, entries);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    if (err.errorClass === 'permanent' && entries.length > 1) {
      const results = new Map<string, ItemResult | ProviderError>();
      for (const entry of entries) {
        for (const [k, v] of await send(ctx, [entry], request)) results.set(k, v);
      }
      return results;
    }
    if (err.errorClass === 'permanent') {
      return new Map([[entries[0]!.documentId, { ok: false, reason: err.message }]]);
    }
    return allFailed(entries, err);
  }
}

export const hubspot: ConnectorModule = {
  connector: 'hubspot',
  batchSize: HUBSPOT_BATCH,
  async deliver(ctx, entries) {
    const archives = entries.filter((e) => e.kind === 'archive');
    const upserts = entries.filter((e) => e.kind !== 'archive');
    const results = new Map<string, ItemResult | ProviderError>();
    if (upserts.length > 0) for (const r of await send(ctx, upserts, upserted)) results.set(...r);
    if (archives.length > 0) for (const r of await send(ctx, archives, archived)) results.set(...r);
    return results;
  },
  async test(ctx) {
    await ctx.lane.call(ctx.correlationId, async (signal) =>
      check(
        ctx,
        await client(ctx).get('crm/v3/objects/contacts', { searchParams: { limit: 1 }, signal }),
      ),
    );
  },
};
