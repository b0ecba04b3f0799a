import type { Context, Env, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { apiError, toValidationIssues } from './errors.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Put before `zValidator('json', ...)`. Hono's validator treats a non-JSON content type as an
 * empty body and a parse failure as a generic 400; this answers them precisely (415 and
 * malformed_json). The parsed body is cached by Hono, so the validator does not parse twice.
 */
export function jsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      return apiError(
        c,
        415,
        'unsupported_media_type',
        `send the body as application/json (got ${mediaType ? `"${mediaType}"` : 'no Content-Type'})`,
      );
    }
    try {
      await c.req.json();
    } catch {
      return apiError(c, 400, 'malformed_json', 'the request body is not valid JSON');
    }
    await next();
  };
}

/** zValidator's hook: a schema failure becomes 400 validation_failed listing each issue. */
export function onInvalid<E extends Env>(
  result:
    | { success: true }
    | {
        success: false;
        error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
      },
  c: Context<E>,
): Response | undefined {
  if (result.success) return undefined;
  return apiError(
    c,
    400,
    'validation_failed',
    'the request body does not match the expected shape',
    toValidationIssues(result.error.issues),
  );
}
