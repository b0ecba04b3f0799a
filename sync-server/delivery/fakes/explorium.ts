import { createHash, randomUUID } from 'node:crypto';
import { OPENAPI_FILES } from './openapi.ts';
import { type FakeAnswer, type ProviderBehaviour, startFake } from './server.ts';

/** Fake Explorium (crm-contracts.md): `api_key` header, match then bulk enrich, 50 per call. */
const context = () => ({
  correlation_id: randomUUID(),
  request_status: 'success',
  time_took_in_seconds: 0.01,
});
const json = (status: number, body: unknown): FakeAnswer => ({ status, body });
export const prospectIdFor = (email: string) =>
  createHash('sha1').update(email.toLowerCase()).digest('hex');
export const businessIdFor = (domain: string) =>
  createHash('md5').update(domain.toLowerCase()).digest('hex');

export async function startFakeExplorium(options: {
  apiKey: string;
  limit?: { max: number; windowMs: number };
  random?: () => number;
}) {
  /** Emails Explorium knows; others do not match. */
  const known = new Map<string, { title: string; level: string; country: string; phone: string }>();
  /** Times each prospect was enriched (profiles calls): credits are spent once per contact. */
  const enrichments = new Map<string, number>();
  /** Company domains Explorium knows, with their firmographics. */
  const companies = new Map<string, { size: string; revenue: string; industry: string }>();
  const limit = options.limit ?? { max: 200, windowMs: 60_000 };

  const behaviour: ProviderBehaviour = {
    name: 'explorium',
    openapi: OPENAPI_FILES.explorium,
    warm: [
      { method: 'POST', path: '/v1/prospects/match', statuses: [200, 422] },
      { method: 'POST', path: '/v1/prospects/profiles/bulk_enrich', statuses: [200] },
      { method: 'POST', path: '/v1/prospects/contacts_information/bulk_enrich', statuses: [200] },
      { method: 'GET', path: '/v1/credits', statuses: [200] },
      { method: 'POST', path: '/v1/businesses/match', statuses: [200] },
      { method: 'POST', path: '/v1/businesses/firmographics/bulk_enrich', statuses: [200] },
    ],
    limit,
    authorized: (req) => req.headers.api_key === options.apiKey,
    unauthorized: () => json(401, { details: 'Invalid API key', correlation_id: randomUUID() }),
    rateLimited: (retryAfter, resetAt) => ({
      ...json(429, {
        error: 'rate_limit_exceeded',
        message: 'Rate limit exceeded',
        retry_after: retryAfter,
      }),
      headers: { 'retry-after': String(retryAfter), ...behaviour.rateHeaders(0, resetAt) },
    }),
    quotaExhausted: () =>
      json(403, { details: 'Insufficient credits', correlation_id: randomUUID() }),
    serverError: (status) =>
      json(status, { details: 'Internal server error', correlation_id: randomUUID() }),
    invalidRequest: (problem) =>
      json(422, { detail: [{ loc: ['body'], msg: problem, type: 'value_error' }] }),
    rateHeaders: (remaining, resetAt) => ({
      'x-ratelimit-limit': String(limit.max),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
    }),
    handle(req) {
      const byId = new Map([...known].map(([email, p]) => [prospectIdFor(email), p]));
      if (req.method === 'GET' && req.path === '/v1/credits') {
        return json(200, {
          response_context: context(),
          allocated_credits: 10_000,
          remaining_credits: 9_000,
        });
      }
      if (req.path === '/v1/businesses/match') {
        const { businesses_to_match: inputs } = req.body as {
          businesses_to_match: { domain?: string }[];
        };
        const matched = inputs.map((input) => {
          const domain = input.domain?.toLowerCase();
          return domain && companies.has(domain)
            ? { input, business_id: businessIdFor(domain) }
            : { input };
        });
        const total = matched.filter((m) => 'business_id' in m).length;
        return json(200, {
          response_context: context(),
          total_results: inputs.length,
          total_matches: total,
          matched_businesses: matched,
        });
      }
      if (req.path === '/v1/businesses/firmographics/bulk_enrich') {
        const byBusiness = new Map([...companies].map(([domain, c]) => [businessIdFor(domain), c]));
        const data = ((req.body as { business_ids: string[] }).business_ids ?? []).flatMap((id) => {
          const c = byBusiness.get(id);
          return c
            ? [
                {
                  business_id: id,
                  data: {
                    business_id: id,
                    number_of_employees_range: c.size,
                    yearly_revenue_range: c.revenue,
                    linkedin_industry_category: c.industry,
                  },
                },
              ]
            : [];
        });
        return json(200, { response_context: context(), total_results: data.length, data });
      }
      if (req.path === '/v1/prospects/match') {
        const { prospects_to_match: inputs } = req.body as {
          prospects_to_match: { email?: string }[];
        };
        const matched = inputs.map((input) => {
          const email = input.email?.toLowerCase();
          return email && known.has(email)
            ? { input, prospect_id: prospectIdFor(email) }
            : { input };
        });
        const total = matched.filter((m) => 'prospect_id' in m).length;
        return json(200, {
          response_context: context(),
          total_results: inputs.length,
          total_matches: total,
          matched_prospects: matched,
        });
      }
      const ids = (req.body as { prospect_ids?: string[] }).prospect_ids ?? [];
      if (req.path === '/v1/prospects/profiles/bulk_enrich') {
        const data = ids.flatMap((id) => {
          const p = byId.get(id);
          if (!p) return [];
          enrichments.set(id, (enrichments.get(id) ?? 0) + 1);
          return [
            {
              prospect_id: id,
              data: { job_title: p.title, job_seniority_level: p.level, country_name: p.country },
            },
          ];
        });
        return json(200, { response_context: context(), total_results: data.length, data });
      }
      if (req.path === '/v1/prospects/contacts_information/bulk_enrich') {
        const data = ids.flatMap((id) => {
          const p = byId.get(id);
          return p ? [{ prospect_id: id, data: { mobile_phone: p.phone } }] : [];
        });
        return json(200, { response_context: context(), total_results: data.length, data });
      }
      return json(404, { details: 'Not Found', correlation_id: randomUUID() });
    },
  };
  const fake = await startFake(behaviour, { random: options.random });
  return { ...fake, known, companies, enrichments };
}

export type FakeExplorium = Awaited<ReturnType<typeof startFakeExplorium>>;
