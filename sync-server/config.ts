import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root; relative paths in the environment are resolved from the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  /** Absolute: the built PWA (vite's output). */
  clientDir: string;
  /** Set: PostgreSQL store; unset: SQLite in dataDir. */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  maxBodyBytes: number;
  /** Client error reports accepted per minute per client address. */
  clientErrorRateLimit: number;
  /** Only behind a reverse proxy may X-Forwarded-For name the client. */
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  /** `first`: only the first user may sign up (others join by invite); `open`: anyone may. */
  signup: 'first' | 'open';
  /** A session unused for this many days expires; each use extends it (sliding). */
  sessionDays: number;
  /** Login attempts per 15 minutes per email; per client address, 5 times as many. */
  loginRateLimit: number;
  /** Set: GET /api/v1/metrics needs `Authorization: Bearer <it>`; unset: loopback only. */
  metricsToken: string | undefined;
  /** Provider API roots (the real ones by default; tests and benches point them at fakes). */
  hubspotBaseUrl: string;
  lemlistBaseUrl: string;
  exploriumBaseUrl: string;
  /** HubSpot requests per rolling 10 s: 100 (Free, Starter) up to 190 (Pro, Enterprise). */
  hubspotRateLimit: number;
  /** One provider call that has not answered after this long counts as failed. */
  deliveryTimeoutMs: number;
  /** false: no delivery workers in this instance (the outbox still fills). */
  deliveryWorkers: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

interface VarSpec<K extends keyof Config> {
  name: string;
  key: K;
  /** As written in the README; `undefined` means the variable is optional. */
  default: string | undefined;
  description: string;
  /** Completes "NAME must be ..." in error messages. */
  expected: string;
  /** Never echo the value back (it may hold a password). */
  secret?: boolean;
  schema: z.ZodType<Config[K], string>;
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const absolutePath = z
  .string()
  .min(1)
  .transform((path) => (isAbsolute(path) ? path : resolve(path)));

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => TRUE.includes(value) || FALSE.includes(value))
  .transform((value) => TRUE.includes(value));

const postgresUrl = z.string().refine((value) => {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  return URL.canParse(value);
});

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value))
  .transform((value) => value.replace(/\/+$/, ''));

// Typed per key so that a wrong schema for a field fails to compile.
function spec<K extends keyof Config>(s: VarSpec<K>): VarSpec<K> {
  return s;
}

