import { randomBytes } from 'node:crypto';
import { OPENAPI_FILES } from './openapi.ts';
import { type FakeAnswer, type ProviderBehaviour, startFake } from './server.ts';

/** Fake Lemlist (crm-contracts.md): Basic auth with the key as password, text/plain errors. */
const text = (status: number, body: string): FakeAnswer => ({ status, body });
const lemlistId = (prefix: string) =>
  `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

export interface LemlistLead {
  _id: string;
  campaignId: string;
  email: string;
  [field: string]: unknown;
}

export async function startFakeLemlist(options: {
  apiKey: string;
  campaigns?: { _id: string; name: string }[];
  limit?: { max: number; windowMs: number };
  random?: () => number;
}) {
  const campaigns = (options.campaigns ?? [{ _id: 'cam_Fake1', name: 'Fake campaign' }]).map(
    (c) => ({
      labels: [],
      status: 'running',
      createdAt: new Date().toISOString(),
      ...c,
    }),
  );
  /** campaignId -> email -> lead. */
  const leads = new Map<string, Map<string, LemlistLead>>();
  /** Times each (campaign, email) lead was created. */
  const creates = new Map<string, number>();
  const invalidEmails = new Set<string>();
  const limit = options.limit ?? { max: 20, windowMs: 2_000 };
  const expected = `Basic ${Buffer.from(`:${options.apiKey}`).toString('base64')}`;

  const behaviour: ProviderBehaviour = {
    name: 'lemlist',
    openapi: OPENAPI_FILES.lemlist,
    basePath: '/api',
    warm: [
      { method: 'POST', path: '/campaigns/x/leads/', statuses: [200] },
      { method: 'DELETE', path: '/campaigns/x/leads/y', statuses: [200] },
      { method: 'GET', path: '/campaigns', statuses: [200] },
    ],
    limit,
    authorized: (req) => req.headers.authorization === expected,
    unauthorized: () => text(401, 'The authentication you supplied is incorrect'),
    rateLimited: (retryAfter, resetAt) => ({
      ...text(429, 'Too many requests'),
      headers: { 'retry-after': String(retryAfter), ...behaviour.rateHeaders(0, resetAt) },
    }),
    quotaExhausted: () => text(429, 'Too many requests'),
    serverError: (status) =>
      text(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
    invalidRequest: (problem) => text(400, problem),
    rateHeaders: (remaining, resetAt) => ({
      'x-ratelimit-limit': String(limit.max),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': new Date(resetAt).toUTCString(),
    }),
    handle(req) {
      const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
      // ['api', 'campaigns', id?, 'leads', email?]
      if (parts[0] !== 'api' || parts[1] !== 'campaigns') return text(404, 'Not found');
      if (req.method === 'GET' && parts.length === 2) {
        const offset = Number(req.query.get('offset') ?? 0);
        const max = Math.min(100, Number(req.query.get('limit') ?? 100));
        return { status: 200, body: campaigns.slice(offset, offset + max) };
      }
      const campaign = campaigns.find((c) => c._id === parts[2]);
      if (parts[3] !== 'leads') return text(404, 'Not found');
      if (!campaign) return text(404, 'Campaign not found');
      const inCampaign = leads.get(campaign._id) ?? new Map<string, LemlistLead>();
      leads.set(campaign._id, inCampaign);
      if (req.method === 'POST' && parts.length === 4) {
        const body = req.body as Record<string, string>;
        const email = String(body.email ?? '').toLowerCase();
        if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(email) || invalidEmails.has(email)) {
          return text(400, 'Invalid email address');
        }
        if (inCampaign.has(email)) return text(400, 'Lead already in the campaign');
        const elsewhere = [...leads.entries()].some(
          ([id, m]) => id !== campaign._id && m.has(email),
        );
        if (elsewhere && req.query.get('deduplicate') === 'true')
          return text(409, 'Lead already in other campaign');
        const lead: LemlistLead = {
          ...body,
          email,
          _id: lemlistId('lea'),
          campaignId: campaign._id,
          campaignName: campaign.name,
          isPaused: false,
          contactId: lemlistId('ctc'),
        };
        inCampaign.set(email, lead);
        const key = `${campaign._id} ${email}`;
        creates.set(key, (creates.get(key) ?? 0) + 1);
        return { status: 200, body: lead };
      }
      if (req.method === 'DELETE' && parts.length === 5) {
        const email = parts[4]!.toLowerCase();
        const lead = inCampaign.get(email);
        if (!lead) return text(404, 'Lead not found');
        inCampaign.delete(email);
        return {
          status: 200,
          body: {
            email,
            _id: lead._id,
            isPaused: false,
            campaignId: campaign._id,
            contactId: lead.contactId,
          },
        };
      }
      return text(404, 'Not found');
    },
  };
  const fake = await startFake(behaviour, { random: options.random });
  return { ...fake, url: `${fake.url}/api`, campaigns, leads, creates, invalidEmails };
}

export type FakeLemlist = Awaited<ReturnType<typeof startFakeLemlist>>;
