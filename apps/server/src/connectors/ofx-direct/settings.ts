import fs from 'node:fs';

/** A directory entry's server, as an operator may override it (WEFT_OFX_SERVERS). */
export interface OfxServerOverride {
  url?: string;
  org?: string;
  fid?: string;
  version?: OfxVersion;
}

/** The OFX versions Weft speaks: 1.0.2 (SGML) and 2.2.0 (XML). */
export type OfxVersion = '102' | '220';

/** How Weft talks to OFX Direct Connect servers (parsed once at startup). */
export interface OfxSettings {
  /** The client application Weft presents (APPID/APPVER); many servers accept only a few. */
  appId: string;
  appVer: string;
  /** How long one request may take, connection to last byte. */
  timeoutMs: number;
  /** The largest response read; a longer one is refused as the institution's error. */
  maxResponseBytes: number;
  /** PEM certificates trusted for OFX servers instead of Node's bundled roots, when set. */
  ca: string | null;
  /** Directory entries whose server moved, by Weft institution id. */
  servers: Record<string, OfxServerOverride>;
}

/** QWIN 2700 (Quicken for Windows): the pair OFX servers most widely accept. */
export const DEFAULT_OFX_SETTINGS: OfxSettings = {
  appId: 'QWIN',
  appVer: '2700',
  timeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  ca: null,
  servers: {},
};

const APP_RE = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * Reads WEFT_OFX_APPID, WEFT_OFX_APPVER, WEFT_OFX_TIMEOUT_MS, WEFT_OFX_MAX_RESPONSE_BYTES,
 * WEFT_OFX_CA_FILE and WEFT_OFX_SERVERS (inline JSON or a file holding it), pushing each problem.
 */
export function parseOfxSettings(env: NodeJS.ProcessEnv, problems: string[]): OfxSettings {
  const out: OfxSettings = { ...DEFAULT_OFX_SETTINGS, servers: {} };
  for (const [name, key] of [
    ['WEFT_OFX_APPID', 'appId'],
    ['WEFT_OFX_APPVER', 'appVer'],
  ] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (APP_RE.test(raw)) out[key] = raw;
    else problems.push(`${name}: 1-32 characters of A-Z, a-z, 0-9, ., _ or - (got "${raw}")`);
  }
  out.timeoutMs = intVar(env, 'WEFT_OFX_TIMEOUT_MS', out.timeoutMs, 100, 600_000, problems);
  out.maxResponseBytes = intVar(
    env,
    'WEFT_OFX_MAX_RESPONSE_BYTES',
    out.maxResponseBytes,
    1024,
    200 * 1024 * 1024,
    problems,
  );
  const caFile = env.WEFT_OFX_CA_FILE;
  if (caFile) {
    try {
      out.ca = fs.readFileSync(caFile, 'utf8');
      if (!out.ca.includes('-----BEGIN CERTIFICATE-----'))
        problems.push(`WEFT_OFX_CA_FILE: ${caFile} holds no PEM certificate`);
    } catch (e) {
      problems.push(
        `WEFT_OFX_CA_FILE: cannot read ${caFile} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  const servers = env.WEFT_OFX_SERVERS?.trim();
  if (servers) out.servers = parseServers(servers, problems);
  return out;
}

function intVar(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${name}: must be an integer from ${min} to ${max} (got "${raw}")`);
  return fallback;
}

/** `{"ins_weft_ofx_usaa": {"url": "https://…", "org": "…", "fid": "…", "version": "102"}}`. */
function parseServers(raw: string, problems: string[]): Record<string, OfxServerOverride> {
  let text = raw;
  if (!raw.startsWith('{')) {
    try {
      text = fs.readFileSync(raw, 'utf8');
    } catch (e) {
      problems.push(`WEFT_OFX_SERVERS: cannot read ${raw} (${e instanceof Error ? e.message : String(e)})`);
      return {};
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push('WEFT_OFX_SERVERS: not valid JSON');
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push('WEFT_OFX_SERVERS: must be an object keyed by institution id');
    return {};
  }
  const out: Record<string, OfxServerOverride> = {};
  for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`WEFT_OFX_SERVERS: ${id} must be an object`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const entry: OfxServerOverride = {};
    for (const k of ['url', 'org', 'fid'] as const)
      if (v[k] !== undefined) {
        if (typeof v[k] === 'string' && v[k] !== '') entry[k] = v[k];
        else problems.push(`WEFT_OFX_SERVERS: ${id}.${k} must be a non-empty string`);
      }
    if (v.version !== undefined) {
      if (v.version === '102' || v.version === '220') entry.version = v.version;
      else problems.push(`WEFT_OFX_SERVERS: ${id}.version must be "102" or "220"`);
    }
    out[id] = entry;
  }
  return out;
}