const SPECS = [
  spec({
    name: 'PORT',
    key: 'port',
    default: '8787',
    description: 'TCP port to listen on; 0 picks a free port.',
    expected: 'an integer from 0 to 65535',
    schema: integer(0, 65_535),
  }),
  spec({
    name: 'HOST',
    key: 'host',
    default: '127.0.0.1',
    description: 'Address to bind; 0.0.0.0 (or ::) to accept connections from other machines.',
    expected: 'a host name or IP address',
    schema: z
      .string()
      .trim()
      .regex(/^[\w.:-]+$/),
  }),
  spec({
    name: 'DATA_DIR',
    key: 'dataDir',
    default: '<repo>/data',
    description: 'Directory for the SQLite database and other server files; created if missing.',
    expected: 'a directory path',
    schema: absolutePath,
  }),
  spec({
    name: 'CLIENT_DIR',
    key: 'clientDir',
    default: '<repo>/dist/client',
    description: 'The built PWA (npm run build) served at /.',
    expected: 'a directory path',
    schema: absolutePath,
  }),
  spec({
    name: 'DATABASE_URL',
    key: 'databaseUrl',
    default: undefined,
    description: 'postgres:// URL; when set, the server uses PostgreSQL instead of SQLite.',
    expected: 'a postgres:// or postgresql:// URL',
    secret: true,
    schema: postgresUrl,
  }),
  spec({
    name: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    description: `Least severe log level written: ${LOG_LEVELS.join(', ')}.`,
    expected: `one of ${LOG_LEVELS.join(', ')}`,
    schema: z.enum(LOG_LEVELS),
  }),
  spec({
    name: 'MAX_BODY_BYTES',
    key: 'maxBodyBytes',
    default: '1048576',
    description: 'Largest request body accepted; larger bodies get 413.',
    expected: 'an integer from 1 to 1073741824',
    schema: integer(1, 1_073_741_824),
  }),
  spec({
    name: 'CLIENT_ERROR_RATE_LIMIT',
    key: 'clientErrorRateLimit',
    default: '30',
    description: 'Client error reports accepted per minute per client address; more get 429.',
    expected: 'an integer from 1 to 100000',
    schema: integer(1, 100_000),
  }),
  spec({
    name: 'TRUST_PROXY',
    key: 'trustProxy',
    default: 'false',
    description:
      'true only behind one reverse proxy: the last X-Forwarded-For entry is then the client.',
    expected: 'true or false',
    schema: boolean,
  }),
  spec({
    name: 'SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    default: '10000',
    description: 'On SIGTERM/SIGINT, how long in-flight requests may run before being cut off.',
    expected: 'an integer from 0 to 600000',
    schema: integer(0, 600_000),
  }),
  spec({
    name: 'SIGNUP',
    key: 'signup',
    default: 'first',
    description:
      'first: only the first user signs up (creating the workspace), others join by invite; open: anyone may create a workspace.',
    expected: 'first or open',
    schema: z.enum(['first', 'open']),
  }),
  spec({
    name: 'SESSION_DAYS',
    key: 'sessionDays',
    default: '30',
    description: 'A sign-in lasts this many days after its last use.',
    expected: 'an integer from 1 to 365',
    schema: integer(1, 365),
  }),
  spec({
    name: 'LOGIN_RATE_LIMIT',
    key: 'loginRateLimit',
    default: '10',
    description:
      'Login attempts per 15 minutes per email (5 times as many per client address); more get 429.',
    expected: 'an integer from 1 to 10000',
    schema: integer(1, 10_000),
  }),
  spec({
    name: 'METRICS_TOKEN',
    key: 'metricsToken',
    default: undefined,
    description:
      'Bearer token for GET /api/v1/metrics; unset, metrics answer only loopback clients not behind a proxy.',
    expected: 'at least 16 characters',
    secret: true,
    schema: z.string().min(16),
  }),
  spec({
    name: 'HUBSPOT_BASE_URL',
    key: 'hubspotBaseUrl',
    default: 'https://api.hubapi.com',
    description: 'Root of the HubSpot API the delivery talks to.',
    expected: 'an http:// or https:// URL',
    schema: httpUrl,
  }),
  spec({
    name: 'LEMLIST_BASE_URL',
    key: 'lemlistBaseUrl',
    default: 'https://api.lemlist.com/api',
    description: 'Root of the Lemlist API the delivery talks to.',
    expected: 'an http:// or https:// URL',
    schema: httpUrl,
  }),
  spec({
    name: 'EXPLORIUM_BASE_URL',
    key: 'exploriumBaseUrl',
    default: 'https://api.explorium.ai',
    description: 'Root of the Explorium API the delivery talks to.',
    expected: 'an http:// or https:// URL',
    schema: httpUrl,
  }),
  spec({
    name: 'HUBSPOT_RATE_LIMIT',
    key: 'hubspotRateLimit',
    default: '100',
    description:
      'HubSpot requests per rolling 10 seconds: 100 on Free/Starter, up to 190 on Pro/Enterprise.',
    expected: 'an integer from 1 to 190',
    schema: integer(1, 190),
  }),
  spec({
    name: 'DELIVERY_TIMEOUT_MS',
    key: 'deliveryTimeoutMs',
    default: '30000',
    description: 'A provider call unanswered after this long fails (and is retried).',
    expected: 'an integer from 100 to 600000',
    schema: integer(100, 600_000),
  }),
  spec({
    name: 'DELIVERY_WORKERS',
    key: 'deliveryWorkers',
    default: 'true',
    description:
      'false: this instance runs no delivery workers (the outbox still fills for others).',
    expected: 'true or false',
    schema: boolean,
  }),
] as const;

/** Every environment variable the server reads, for the README and `--help`-style output. */
export const CONFIG_VARS: readonly {
  name: string;
  default: string | undefined;
  description: string;
}[] = SPECS.map(({ name, default: def, description }) => ({ name, default: def, description }));

function defaultValue(name: string, fallback: string | undefined): string | undefined {
  if (name === 'DATA_DIR') return resolve(REPO_ROOT, 'data');
  if (name === 'CLIENT_DIR') return resolve(REPO_ROOT, 'dist', 'client');
  return fallback;
}

/**
 * Reads the configuration from environment variables. An empty variable counts as unset, so
 * `PORT= npm run serve` means the default. Returns every problem at once, not the first.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const errors: string[] = [];
  const values: Record<string, unknown> = {};
  for (const s of SPECS) {
    const given = env[s.name];
    const raw = given === undefined || given === '' ? defaultValue(s.name, s.default) : given;
    if (raw === undefined) {
      values[s.key] = undefined;
      continue;
    }
    const parsed = (s.schema as z.ZodType<unknown, string>).safeParse(raw);
    if (parsed.success) {
      values[s.key] = parsed.data;
    } else {
      const got = s.secret ? 'the value is not shown' : `got ${JSON.stringify(raw)}`;
      errors.push(`${s.name} must be ${s.expected} (${got})`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: values as unknown as Config };
}
