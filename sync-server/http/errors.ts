import type { Context, Env, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api/errors.ts';
import type { ValidationIssue } from '../../shared/api/validation.ts';
import type { Logger } from '../log.ts';
import type { AppEnv } from './env.ts';

/** The one way the server answers an error: `{ error: { code, message, requestId } }`. */
export function apiError<E extends Env>(
  c: Context<E>,
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const body: ApiErrorBody = { error: { code, message, requestId: c.var.requestId } };
  if (details !== undefined) body.error.details = details;
  return c.json(body, status, headers);
}

const CODE_FOR_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  426: 'upgrade_required',
  429: 'rate_limited',
  503: 'unavailable',
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  apiError(c, 404, 'not_found', `nothing at ${c.req.method} ${c.req.path}`);

/**
 * Thrown errors end here. HTTPExceptions (from Hono's own middleware) keep their status and
 * message; anything else is a bug: logged with its stack, answered with a generic 500 so
 * internals never reach the client.
 */
export function errorHandler(log: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      const code = CODE_FOR_STATUS[err.status] ?? 'bad_request';
      return apiError(c, err.status as ContentfulStatusCode, code, err.message || code);
    }
    log.error(
      { err, reqId: c.get('requestId'), method: c.req.method, path: c.req.path },
      'unhandled error',
    );
    return apiError(c, 500, 'internal', 'the server failed to handle this request');
  };
}

/** zod issues as the `details` of a validation_failed answer. */
export function toValidationIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path
      .map((key) => (typeof key === 'symbol' ? key.toString() : String(key)))
      .join('.'),
    message: issue.message,
  }));
}
