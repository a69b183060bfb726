import type { LedgerPolicy } from '@lib/ledger';
import { ConfigError } from './config-error';
import { loadLedgerPolicy } from './policy-config';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export type StoreKind = 'sqlite' | 'esdb';

/**
 * What one process of the one binary does (DESIGN.md §5): `all` serves HTTP and runs the worker;
 * `api` serves HTTP and runs no scheduled work; `worker` runs the schedules, reactors and
 * reconcilers and serves only health and metrics.
 */
export const LEDGER_ROLES = ['all', 'api', 'worker'] as const;
export type LedgerRole = (typeof LEDGER_ROLES)[number];

/** Everything the service reads from the environment, validated once at start-up. */
export interface LedgerConfig {
  readonly port: number;
  readonly production: boolean;
  readonly role: LedgerRole;
  readonly dataDir: string;
  /**
   * This process's read models (a rebuildable cache of the log). Each process needs its own file:
   * by default `read-models.sqlite` in the data folder, `read-models-worker.sqlite` for a worker.
   */
  readonly readModelFile: string;
  readonly store: StoreKind;
  readonly esdbUrl: string | undefined;
  readonly testClock: boolean;
  /** Who may call the API, and as what (DESIGN.md §6): from LEDGER_API_KEYS, or the development keys. */
  readonly apiKeys: readonly ApiKey[];
  /** Fees, limits and thresholds (R2, R3, R5, R6). */
  readonly policy: LedgerPolicy;
  /**
   * Secret of the keyed hash that turns a guest's phone number into an opaque look-up key (R15),
   * so the ledger never stores the number itself. Required in production.
   */
  readonly guestPhoneKeySecret: string;
  /**
   * Secret of the keyed fingerprint of a request under an Idempotency-Key (docs/adr/0011): a body
   * can hold a guest's phone and password, and the fingerprint lies in the log. Kept apart from
   * the phone-key secret, so neither key serves the other's purpose. Required in production.
   */
  readonly requestFingerprintSecret: string;
  /**
   * scrypt cost N of a guest's password hash (R15): 2^17 in production (OWASP's minimum, with
   * r=8, p=1); lower only outside production, for fast tests (LEDGER_GUEST_PASSWORD_SCRYPT_N).
   */
  readonly guestPasswordScryptN: number;
  /** The sandbox PG's own state file (DESIGN.md §6), shared by every process on the data folder. */
  readonly sandboxPgFile: string;
  /** How long the sandbox PG takes to answer a `sandbox-cancel-slow` cancellation. */
  readonly sandboxSlowMs: number;
  /** How often the worker's reconcilers run (R21, R22). */
  readonly reconcileIntervalMs: number;
  /**
   * How long a stopping process (SIGTERM, SIGINT) lets the requests in flight finish and its
   * worker reach a checkpoint before it exits non-zero anyway (LEDGER_SHUTDOWN_GRACE_SECONDS).
   */
  readonly shutdownGraceMs: number;
  /**
   * Test only (LEDGER_SQLITE_MAX_PAGE_COUNT, refused in production): caps the event-store file at
   * this many pages, so an append past it fails as on a full disk.
   */
  readonly sqliteMaxPageCount: number | undefined;
  /** How many requests a payer, a phone, an API key or an address may make per window (0 = off). */
  readonly rateLimits: RateLimitSettings;
  /** What `GET /health/ready` (and `/health`) require beyond a store that answers. */
  readonly readiness: ReadinessSettings;
  /** The log (libs/observability's pino logger). */
  readonly logging: LoggingSettings;
}

/** pino's levels, most severe first; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LoggingSettings {
  /** The least severe level written (LOG_LEVEL, default `info`). */
  readonly level: LogLevelName;
  /** Development (NODE_ENV unset or `development`): pretty lines when stdout is a terminal. */
  readonly prettyOnTerminal: boolean;
}

/** The bounds of readiness (apps/api/src/health). */
export interface ReadinessSettings {
  /** Most events the read models may be behind the log (LEDGER_READY_MAX_PROJECTION_LAG). */
  readonly maxProjectionLagEvents: number;
  /** Least free space on the data folder's file system (LEDGER_READY_MIN_FREE_DISK_MB). */
  readonly minFreeDiskBytes: number;
}

