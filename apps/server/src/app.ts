import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { WeftApp, WeftContext } from './app-context';
import type { Config } from './config';
import { ConnectorRegistry, DEFAULT_CONNECTORS } from './connectors/registry';
import { type DbHandle, migrate, openDatabase } from './db/client';
import type { Database } from './db/schema';
import { ClientAuthenticator } from './http/client-auth';
import { clientErrorHandler, installErrorHandler } from './http/error-handler';
import { errors } from './http/errors';
import { jsonBoundsError } from './http/json-bounds';
import { optionalNullStripper } from './http/optional-nulls';
import { installRateLimits } from './http/rate-limit';
import { deferredChildLogger } from './http/request-logger';
import { isSandboxOnlyPath, sandboxOnly } from './http/sandbox-only';
import { bounded } from './http/schema-kit';
import { type Clock, systemClock } from './lib/clock';
import { SecretBox } from './lib/crypto';
import { checkEncryptionKey, loadEncryptionKey } from './lib/encryption-key';
import { requestId } from './lib/ids';
import { createOutboundGuard, type Resolver } from './lib/outbound-guard';
import { WeftMetrics } from './metrics/metrics';
import { installMetrics } from './metrics/metrics.routes';
import { ClientsRepository } from './products/clients/clients.repository';
import { ClientsService } from './products/clients/clients.service';
import { RedirectUrisRepository } from './products/clients/redirect-uris.repository';
import { modules } from './products/index';
import { ItemsService } from './products/items/items.service';
import { LinkService } from './products/link/link.service';

/** What a test or the CLI may inject instead of the defaults. */
export interface BuildDeps {
  clock?: Clock;
  /** An already-open database (tests share one across apps); opened from config otherwise. */
  database?: DbHandle;
  logger?: boolean;
  /** Where log lines go (stdout by default); tests read them. */
  logStream?: NodeJS.WritableStream;
  /** How outbound connections resolve names (DNS by default); tests inject answers. */
  resolver?: Resolver;
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
  const secretBox = new SecretBox(await loadEncryptionKey(config));
  // Refused before anything is sealed or opened with a key the database was not sealed with.
  await checkEncryptionKey(handle.db, secretBox, config).catch(async (e: unknown) => {
    if (!deps.database) await handle.close();
    throw e;
  });

  const app = Fastify({
    bodyLimit: config.bodyLimit,
    genReqId: () => requestId(),
    requestIdHeader: false,
    clientErrorHandler,
    // Log lines name the request by the id its Plaid response carries, under the same key.
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    childLoggerFactory: deferredChildLogger,
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers["plaid-secret"]', 'req.headers.authorization'],
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ctx = createContext(config, handle, secretBox, deps.clock ?? systemClock, app.log, deps.resolver);
  if (!deps.database) app.addHook('onClose', async () => handle.close());
  installMetrics(app, ctx);

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
  const refuseProduction = sandboxOnly((req) => ctx.auth.authenticate(req));
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
    if (isSandboxOnlyPath(r.url)) r.preValidation = [refuseProduction, ...[r.preValidation ?? []].flat()];
    // Routes whose bodies are not built with plaidBody (Weft's own, Link's) are bounded too.
    for (const part of ['body', 'querystring', 'params'] as const) bounded(r.schema?.[part]);
    if (!r.schema?.body) return;
    bodySchemas.set(r.url, r.schema.body);
    const strip = optionalNullStripper(r.schema.body);
    // First of the route's preValidation hooks, so nothing downstream ever sees those nulls.
    if (strip)
      r.preValidation = [
        (req, _reply, done) => {
          strip(req.body);
          done();
        },
        ...[r.preValidation ?? []].flat(),
      ];
  });
  app.get('/health', async () => ({ status: 'ok' }));
  for (const m of modules) await m.register(app, ctx);
  return { app, ctx, routes, bodySchemas };
}

function createContext(
  config: Config,
  handle: DbHandle,
  secretBox: SecretBox,
  clock: Clock,
  log: FastifyBaseLogger,
  resolver?: Resolver,
): WeftContext {
  const db: Kysely<Database> = handle.db;
  const clientsRepo = new ClientsRepository(db);
  const items = new ItemsService(db, clock, secretBox, handle.changeEpoch);
  const outbound = createOutboundGuard(config.allowPrivateTargets, resolver);
  return {
    config,
    db,
    dialect: handle.dialect,
    changeEpoch: handle.changeEpoch,
    clock,
    secretBox,
    outbound,
    connectors: new ConnectorRegistry(DEFAULT_CONNECTORS, { outbound, secretBox, config }),
    auth: new ClientAuthenticator(clientsRepo, handle.changeEpoch),
    clients: new ClientsService(clientsRepo, clock, new RedirectUrisRepository(db)),
    items,
    link: new LinkService(db, clock, items, secretBox),
    linkHooks: {},
    metrics: new WeftMetrics(db, log),
    workers: [],
  };
}

/**
 * Parses every body as JSON whatever its content type; unparseable bodies are Plaid's INVALID_BODY,
 * and bodies nested too deep or carrying NUL are INVALID_FIELD before anything else reads them.
 */
function installJsonParser(app: WeftApp): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(errors.invalidBody(), undefined);
    }
    const outOfBounds = jsonBoundsError(parsed);
    if (outOfBounds) done(outOfBounds, undefined);
    else done(null, parsed);
  });
}
