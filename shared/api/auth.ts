import { z } from 'zod';
import { API_BASE } from '../version.ts';
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../contacts/email.ts';

/**
 * Accounts API shared by the server (sync-server/auth) and the PWA (client/src/account).
 *
 *   POST   /auth/signup   SignupRequest -> 201 AuthResponse   (first user creates a workspace)
 *   POST   /auth/join     JoinRequest   -> 201 AuthResponse   (by an admin's invite token)
 *   POST   /auth/login    LoginRequest  -> 200 AuthResponse
 *   POST   /auth/logout                 -> 204
 *   GET    /auth/me                     -> 200 MeResponse
 *   POST   /invites       CreateInviteRequest -> 201 CreatedInvite (admin; token shown once)
 *   GET    /invites                     -> 200 { invites: InviteSummary[] } (admin, pending only)
 *   DELETE /invites/:id                 -> 204 (admin)
 *
 * The browser gets its session in an HttpOnly cookie; an API client sends `bearer: true` and
 * receives `token`, to send as `Authorization: Bearer <token>`.
 */
export const AUTH_PATHS = {
  signup: `${API_BASE}/auth/signup`,
  join: `${API_BASE}/auth/join`,
  login: `${API_BASE}/auth/login`,
  logout: `${API_BASE}/auth/logout`,
  me: `${API_BASE}/auth/me`,
  invites: `${API_BASE}/invites`,
} as const;

export const SESSION_COOKIE = 'outpost_session';
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MAX_LENGTH = 100;
/** Invite links live in the URL fragment, which browsers never send to a server or log. */
export const JOIN_PATH = '/join';

/** Control characters (NUL among them, which PostgreSQL text refuses) have no place in names. */
const PRINTABLE = /^[^\p{Cc}]*$/u;

const email = z
  .string()
  .max(MAX_EMAIL_LENGTH, `an email address has at most ${MAX_EMAIL_LENGTH} characters`)
  .regex(PRINTABLE, 'enter a valid email address, like ann@example.com')
  .transform(normalizeEmail)
  .refine(isValidEmail, 'enter a valid email address, like ann@example.com');

const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `use at most ${PASSWORD_MAX_LENGTH} characters`);

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `enter ${what}`)
    .max(NAME_MAX_LENGTH, `${what} has at most ${NAME_MAX_LENGTH} characters`)
    .regex(PRINTABLE, `${what} cannot contain control characters`);

/** 256-bit tokens as base64url: 43 characters. Anything else cannot be a token. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const token = z.string().regex(TOKEN_PATTERN, 'this is not an invite token');

const bearer = z.boolean().optional();

export const signupRequestSchema = z.strictObject({
  workspaceName: name('a workspace name'),
  email,
  name: name('your name'),
  password,
  bearer,
});
export const joinRequestSchema = z.strictObject({
  token,
  email,
  name: name('your name'),
  password,
  bearer,
});
export const loginRequestSchema = z.strictObject({
  email,
  // Not the length policy: a password set under an older policy must still sign in.
  password: z.string().min(1, 'enter your password').max(PASSWORD_MAX_LENGTH),
  bearer,
});
export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const INVITE_MAX_HOURS = 30 * 24;
export const createInviteRequestSchema = z.strictObject({
  role: z.enum(ROLES).default('member'),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(INVITE_MAX_HOURS)
    .default(7 * 24),
});

export type SignupRequest = z.input<typeof signupRequestSchema>;
export type JoinRequest = z.input<typeof joinRequestSchema>;
export type LoginRequest = z.input<typeof loginRequestSchema>;
export type CreateInviteRequest = z.input<typeof createInviteRequestSchema>;

export interface AccountUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
export interface AccountWorkspace {
  id: string;
  name: string;
}
export interface MeResponse {
  user: AccountUser;
  workspace: AccountWorkspace;
  session: { expiresAt: string };
}
export interface AuthResponse extends MeResponse {
  /** Only when the request asked for `bearer: true`; never stored by the server. */
  token?: string;
}
export interface InviteSummary {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  createdBy: { id: string; name: string };
}
export interface CreatedInvite {
  invite: InviteSummary;
  /** Shown once: the server keeps only its hash. */
  token: string;
  /** `/join#<token>`: append to the app's origin. */
  joinPath: string;
}
