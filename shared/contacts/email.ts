/**
 * One email normalization for import, UI and server: trim, Unicode NFC, lowercase. Plus-tags and
 * dots are kept: `ann+crm@x.com` and `a.nn@x.com` are different mailboxes at most providers.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

/**
 * The rule of ../shared/bench/make-contacts-csv.mjs: a local part without spaces or
 * `@ ( ) < > , ; : "`, and a domain of dot-separated labels that start and end with a letter or
 * digit, with at least one dot. Applied to the normalized address.
 */
const EMAIL_PATTERN =
  /^[^\s@()<>,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export const MAX_EMAIL_LENGTH = 254;

export function isValidEmail(normalized: string): boolean {
  return normalized.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(normalized);
}

export type EmailCheck =
  { ok: true; email: string } | { ok: false; reason: 'invalid email'; email: string };

/** Normalizes and validates; the reason is the one import reports and the UI shows. */
export function checkEmail(raw: string): EmailCheck {
  const email = normalizeEmail(raw);
  return isValidEmail(email) ? { ok: true, email } : { ok: false, reason: 'invalid email', email };
}
