import { nextMidnightUtc, ProviderError } from '../errors.ts';
import type { Entry } from '../outbox.ts';
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

/** HubSpot CRM v3 (crm-contracts.md): contacts upserted by email, 100 per request. */
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

export const hubspot: ConnectorModule = {
  connector: 'hubspot',
  batchSize: HUBSPOT_BATCH,
  async deliver(ctx, entries) {
    let answer: UpsertAnswer;
    try {
      answer = await upsert(ctx, entries);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // A whole batch refused as invalid: send its items one by one to find the bad one(s).
      if (err.errorClass === 'permanent' && entries.length > 1) {
        const results = new Map<string, ItemResult | ProviderError>();
        for (const entry of entries) {
          for (const [k, v] of await hubspot.deliver(ctx, [entry])) results.set(k, v);
        }
        return results;
      }
      if (err.errorClass === 'permanent') {
        return new Map([[entries[0]!.documentId, { ok: false, reason: err.message }]]);
      }
      return allFailed(entries, err);
    }
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
