import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { ConnectorRegistry } from './connectors/registry';
import type { Database } from './db/schema';
import type { ClientAuthenticator } from './http/client-auth';
import type { Clock } from './lib/clock';
import type { SecretBox } from './lib/crypto';
import type { OutboundGuard } from './lib/outbound-guard';
import type { WeftMetrics } from './metrics/metrics';
import type { ClientsService } from './products/clients/clients.service';
import type { ItemsService } from './products/items/items.service';
import type { LinkService } from './products/link/link.service';
import type { LinkHooks } from './products/link/link-hooks';

/** The Fastify instance with TypeBox-typed routes. */
export type WeftApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Shared services every module may use; built once per app. */
export interface WeftContext {
  config: Config;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Database change epoch for read caches (null: do not cache); see db/client.ts. */
  changeEpoch: () => number | null;
  clock: Clock;
  secretBox: SecretBox;
  /** The gate every outbound connection passes (webhooks, connectors). */
  outbound: OutboundGuard;
  connectors: ConnectorRegistry;
  auth: ClientAuthenticator;
  clients: ClientsService;
  items: ItemsService;
  link: LinkService;
  /** Seams other products implement for Link (payments). */
  linkHooks: LinkHooks;
  /** Prometheus metrics of this app (served at /metrics). */
  metrics: WeftMetrics;
  /** Background work (job workers, schedulers) started by roles that run workers. */
  workers: BackgroundWorker[];
}

/** Something that runs in the background of a worker role. */
export interface BackgroundWorker {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A feature module: its routes, and anything it wires into shared services at startup. */
export interface WeftModule {
  name: string;
  register(app: WeftApp, ctx: WeftContext): Promise<void>;
}
