import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import type { WeftApp, WeftContext } from './app-context';
import { type Config, decodeKey } from './config';
import { ConnectorRegistry } from './connectors/registry';
import { type DbHandle, migrate, openDatabase } from './db/client';
import type { Database } from './db/schema';
import { ClientAuthenticator } from './http/client-auth';
import { installErrorHandler } from './http/error-handler';
import { errors } from './http/errors';
import { installRateLimits } from './http/rate-limit';
import { type Clock, systemClock } from './lib/clock';
import { SecretBox } from './lib/crypto';
import { requestId } from './lib/ids';
import { ClientsRepository } from './products/clients/clients.repository';
import { ClientsService } from './products/clients/clients.service';
import { modules } from './products/index';
import { ItemsService } from './products/items/items.service';
import { LinkService } from './products/link/link.service';

/** What a test or the CLI may inject instead of the defaults. */
export interface BuildDeps {
  clock?: Clock;
  /** An already-open database (tests share one across apps); opened from config otherwise. */
  database?: DbHandle;
  logger?: boolean;
}

/** A built Weft: the Fastify app (not listening) and its services. */
export interface Weft {
  app: WeftApp;
  ctx: WeftContext;
  /** Every route registered, as `METHOD /path`. */
  routes: string[];
  /** The JSON schema each POST route validates its body with, by path. */
  bodySchemas: Map<string, unknown>;
}

/**
 * Builds Weft: opens and migrates the database, wires services and registers every module. Never
 * listens; the CLI or a test decides that.
 */
export async function build(config: Config, deps: BuildDeps = {}): Promise<Weft> {
  const handle = deps.database ?? openDatabase(config.database);
  await migrate(handle.db);

  const app = Fastify({
    bodyLimit: config.bodyLimit,
    genReqId: () => requestId(),
    requestIdHeader: false,
    logger:
      deps.logger === false
        ? false
        : { level: config.logLevel, redact: ['req.headers["plaid-secret"]', 'req.headers.authorization'] },
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ctx = createContext(config, handle, deps.clock ?? systemClock);
  if (!deps.database) app.addHook('onClose', async () => handle.close());

  installErrorHandler(app);
  installJsonParser(app);
  installRateLimits(app, ctx, config.rateLimits);
  // Callback-style hooks: these run on every request, and an async hook costs a promise each.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  // Every Plaid response carries its request id in the body too.
  app.addHook('preSerialization', (req, _reply, payload, done) => {
    if (payload && typeof payload === 'object' && !Array.isArray(payload) && !req.url.startsWith('/weft/'))
      done(null, { ...(payload as Record<string, unknown>), request_id: req.id });
    else done(null, payload);
  });

  const routes: string[] = [];
  const bodySchemas = new Map<string, unknown>();
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
    if (r.schema?.body) bodySchemas.set(r.url, r.schema.body);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  for (const m of modules) await m.register(app, ctx);
  return { app, ctx, routes, bodySchemas };
}

function createContext(config: Config, handle: DbHandle, clock: Clock): WeftContext {
  const db: Kysely<Database> = handle.db;
  const secretBox = new SecretBox(loadEncryptionKey(config));
  const clientsRepo = new ClientsRepository(db);
  const items = new ItemsService(db, clock, secretBox, handle.changeEpoch);
  return {
    config,
    db,
    dialect: handle.dialect,
    changeEpoch: handle.changeEpoch,
    clock,
    secretBox,
    connectors: new ConnectorRegistry(),
    auth: new ClientAuthenticator(clientsRepo, handle.changeEpoch),
    clients: new ClientsService(clientsRepo, clock),
    items,
    link: new LinkService(db, clock, items),
    linkHooks: {},
    workers: [],
  };
}

/** Parses every body as JSON whatever its content type; unparseable bodies are Plaid's INVALID_BODY. */
function installJsonParser(app: WeftApp): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(errors.invalidBody(), undefined);
    }
  });
}

/** The credentials key: WEFT_ENCRYPTION_KEY, else a key file generated once in the data folder. */
function loadEncryptionKey(config: Config): Buffer {
  if (config.encryptionKey) return decodeKey(config.encryptionKey)!;
  const file = path.join(config.dataDir, 'encryption.key');
  try {
    const existing = decodeKey(fs.readFileSync(file, 'utf8').trim());
    if (existing) return existing;
  } catch {
    // No key yet: make one below.
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
