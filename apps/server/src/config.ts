import path from 'node:path';
import { type OfxSettings, parseOfxSettings } from './connectors/ofx-direct/settings';
import { parseSimplefinSettings, type SimplefinSettings } from './connectors/simplefin/simplefin.settings';
import { type RateLimitTable, rateLimitTable } from './http/rate-limit';
import { specialRangeOf } from './lib/address-ranges';
import type { PrivateTargets } from './lib/outbound-guard';

/** Database selection: embedded SQLite file (default) or PostgreSQL. */
export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** Every setting Weft reads, parsed once at startup. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  sandboxClientId: string | undefined;
  sandboxSecret: string | undefined;
  /**
   * 32-byte key (hex or base64) for everything sealed at rest; required on PostgreSQL, generated
   * into dataDir when unset on SQLite.
   */
  encryptionKey: string | undefined;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  logLevel: string;
  /**
   * Private and special-purpose targets outbound connections may reach anyway (WEFT_ALLOW_PRIVATE_TARGETS):
   * none (the default), or loopback for development.
   */
  allowPrivateTargets: PrivateTargets;
  /** Public origin used in links Weft hands out (Link, OAuth redirects). */
  publicUrl: string;
  /** Webhook delivery: polling, timeout and retry schedule (milliseconds). */
  webhookDelivery: WebhookDeliveryConfig;
  /** Serve the Quickstart demo at `/` (WEFT_DEMO; by default only when listening and reached on loopback). */
  demo: boolean;
  /** Rate limits by endpoint (WEFT_RATE_LIMITS: `off`, or overrides of Plaid's table). */
  rateLimits: RateLimitTable;
  /** Who may read /metrics, and an optional listener of its own. */
  metrics: MetricsConfig;
  /** How long `weft start` waits on SIGTERM/SIGINT for requests and jobs to finish (WEFT_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** OFX Direct Connect: client application, time and size limits, CA, server corrections (WEFT_OFX_*). */
  ofx: OfxSettings;
  /** SimpleFIN Bridges: the CA their certificates are checked against (WEFT_SIMPLEFIN_CA_FILE). */
  simplefin: SimplefinSettings;
}

/**
 * /metrics access. Without a token only loopback peers that were not forwarded by a proxy may read
 * it; with one, anyone presenting it as a bearer token.
 */
export interface MetricsConfig {
  /** WEFT_METRICS_TOKEN: bearer token required to read /metrics (then from any address). */
  token: string | undefined;
  /** WEFT_METRICS_PORT: a second listener serving only /health and /metrics (how a worker is scraped). */
  port: number | undefined;
}

/** How the webhook worker polls, waits and retries. Delays grow ×4 from `retryBaseMs`, capped. */
export interface WebhookDeliveryConfig {
  pollMs: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often Items are checked for consent about to expire. */
  healthScanMs: number;
  /** Days settled deliveries (and their attempts) stay in the inspector before they are purged. */
  retentionDays: number;
}

