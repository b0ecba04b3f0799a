import { randomUUID } from 'node:crypto';
import { OPENAPI_FILES } from './openapi.ts';
import { type FakeAnswer, type ProviderBehaviour, startFake } from './server.ts';

/**
 * Fake HubSpot CRM v3 contacts (crm-contracts.md): batch upsert by email, batch archive by id
 * (204, also for ids it does not have), private-app token.
 */
export interface HubspotContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

const error = (
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): FakeAnswer => ({
  status,
  body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
});

export async function startFakeHubspot(options: {
  token: string;
  limit?: { max: number; windowMs: number };
  random?: () => number;
}) {
  const contacts = new Map<string, HubspotContact>();
  /** Times each email was created: exactly once, whatever the faults. */
  const creates = new Map<string, number>();
  /** Times each contact id was archived. */
  const archived = new Map<string, number>();
  /** Emails HubSpot refuses per item (207 with errors[]). */
  const invalidEmails = new Set<string>();
  let nextId = 500;
  const limit = options.limit ?? { max: 100, windowMs: 10_000 };

  const behaviour: ProviderBehaviour = {
    name: 'hubspot',
    openapi: OPENAPI_FILES.hubspot,
    warm: [
      { method: 'POST', path: '/crm/v3/objects/contacts/batch/upsert', statuses: [200, 207, 400] },
      { method: 'POST', path: '/crm/v3/objects/contacts/batch/archive', statuses: [204, 400] },
      { method: 'GET', path: '/crm/v3/objects/contacts', statuses: [200, 401] },
    ],
    limit,
    authorized: (req) => req.headers.authorization === `Bearer ${options.token}`,
    unauthorized: () =>
      error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      ),
    rateLimited: (_retryAfter, resetAt) => ({
      ...error(429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', {
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      }),
      headers: behaviour.rateHeaders(0, resetAt),
    }),
    quotaExhausted: () =>
      error(429, 'RATE_LIMITS', 'You have reached your daily limit.', {
        errorType: 'RATE_LIMIT',
        policyName: 'DAILY',
      }),
    serverError: (status) => error(status, 'INTERNAL_ERROR', 'internal error'),
    invalidRequest: (problem) =>
      error(400, 'VALIDATION_ERROR', `Invalid input JSON: ${problem}`, {
        errors: [{ message: problem, in: 'body' }],
      }),
    rateHeaders: (remaining) => ({
      'x-hubspot-ratelimit-max': String(limit.max),
      'x-hubspot-ratelimit-remaining': String(remaining),
      'x-hubspot-ratelimit-interval-milliseconds': String(limit.windowMs),
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': String(
        Math.max(0, Math.min(250_000, fake.faults.dailyRemaining)),
      ),
    }),
    handle(req) {
      if (req.method === 'GET' && req.path === '/crm/v3/objects/contacts') {
        const results = [...contacts.values()].slice(0, Number(req.query.get('limit') ?? 10));
        return { status: 200, body: { results: results.map((c) => ({ ...c, archived: false })) } };
      }
      if (req.method === 'POST' && req.path === '/crm/v3/objects/contacts/batch/upsert') {
        const { inputs } = req.body as {
          inputs: {
            id: string;
            idProperty?: string;
            objectWriteTraceId?: string;
            properties: Record<string, string>;
          }[];
        };
        if (inputs.length > 100)
          return error(400, 'VALIDATION_ERROR', 'Batch size exceeds the maximum of 100 inputs');
        const startedAt = new Date().toISOString();
        const results = [];
        const errors = [];
        for (const input of inputs) {
          const email = input.id.toLowerCase();
          if (input.idProperty !== 'email') {
            return error(
              400,
              'VALIDATION_ERROR',
              `idProperty must be a unique property, got ${input.idProperty}`,
            );
          }
          if (invalidEmails.has(email) || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
            errors.push({
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: `Property values were not valid: "${email}" is not a valid email address`,
              context: {
                ids: [email],
                ...(input.objectWriteTraceId
                  ? { objectWriteTraceId: [input.objectWriteTraceId] }
                  : {}),
              },
              errors: [{ message: 'INVALID_EMAIL', in: 'email' }],
              links: {},
            });
            continue;
          }
          const now = new Date().toISOString();
          const existing = contacts.get(email);
          const contact: HubspotContact = existing
            ? {
                ...existing,
                properties: { ...existing.properties, ...input.properties },
                updatedAt: now,
              }
            : {
                id: String(nextId++),
                properties: { ...input.properties, email },
                createdAt: now,
                updatedAt: now,
              };
          if (!existing) creates.set(email, (creates.get(email) ?? 0) + 1);
          contacts.set(email, contact);
          results.push({
            ...contact,
            archived: false,
            new: !existing,
            ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
          });
        }
        const body = {
          status: 'COMPLETE',
          results,
          startedAt,
          completedAt: new Date().toISOString(),
        };
        if (errors.length > 0)
          return { status: 207, body: { ...body, numErrors: errors.length, errors } };
        return { status: 200, body };
      }
      if (req.method === 'POST' && req.path === '/crm/v3/objects/contacts/batch/archive') {
        const { inputs } = req.body as { inputs: { id: string }[] };
        if (inputs.length > 100)
          return error(400, 'VALIDATION_ERROR', 'Batch size exceeds the maximum of 100 inputs');
        for (const { id } of inputs) {
          archived.set(id, (archived.get(id) ?? 0) + 1);
          for (const [email, contact] of contacts) if (contact.id === id) contacts.delete(email);
        }
        return { status: 204, body: '' };
      }
      return error(404, 'OBJECT_NOT_FOUND', `no route ${req.method} ${req.path}`);
    },
  };
  const fake = await startFake(behaviour, { random: options.random });
  return { ...fake, contacts, creates, archived, invalidEmails };
}

export type FakeHubspot = Awaited<ReturnType<typeof startFakeHubspot>>;
