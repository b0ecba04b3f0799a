import { readDocuments } from '../../replication/documents.ts';
import { ProviderError } from '../errors.ts';
import type { Entry } from '../outbox.ts';
import {
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
 * Lemlist (crm-contracts.md): one lead per request, errors in text/plain. A lead already in the
 * campaign (or, with deduplicate, in another one) counts as delivered.
 */
const client = (ctx: ConnectorContext) =>
  providerClient(ctx.baseUrl, {
    authorization: `Basic ${Buffer.from(`:${ctx.credential.reveal()}`).toString('base64')}`,
  });

const DUPLICATES: Record<string, string> = {
  'lead already in the campaign': 'already in the Lemlist campaign',
  'lead already in other campaign': 'already in another Lemlist campaign (not added twice)',
};

async function send(ctx: ConnectorContext, request: (signal: AbortSignal) => Promise<Response>) {
  return ctx.lane.call(ctx.correlationId, async (signal) => {
    const response = await request(signal);
    const h = response.headers;
    const reset = h.get('x-ratelimit-reset');
    observeRateHeaders(
      ctx.lane,
      h.get('x-ratelimit-remaining'),
      reset ? Date.parse(reset) || null : null,
    );
    const text = await safeText(response);
    if (response.ok) return { status: response.status, text };
    // Answers that are outcomes of the item, not failures of the call.
    const known = text.trim().toLowerCase();
    if ((response.status === 400 || response.status === 409) && DUPLICATES[known]) {
      return { status: response.status, text };
    }
    if (response.status === 400 && !/api key|bad team/i.test(text)) {
      throw new ProviderError('permanent', text.trim() || 'refused by Lemlist', { status: 400 });
    }
    throw errorFor(response, text.trim() || response.statusText, ctx.now());
  });
}

const LEAD_FIELDS = {
  firstName: 'firstName',
  lastName: 'lastName',
  company: 'companyName',
  title: 'jobTitle',
  phone: 'phone',
  linkedinUrl: 'linkedinUrl',
} as const;

async function deliverOne(
  ctx: ConnectorContext,
  entry: Entry,
  contact: Record<string, unknown> | undefined,
): Promise<ItemResult | ProviderError> {
  const campaignId = encodeURIComponent(String(entry.payload.lemlistCampaignId));
  const email = typeof contact?.email === 'string' ? contact.email : null;
  if (!contact) return new ProviderError('transient', 'the contact has not reached the server yet');
  if (!email) return { ok: false, reason: 'the contact has no email address, which Lemlist needs' };
  try {
    if (entry.kind === 'unsubscribe') {
      const res = await send(ctx, (signal) =>
        client(ctx).delete(`campaigns/${campaignId}/leads/${encodeURIComponent(email)}`, {
          signal,
        }),
      );
      const id = safeJson(res.text)?._id;
      return { ok: true, remoteId: typeof id === 'string' ? id : null };
    }
    const lead: Record<string, string> = { email };
    for (const [field, name] of Object.entries(LEAD_FIELDS)) {
      const value = contact[field];
      if (typeof value === 'string' && value !== '') lead[name] = value;
    }
    const res = await send(ctx, (signal) =>
      client(ctx).post(`campaigns/${campaignId}/leads/`, {
        searchParams: { deduplicate: 'true' },
        json: lead,
        signal,
      }),
    );
    const duplicate = DUPLICATES[res.text.trim().toLowerCase()];
    if (duplicate) return { ok: true, remoteId: null, note: duplicate };
    const id = safeJson(res.text)?._id;
    return { ok: true, remoteId: typeof id === 'string' ? id : null };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    if (entry.kind === 'unsubscribe' && err.status === 404) {
      return { ok: true, remoteId: null, note: 'was not in the Lemlist campaign' };
    }
    if (err.errorClass === 'permanent') return { ok: false, reason: err.message };
    return err;
  }
}

export const lemlist: ConnectorModule = {
  connector: 'lemlist',
  batchSize: 20,
  async deliver(ctx, entries) {
    const workspaceId = entries[0]?.workspaceId ?? '';
    const contacts = await readDocuments(
      ctx.sql,
      workspaceId,
      'contacts',
      entries.map((e) => e.contactId),
    );
    const results = await Promise.all(
      entries.map(
        async (entry) =>
          [entry.documentId, await deliverOne(ctx, entry, contacts.get(entry.contactId))] as const,
      ),
    );
    return new Map(results);
  },
  async test(ctx) {
    await listCampaigns(ctx, 1);
  },
};

/** Campaigns for linking in the Campaigns page: id, name, labels, status. */
export async function listCampaigns(ctx: ConnectorContext, limit = 100) {
  const out: { id: string; name: string; status: string | null; labels: string[] }[] = [];
  for (let offset = 0; ; offset += limit) {
    const res = await send(ctx, (signal) =>
      client(ctx).get('campaigns', { searchParams: { offset, limit }, signal }),
    );
    const page = JSON.parse(res.text) as {
      _id: string;
      name: string;
      status?: string;
      labels?: string[];
    }[];
    for (const c of page) {
      out.push({ id: c._id, name: c.name, status: c.status ?? null, labels: c.labels ?? [] });
    }
    if (page.length < limit || out.length >= 1_000 || limit === 1) return out;
  }
}
