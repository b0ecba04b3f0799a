import { ProviderError } from '../errors.ts';
import type { Entry } from '../outbox.ts';
import type { EnrichedFields } from '../results.ts';
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
 * Explorium (crm-contracts.md): match prospects by email, then enrich the matched ones (profile:
 * title, seniority, country; contact information: phone), and their companies (firmographics:
 * size, industry, revenue), 50 per call. Every call costs
 * credits, so an entry is only ever sent again after a failure or when a user asks.
 */
export const EXPLORIUM_BATCH = 50;
/** 403 "insufficient credits": the reset is unknown, so probe again after this long. */
const CREDITS_PAUSE_MS = 60 * 60_000;

const client = (ctx: ConnectorContext) =>
  providerClient(ctx.baseUrl, { api_key: ctx.credential.reveal() });

async function post<T>(ctx: ConnectorContext, path: string, json: unknown): Promise<T> {
  return ctx.lane.call(ctx.correlationId, async (signal) => {
    const response = await client(ctx).post(path, { json, signal });
    const h = response.headers;
    const reset = Number(h.get('x-ratelimit-reset'));
    observeRateHeaders(ctx.lane, h.get('x-ratelimit-remaining'), reset > 0 ? reset * 1000 : null);
    const text = await safeText(response);
    if (response.ok) return JSON.parse(text) as T;
    const body = safeJson(text);
    const correlationId = typeof body?.correlation_id === 'string' ? body.correlation_id : null;
    const message =
      typeof body?.message === 'string'
        ? body.message
        : Array.isArray(body?.detail)
          ? (body.detail as { msg?: string; loc?: unknown[] }[])
              .map((d) => `${(d.loc ?? []).join('.')}: ${d.msg ?? ''}`)
              .join('; ')
          : JSON.stringify(body?.details ?? text);
    if (response.status === 403 && /credit/i.test(text)) {
      throw new ProviderError('quota', `Explorium credits are used up: ${message}`, {
        status: 403,
        pausedUntil: ctx.now() + CREDITS_PAUSE_MS,
        providerCorrelationId: correlationId,
      });
    }
    const error = errorFor(response, message, ctx.now(), correlationId);
    const retryAfter = Number(body?.retry_after);
    if (response.status === 429 && error.retryAfterMs === null && retryAfter > 0) {
      throw new ProviderError('transient', error.message, {
        status: 429,
        retryAfterMs: retryAfter * 1000,
      });
    }
    throw error;
  });
}

interface MatchAnswer {
  matched_prospects?: { prospect_id?: string | null }[];
}
interface EnrichAnswer<T> {
  data?: { prospect_id: string; data?: T }[];
}
interface Profile {
  job_title?: string;
  job_seniority_level?: string;
  job_level_main?: string;
  country_name?: string;
}
interface MatchBusinesses {
  matched_businesses?: { business_id?: string | null }[];
}
interface Firmographics {
  number_of_employees_range?: string;
  yearly_revenue_range?: string;
  linkedin_industry_category?: string;
}
interface ContactInfo {
  mobile_phone?: string;
  phone_numbers?: Record<string, string>[];
}

const nonEmpty = (value: string | undefined | null) => (value ? value : null);

async function enrich(ctx: ConnectorContext, entries: Entry[]) {
  const match = await post<MatchAnswer>(ctx, 'v1/prospects/match', {
    prospects_to_match: entries.map((e) => ({ email: String(e.payload.email) })),
  });
  // Same order as the input (documented); null or absent id: no match.
  const ids = entries.map((_, i) => match.matched_prospects?.[i]?.prospect_id ?? null);
  const matched = [...new Set(ids.filter((id): id is string => id !== null))];
  const profiles = new Map<string, Profile>();
  const contacts = new Map<string, ContactInfo>();
  if (matched.length > 0) {
    const p = await post<EnrichAnswer<Profile>>(ctx, 'v1/prospects/profiles/bulk_enrich', {
      prospect_ids: matched,
    });
    for (const row of p.data ?? []) profiles.set(row.prospect_id, row.data ?? {});
    const c = await post<EnrichAnswer<ContactInfo>>(
      ctx,
      'v1/prospects/contacts_information/bulk_enrich',
      {
        prospect_ids: matched,
      },
    );
    for (const row of c.data ?? []) contacts.set(row.prospect_id, row.data ?? {});
  }
  const firms = await firmographics(ctx, entries);
  const results = new Map<string, ItemResult | ProviderError>();
  entries.forEach((entry, i) => {
    const id = ids[i];
    if (!id) {
      results.set(entry.documentId, { ok: true, remoteId: null, note: 'no match in Explorium' });
      return;
    }
    const profile = profiles.get(id) ?? {};
    const info = contacts.get(id) ?? {};
    const firm = firms[i] ?? {};
    const enrichment: EnrichedFields = {
      title: nonEmpty(profile.job_title),
      seniority: nonEmpty(profile.job_seniority_level ?? profile.job_level_main),
      companySize: nonEmpty(firm.number_of_employees_range),
      industry: nonEmpty(firm.linkedin_industry_category),
      revenue: nonEmpty(firm.yearly_revenue_range),
      country: nonEmpty(profile.country_name),
      phone: nonEmpty(info.mobile_phone ?? Object.values(info.phone_numbers?.[0] ?? {})[0]),
    };
    results.set(entry.documentId, { ok: true, remoteId: id, enrichment });
  });
  return results;
}

/** Company size, industry and revenue: the contact's company matched by name and email domain. */
async function firmographics(
  ctx: ConnectorContext,
  entries: Entry[],
): Promise<(Firmographics | null)[]> {
  const inputs = entries.map((e) => ({
    name: String(e.payload.company ?? ''),
    domain: String(e.payload.email ?? '').split('@')[1] ?? '',
  }));
  const match = await post<MatchBusinesses>(ctx, 'v1/businesses/match', {
    businesses_to_match: inputs.map((b) => (b.name ? b : { domain: b.domain })),
  });
  const ids = entries.map((_, i) => match.matched_businesses?.[i]?.business_id ?? null);
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return ids.map(() => null);
  const answer = await post<{ data?: { business_id: string; data?: Firmographics }[] }>(
    ctx,
    'v1/businesses/firmographics/bulk_enrich',
    { business_ids: unique },
  );
  const byId = new Map((answer.data ?? []).map((row) => [row.business_id, row.data ?? {}]));
  return ids.map((id) => (id ? (byId.get(id) ?? null) : null));
}

export const explorium: ConnectorModule = {
  connector: 'explorium',
  batchSize: EXPLORIUM_BATCH,
  async deliver(ctx, entries) {
    try {
      return await enrich(ctx, entries);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.errorClass === 'permanent') {
        return new Map(
          entries.map((e) => [e.documentId, { ok: false as const, reason: err.message }]),
        );
      }
      return allFailed(entries, err);
    }
  },
  async test(ctx) {
    await ctx.lane.call(ctx.correlationId, async (signal) => {
      const response = await client(ctx).get('v1/credits', { signal });
      await safeText(response);
      if (!response.ok) throw errorFor(response, response.statusText, ctx.now());
    });
  },
};