/** A config problem, with every invalid variable listed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const SECRET_RE = /^[A-Za-z0-9_-]{16,128}$/;
/** A bearer token's characters (RFC 6750 b64token), long enough not to be guessed. */
const METRICS_TOKEN_RE = /^[A-Za-z0-9._~+/=-]{16,256}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses and validates configuration from an environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const port = parseIntVar(env, 'PORT', 8080, problems, 0, 65535);
  const bodyLimit = parseIntVar(env, 'WEFT_BODY_LIMIT', 1_048_576, problems, 1024, 64 * 1_048_576);
  const dataDir = path.resolve(cwd, env.WEFT_DATA_DIR || 'data');

  let database: DatabaseConfig = { dialect: 'sqlite', file: path.join(dataDir, 'weft.sqlite') };
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (/^postgres(ql)?:\/\//.test(url)) database = { dialect: 'postgres', url };
    else if (url.startsWith('sqlite:'))
      database = { dialect: 'sqlite', file: path.resolve(cwd, url.slice(7)) };
    else problems.push('DATABASE_URL: must start with postgres://, postgresql:// or sqlite:');
  }

  const sandboxClientId = env.WEFT_SANDBOX_CLIENT_ID || undefined;
  const sandboxSecret = env.WEFT_SANDBOX_SECRET || undefined;
  if (sandboxClientId && !CLIENT_ID_RE.test(sandboxClientId))
    problems.push('WEFT_SANDBOX_CLIENT_ID: 8-64 characters of A-Z, a-z, 0-9, _ or -');
  if (sandboxSecret && !SECRET_RE.test(sandboxSecret))
    problems.push('WEFT_SANDBOX_SECRET: 16-128 characters of A-Z, a-z, 0-9, _ or -');
  if (Boolean(sandboxClientId) !== Boolean(sandboxSecret))
    problems.push('WEFT_SANDBOX_CLIENT_ID and WEFT_SANDBOX_SECRET must be set together');

  const encryptionKey = env.WEFT_ENCRYPTION_KEY || undefined;
  if (encryptionKey && decodeKey(encryptionKey) === null)
    problems.push('WEFT_ENCRYPTION_KEY: must be 32 bytes, hex (64 chars) or base64');
  // Processes sharing a PostgreSQL database must seal and open with one key; a key file generated
  // per machine would give each its own.
  if (!encryptionKey && database.dialect === 'postgres')
    problems.push(
      'WEFT_ENCRYPTION_KEY: required with PostgreSQL (every process on the database needs the same key); generate one with `openssl rand -hex 32`',
    );

  const logLevel = env.LOG_LEVEL || 'warn';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: one of ${LOG_LEVELS.join(', ')}`);

  const allowPrivateTargets = parsePrivateTargets(env, problems);
  const host = env.HOST || '127.0.0.1';
  const limits = rateLimitTable(env.WEFT_RATE_LIMITS);
  if (typeof limits === 'string') problems.push(limits);
  const rateLimits = typeof limits === 'string' ? {} : limits;
  const publicUrl = (env.WEFT_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) problems.push('WEFT_PUBLIC_URL: must be an http(s) URL');
  // Anyone who can reach the demo can create Items with its keys, so it is opt-in wherever others
  // can: a listen address beyond loopback, or a public URL naming another host (a reverse proxy).
  const demo = parseBoolVar(env, 'WEFT_DEMO', isLoopbackHost(host) && isLocalUrl(publicUrl), problems);

  const webhookDelivery: WebhookDeliveryConfig = {
    pollMs: parseIntVar(env, 'WEFT_WEBHOOK_POLL_MS', 1000, problems, 5, 60_000),
    timeoutMs: parseIntVar(env, 'WEFT_WEBHOOK_TIMEOUT_MS', 10_000, problems, 50, 120_000),
    maxAttempts: parseIntVar(env, 'WEFT_WEBHOOK_MAX_ATTEMPTS', 7, problems, 1, 50),
    retryBaseMs: parseIntVar(env, 'WEFT_WEBHOOK_RETRY_BASE_MS', 30_000, problems, 1, 86_400_000),
    retryMaxMs: parseIntVar(env, 'WEFT_WEBHOOK_RETRY_MAX_MS', 86_400_000, problems, 1, 7 * 86_400_000),
    healthScanMs: parseIntVar(env, 'WEFT_ITEM_HEALTH_SCAN_MS', 60_000, problems, 5, 86_400_000),
    retentionDays: parseIntVar(env, 'WEFT_WEBHOOK_RETENTION_DAYS', 30, problems, 1, 3650),
  };

  const metricsToken = env.WEFT_METRICS_TOKEN || undefined;
  if (metricsToken && !METRICS_TOKEN_RE.test(metricsToken))
    problems.push('WEFT_METRICS_TOKEN: at least 16 characters of A-Z, a-z, 0-9, and ._~+/=-');
  const metricsPort = env.WEFT_METRICS_PORT
    ? parseIntVar(env, 'WEFT_METRICS_PORT', 0, problems, 1, 65535) || undefined
    : undefined;
  if (metricsPort !== undefined && metricsPort === port)
    problems.push('WEFT_METRICS_PORT: must differ from PORT');
  const shutdownTimeoutMs = parseIntVar(env, 'WEFT_SHUTDOWN_TIMEOUT_MS', 10_000, problems, 0, 600_000);
  const ofx = parseOfxSettings(env, problems);
  const simplefin = parseSimplefinSettings(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    database,
    sandboxClientId,
    sandboxSecret,
    encryptionKey,
    bodyLimit,
    logLevel,
    allowPrivateTargets,
    publicUrl,
    webhookDelivery,
    demo,
    rateLimits,
    metrics: { token: metricsToken, port: metricsPort },
    shutdownTimeoutMs,
    ofx,
    simplefin,
  };
}

/** True when a listen address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  return specialRangeOf(host)?.loopback === true;
}

function isLocalUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

/**
 * WEFT_ALLOW_PRIVATE_TARGETS: `loopback` lets outbound connections reach this machine (a webhook
 * receiver under development). It replaced WEFT_WEBHOOK_BLOCK_PRIVATE, whose `true` is now the
 * default; any other value of the old variable would silently mean something else, so it is refused.
 */
function parsePrivateTargets(env: NodeJS.ProcessEnv, problems: string[]): PrivateTargets {
  const old = env.WEFT_WEBHOOK_BLOCK_PRIVATE;
  if (old !== undefined && old !== '' && !['1', 'true', 'yes'].includes(old))
    problems.push(
      'WEFT_WEBHOOK_BLOCK_PRIVATE: replaced by WEFT_ALLOW_PRIVATE_TARGETS; private targets are refused by default, WEFT_ALLOW_PRIVATE_TARGETS=loopback allows loopback',
    );
  const raw = env.WEFT_ALLOW_PRIVATE_TARGETS?.trim();
  if (raw === undefined || raw === '' || raw === 'none') return 'none';
  if (raw === 'loopback') return 'loopback';
  problems.push(`WEFT_ALLOW_PRIVATE_TARGETS: none or loopback (got "${raw}")`);
  return 'none';
}

/** Decodes a 32-byte key given as hex or base64; null when it is neither. */
export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

function parseIntVar(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  problems: string[],
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}: must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function parseBoolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`${name}: must be true or false (got "${raw}")`);
  return fallback;
}