/** The roles of DESIGN.md §6; each API key has exactly one. */
export const API_ROLES = ['client', 'gateway', 'support', 'auditor', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/**
 * One configured key. The key itself is kept only as its SHA-256 digest, so a config object that
 * ends up in a log or a heap dump gives nobody a usable key; the guard compares digests.
 */
export interface ApiKey {
  readonly role: ApiRole;
  /** A stable fingerprint that names the key in events and logs (never the key itself). */
  readonly keyId: string;
  readonly sha256: Buffer;
}

/** The development keys (one per role, in the order of §6), used when LEDGER_API_KEYS is unset outside production. */
export const DEV_API_KEYS: Readonly<Record<ApiRole, string>> = {
  client: 'dev-client-key',
  gateway: 'dev-gateway-key',
  support: 'dev-support-key',
  auditor: 'dev-auditor-key',
  admin: 'dev-admin-key',
};

export const LEDGER_CONFIG = Symbol('LedgerConfig');

export { ConfigError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const production = env.NODE_ENV === 'production';
  const port = parsePort(env.PORT ?? '3000');
  const store = (env.LEDGER_STORE ?? 'sqlite') as StoreKind;
  if (store !== 'sqlite' && store !== 'esdb') {
    throw new ConfigError(
      `LEDGER_STORE must be "sqlite" or "esdb", not "${String(env.LEDGER_STORE)}"`,
    );
  }
  const esdbUrl = env.LEDGER_ESDB_URL;
  if (store === 'esdb' && !esdbUrl) {
    throw new ConfigError(
      'LEDGER_STORE=esdb needs LEDGER_ESDB_URL (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  const role = parseRole(env.LEDGER_ROLE);
  const dataDir = path.resolve(env.LEDGER_DATA_DIR ?? 'data');
  return {
    port,
    production,
    role,
    dataDir,
    readModelFile: parseReadModelFile(env.LEDGER_READ_MODEL_FILE, dataDir, role),
    store,
    esdbUrl,
    testClock: env.LEDGER_TEST_CLOCK === 'true',
    apiKeys: parseApiKeys(env.LEDGER_API_KEYS, production),
    policy: loadLedgerPolicy(env),
    ...parseSecrets(env, production),
    guestPasswordScryptN: parseScryptN(env, production),
    sandboxPgFile: path.resolve(dataDir, env.LEDGER_SANDBOX_PG_FILE ?? 'sandbox-pg.sqlite'),
    sandboxSlowMs: wholeNumber(env, 'LEDGER_SANDBOX_SLOW_MS', 3_000),
    reconcileIntervalMs: wholeNumber(env, 'LEDGER_RECONCILE_INTERVAL_SECONDS', 5) * 1_000,
    shutdownGraceMs: wholeNumber(env, 'LEDGER_SHUTDOWN_GRACE_SECONDS', 10) * 1_000,
    sqliteMaxPageCount: parseMaxPageCount(env, production),
    rateLimits: parseRateLimits(env),
    readiness: {
      // A burst is applied within a batch or two; a runner that stopped falls behind for good.
      maxProjectionLagEvents: wholeNumber(env, 'LEDGER_READY_MAX_PROJECTION_LAG', 1_000),
      // Room for the WAL and a day's settlement files before SQLite starts refusing appends.
      minFreeDiskBytes: wholeNumber(env, 'LEDGER_READY_MIN_FREE_DISK_MB', 100) * 1024 * 1024,
    },
    logging: {
      level: parseLogLevel(env.LOG_LEVEL),
      prettyOnTerminal: (env.NODE_ENV ?? 'development') === 'development',
    },
  };
}

function parseRole(value: string | undefined): LedgerRole {
  if (value === undefined || value === '') return 'all';
  if (!(LEDGER_ROLES as readonly string[]).includes(value)) {
    throw new ConfigError(`LEDGER_ROLE must be one of ${LEDGER_ROLES.join(', ')}, not "${value}"`);
  }
  return value as LedgerRole;
}

function parseLogLevel(value: string | undefined): LogLevelName {
  const level = value?.trim().toLowerCase() ?? '';
  if (level === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}"`);
  }
  return level as LogLevelName;
}

function parseReadModelFile(value: string | undefined, dataDir: string, role: LedgerRole): string {
  if (value !== undefined && value.trim() !== '') return path.resolve(dataDir, value.trim());
  return path.join(dataDir, role === 'worker' ? 'read-models-worker.sqlite' : 'read-models.sqlite');
}

/** Development's fixed secrets: guest look-ups and keys keep working across restarts of a dev machine. */
export const DEV_GUEST_PHONE_KEY_SECRET = 'dev-guest-phone-key-secret';
export const DEV_REQUEST_FINGERPRINT_SECRET = 'dev-request-fingerprint-secret';

function parseSecrets(
  env: NodeJS.ProcessEnv,
  production: boolean,
): Pick<LedgerConfig, 'guestPhoneKeySecret' | 'requestFingerprintSecret'> {
  const guestPhoneKeySecret = parseSecret(
    'LEDGER_GUEST_PHONE_KEY_SECRET',
    env.LEDGER_GUEST_PHONE_KEY_SECRET,
    production,
    DEV_GUEST_PHONE_KEY_SECRET,
  );
  const requestFingerprintSecret = parseSecret(
    'LEDGER_REQUEST_FINGERPRINT_SECRET',
    env.LEDGER_REQUEST_FINGERPRINT_SECRET,
    production,
    DEV_REQUEST_FINGERPRINT_SECRET,
  );
  if (production && guestPhoneKeySecret === requestFingerprintSecret) {
    throw new ConfigError(
      'LEDGER_REQUEST_FINGERPRINT_SECRET must differ from LEDGER_GUEST_PHONE_KEY_SECRET',
    );
  }
  return { guestPhoneKeySecret, requestFingerprintSecret };
}

/** A secret's value; the message names the variable, never the value (it is printed at start-up). */
function parseSecret(
  name: string,
  value: string | undefined,
  production: boolean,
  development: string,
): string {
  if (value === undefined || value === '') {
    if (production) throw new ConfigError(`${name} must be set in production (32+ characters)`);
    return development;
  }
  if (value.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
  return value;
}

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1. */
export const GUEST_PASSWORD_SCRYPT_N_PRODUCTION = 2 ** 17;
/** The lowest cost allowed outside production (tests). */
export const GUEST_PASSWORD_SCRYPT_N_MIN = 2 ** 10;
/** Tests run many guest payments: their default cost is low, and says so in the name. */
const GUEST_PASSWORD_SCRYPT_N_TEST = 2 ** 12;

function parseScryptN(env: NodeJS.ProcessEnv, production: boolean): number {
  const fallback =
    env.NODE_ENV === 'test' ? GUEST_PASSWORD_SCRYPT_N_TEST : GUEST_PASSWORD_SCRYPT_N_PRODUCTION;
  const n = wholeNumber(env, 'LEDGER_GUEST_PASSWORD_SCRYPT_N', fallback);
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n < GUEST_PASSWORD_SCRYPT_N_MIN || n > GUEST_PASSWORD_SCRYPT_N_PRODUCTION) {
    throw new ConfigError(
      `LEDGER_GUEST_PASSWORD_SCRYPT_N must be a power of two from 2^10 to 2^17, not ${n}`,
    );
  }
  if (production && n < GUEST_PASSWORD_SCRYPT_N_PRODUCTION) {
    throw new ConfigError('LEDGER_GUEST_PASSWORD_SCRYPT_N cannot be lowered in production');
  }
  return n;
}

/**
 * The request rate limits (apps/api/src/http/rate-limits), each a count per window, 0 = off. The
 * per-phone and per-payer limits are on by default, high enough that no person, test or benchmark
 * meets them; per API key and per address are off by default, because every payer arrives through
 * the one `client` key (and often one address) of the viewing site's back end.
 */
export interface RateLimitSettings {
  /** Guest look-ups (R15) per phone number, keyed by its phone key, never the number. */
  readonly guestLookupsPerPhone: number;
  /** Payment requests per payer (member id or guest phone key); per payment on its client routes. */
  readonly requestsPerPayer: number;
  /** Requests per API key (off by default). */
  readonly requestsPerApiKey: number;
  /** Requests per client address, the TCP peer's (off by default). */
  readonly requestsPerAddress: number;
  /** The window each count is over: one minute unless LEDGER_RATE_LIMIT_WINDOW_SECONDS says otherwise. */
  readonly windowMs: number;
}

/** A day: a longer window would only make a limit harder to reason about. */
const RATE_LIMIT_WINDOW_SECONDS_MAX = 86_400;

function parseRateLimits(env: NodeJS.ProcessEnv): RateLimitSettings {
  const windowSeconds = wholeNumber(env, 'LEDGER_RATE_LIMIT_WINDOW_SECONDS', 60);
  if (windowSeconds < 1 || windowSeconds > RATE_LIMIT_WINDOW_SECONDS_MAX) {
    throw new ConfigError(
      `LEDGER_RATE_LIMIT_WINDOW_SECONDS must be from 1 to ${RATE_LIMIT_WINDOW_SECONDS_MAX}, not ${windowSeconds}`,
    );
  }
  return {
    guestLookupsPerPhone: wholeNumber(env, 'LEDGER_RATE_LIMIT_GUEST_LOOKUPS_PER_MINUTE', 60),
    requestsPerPayer: wholeNumber(env, 'LEDGER_RATE_LIMIT_PAYER_REQUESTS_PER_MINUTE', 600),
    requestsPerApiKey: wholeNumber(env, 'LEDGER_RATE_LIMIT_PER_KEY_PER_MINUTE', 0),
    requestsPerAddress: wholeNumber(env, 'LEDGER_RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 0),
    windowMs: windowSeconds * 1_000,
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new ConfigError(`${name} must be a whole number, not "${raw}"`);
  }
  return value;
}

/** A test's full disk: refused in production, where it would make the ledger refuse payments. */
function parseMaxPageCount(env: NodeJS.ProcessEnv, production: boolean): number | undefined {
  if ((env.LEDGER_SQLITE_MAX_PAGE_COUNT?.trim() ?? '') === '') return undefined;
  if (production) throw new ConfigError('LEDGER_SQLITE_MAX_PAGE_COUNT is refused in production');
  const pages = wholeNumber(env, 'LEDGER_SQLITE_MAX_PAGE_COUNT', 0);
  if (pages < 1) throw new ConfigError('LEDGER_SQLITE_MAX_PAGE_COUNT must be at least 1');
  return pages;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, not "${value}"`);
  }
  return port;
}

/**
 * Parses LEDGER_API_KEYS (`role:key,role:key`). Messages name the entry by its position and never
 * repeat a key, since start-up errors are printed and collected by log shippers.
 */
export function parseApiKeys(value: string | undefined, production: boolean): ApiKey[] {
  if (value === undefined || value.trim() === '') {
    if (production) {
      throw new ConfigError('LEDGER_API_KEYS must be set in production (comma-separated role:key)');
    }
    return API_ROLES.map((role) => apiKey(role, DEV_API_KEYS[role]));
  }
  const keys = value.split(',').map((entry, index) => parseApiKeyEntry(entry.trim(), index + 1));
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    const digest = key.sha256.toString('hex');
    if (seen.has(digest)) {
      // A key has exactly one role; the same key twice would make its role depend on the order.
      throw new ConfigError(`LEDGER_API_KEYS entry ${index + 1} repeats an earlier key`);
    }
    seen.add(digest);
    if (production && Object.values(DEV_API_KEYS).some((dev) => digestOf(dev).equals(key.sha256))) {
      throw new ConfigError(`LEDGER_API_KEYS entry ${index + 1} is a public development key`);
    }
  });
  return keys;
}

function parseApiKeyEntry(entry: string, position: number): ApiKey {
  const colon = entry.indexOf(':');
  const role = colon < 0 ? entry : entry.slice(0, colon).trim();
  const key = colon < 0 ? '' : entry.slice(colon + 1).trim();
  if (!isApiRole(role)) {
    throw new ConfigError(
      // The "role" is not echoed: in a reversed `key:role` entry it would be the key.
      `LEDGER_API_KEYS entry ${position} has an unknown role ` +
        `(expected role:key with a role of ${API_ROLES.join(', ')})`,
    );
  }
  if (key === '') {
    throw new ConfigError(`LEDGER_API_KEYS entry ${position} (${role}) has an empty key`);
  }
  // A key is sent as a Bearer token: it must survive an HTTP header unchanged.
  if (!/^[\x21-\x7E]+$/.test(key)) {
    throw new ConfigError(
      `LEDGER_API_KEYS entry ${position} (${role}) has a key with spaces or non-ASCII characters`,
    );
  }
  return apiKey(role, key);
}

function isApiRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value);
}

function apiKey(role: ApiRole, key: string): ApiKey {
  const sha256 = digestOf(key);
  // 32 bits of the digest tell keys apart in events without helping anyone guess a real key.
  return { role, keyId: `${role}-${sha256.toString('hex').slice(0, 8)}`, sha256 };
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
