import type { Kysely } from 'kysely';
import type { ConnectorLogin, NormalizedAccount } from '../../connectors/connector';
import { institutionOpenTo } from '../../connectors/environments';
import { findInstitution } from '../../connectors/institutions';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { EpochCache } from '../../lib/epoch-cache';
import { newToken, randomId, sha256 } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository, newAccountRow } from '../accounts/accounts.repository';
import { isServedProduct, servedOnly } from '../served-products';
import type { StatementsWindow } from '../statements/statements.window';
import { ItemsRepository } from './items.repository';

const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;
const TOKEN_RE =
  /^(access|public)-(sandbox|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs inside the Item-creation transaction, after the Item and its accounts exist. */
export type ItemCreatedHook = (
  trx: Db,
  item: ItemsTable,
  accounts: AccountsTable[],
  options: ItemCreateOptions,
) => Promise<void>;

/** Per-product options given when an Item is created (link token or sandbox request). */
export interface ItemCreateOptions {
  /** Days of transaction history to pull (Plaid's `transactions.days_requested`). */
  daysRequested?: number;
  /** The window of months the Item's statements cover (its `statements` options), if given. */
  statements?: StatementsWindow;
  /** The user an Income Link session (or sandbox request) links the Item for. */
  income?: IncomeLinkOptions;
}

/** An Item linked for a user's income: whose, from which source, over how many days. */
export interface IncomeLinkOptions {
  userId: string;
  sourceTypes: readonly string[];
  daysRequested?: number;
}

/** What it takes to create an Item from a completed connector login. */
export interface CreateItemInput {
  clientId: string;
  env: 'sandbox' | 'production';
  institutionId: string;
  connector: string;
  login: ConnectorLogin;
  accounts: NormalizedAccount[];
  products: string[];
  webhook: string | null;
  /** Account keys the user chose in Link; all when absent. */
  selectedKeys?: readonly string[];
  /** Days of transaction history requested. */
  daysRequested?: number;
  /** The statements window asked for (link token `statements`, sandbox `options.statements`). */
  statements?: StatementsWindow;
  /** The user an Income session links the Item for. */
  income?: IncomeLinkOptions;
  /**
   * Writes data the connector brought with the login (statement files) in the creation
   * transaction, before the registered hooks run: a failure leaves no Item behind.
   */
  populate?: (trx: Db, item: ItemsTable, accounts: AccountsTable[]) => Promise<void>;
}

/** Items: creation from a login, token exchange, status, webhook, removal and token rotation. */
export class ItemsService {
  private readonly afterCreate: ItemCreatedHook[] = [];
  private readonly byToken: EpochCache<ItemsTable | undefined>;
  private lastDigest: { token: string; hash: string } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly secretBox: SecretBox,
    changeEpoch: () => number | null = () => null,
  ) {
    this.byToken = new EpochCache(changeEpoch);
  }

  /** Registers work that must happen atomically with every new Item (e.g. the first data pull). */
  onItemCreated(hook: ItemCreatedHook): void {
    this.afterCreate.push(hook);
  }

  /**
   * Creates an Item, its accounts and a public token in one transaction: if any step (including
   * registered hooks) fails, nothing is left behind.
   */
  async createItem(
    input: CreateItemInput,
  ): Promise<{ item: ItemsTable; accounts: AccountsTable[]; publicToken: string }> {
    const institution = findInstitution(input.institutionId);
    // An Item is of its client's environment: production keys never make an Item at a sandbox bank.
    if (!institution || !institutionOpenTo(institution.institution_id, input.env))
      throw errors.invalidInstitution();
    const unsupported = input.products.filter((p) => isServedProduct(p) && !institution.products.includes(p));
    if (unsupported.length > 0)
      throw new PlaidError(
        'PRODUCTS_NOT_SUPPORTED',
        `the following products are not supported by ${institution.name}: ${unsupported.join(', ')}`,
      );

    const now = this.clock.now().toISOString();
    // Balance is never billed on an Item; it comes with every other product.
    const billed: string[] = [...new Set(servedOnly(input.products).filter((p) => p !== 'balance'))].sort();
    const available = servedOnly(institution.products)
      .filter((p) => !billed.includes(p))
      .sort();
    const item: ItemsTable = {
      item_id: randomId(37),
      client_id: input.clientId,
      env: input.env,
      institution_id: institution.institution_id,
      connector: input.connector,
      login: JSON.stringify({
        username: input.login.username,
        seed: input.login.seed,
        extra: input.login.extra ?? null,
      }),
      credentials_sealed: input.login.secrets
        ? this.secretBox.seal(JSON.stringify(input.login.secrets))
        : null,
      products: JSON.stringify(billed),
      available_products: JSON.stringify(available),
      consented_products: JSON.stringify(billed),
      webhook: input.webhook,
      error: null,
      consent_expiration_time: null,
      update_type: 'background',
      created_at: now,
      updated_at: now,
    };
    const selected = input.selectedKeys ? new Set(input.selectedKeys) : null;
    const accounts: AccountsTable[] = input.accounts.map((a, position) =>
      newAccountRow(item.item_id, a, position, now, selected !== null && !selected.has(a.key)),
    );
    const publicToken = newToken('public', input.env);
    const expires = new Date(this.clock.now().getTime() + PUBLIC_TOKEN_TTL_MS).toISOString();

    await this.db.transaction().execute(async (trx) => {
      const items = new ItemsRepository(trx);
      await items.insert(item);
      await new AccountsRepository(trx).insertMany(accounts);
      await items.insertPublicToken(item.client_id, item.item_id, sha256(publicToken), now, expires);
      await input.populate?.(trx, item, accounts);
      for (const hook of this.afterCreate)
        await hook(trx, item, accounts, {
          daysRequested: input.daysRequested,
          income: input.income,
          statements: input.statements,
        });
    });
    return { item, accounts, publicToken };
  }

  /** Issues a fresh public token for an existing Item (update mode, /item/public_token/create). */
  async createPublicToken(item: ItemsTable): Promise<string> {
    const token = newToken('public', item.env);
    const now = this.clock.now();
    await new ItemsRepository(this.db).insertPublicToken(
      item.client_id,
      item.item_id,
      sha256(token),
      now.toISOString(),
      new Date(now.getTime() + PUBLIC_TOKEN_TTL_MS).toISOString(),
    );
    return token;
  }

  /** Exchanges a public token (once) for a new access token. */
  async exchangePublicToken(
    clientId: string,
    publicToken: string,
  ): Promise<{ accessToken: string; itemId: string }> {
    if (!TOKEN_RE.test(publicToken) || !publicToken.startsWith('public-')) throw errors.invalidPublicToken();
    const now = this.clock.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const items = new ItemsRepository(trx);
      const itemId = await items.spendPublicToken(clientId, sha256(publicToken), now);
      if (!itemId)
        throw new PlaidError(
          'INVALID_PUBLIC_TOKEN',
          'provided public token is expired, was already used, or does not exist',
        );
      const item = await items.find(clientId, itemId);
      // Throwing here rolls the spend back; a token naming another environment was never this Item's.
      if (!item || !publicToken.startsWith(`public-${item.env}-`))
        throw new PlaidError(
          'INVALID_PUBLIC_TOKEN',
          'provided public token is expired, was already used, or does not exist',
        );
      const accessToken = newToken('access', item.env);
      await items.insertAccessToken(clientId, itemId, sha256(accessToken), now);
      return { accessToken, itemId };
    });
  }

  /** The Item an access token reaches for this client; INVALID_ACCESS_TOKEN otherwise. */
  async resolve(clientId: string, accessToken: string): Promise<ItemsTable> {
    if (!TOKEN_RE.test(accessToken) || !accessToken.startsWith('access-')) throw errors.invalidAccessToken();
    const hash = this.digest(accessToken);
    const item = await this.byToken.get(`${clientId}\u0000${hash}`, () =>
      new ItemsRepository(this.db).findByAccessToken(clientId, hash),
    );
    // Plaid: a token "pertains to a different API environment" is INVALID_ACCESS_TOKEN. Items are the
    // client's, and a client is of one environment, so the prefix must name the Item's.
    if (!item || !accessToken.startsWith(`access-${item.env}-`))
      throw new PlaidError('INVALID_ACCESS_TOKEN', 'could not find matching access token');
    return item;
  }

  /**
   * resolve()'s Item when the cache holds it, without waiting; undefined when resolve() must be
   * awaited (a database read, or an error to throw). Entries exist only for tokens resolve() found
   * well-formed, so a hit needs no second shape check. For hooks that run on every request.
   */
  resolveCached(clientId: string, accessToken: string): ItemsTable | undefined {
    const item = this.byToken.peek(`${clientId}\u0000${this.digest(accessToken)}`);
    return item && accessToken.startsWith(`access-${item.env}-`) ? item : undefined;
  }

  /**
   * SHA-256 of a token, remembering only the last one: a request resolves its token twice (rate
   * limits, then the product), and the digest is most of a cached resolve's cost.
   */
  private digest(token: string): string {
    if (this.lastDigest?.token !== token) this.lastDigest = { token, hash: sha256(token) };
    return this.lastDigest.hash;
  }

  /** Like resolve(), but also throws the Item's stored error (e.g. ITEM_LOGIN_REQUIRED) for product calls. */
  async resolveHealthy(clientId: string, accessToken: string): Promise<ItemsTable> {
    const item = await this.resolve(clientId, accessToken);
    if (item.error) throw itemErrorOf(item);
    return item;
  }

  /** Removes an Item and everything that hangs off it. */
  async remove(clientId: string, accessToken: string): Promise<void> {
    const item = await this.resolve(clientId, accessToken);
    await new ItemsRepository(this.db).delete(clientId, item.item_id);
  }

  /** Sets the Item's webhook URL and emits WEBHOOK_UPDATE_ACKNOWLEDGED to the new URL. */
  async updateWebhook(clientId: string, accessToken: string, webhook: string | null): Promise<ItemsTable> {
    const item = await this.resolve(clientId, accessToken);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await new ItemsRepository(trx).update(clientId, item.item_id, { webhook, updated_at: now });
      await new OutboxRepository(trx).enqueue(
        {
          clientId,
          itemId: item.item_id,
          webhookType: 'ITEM',
          webhookCode: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
          payload: { item_id: item.item_id, new_webhook_url: webhook, error: null, environment: item.env },
        },
        now,
        Boolean(webhook),
      );
    });
    return { ...item, webhook, updated_at: now };
  }

  /** Rotates an Item's access token: a new one is issued and every other one stops working. */
  async rotateAccessToken(clientId: string, accessToken: string): Promise<string> {
    const item = await this.resolve(clientId, accessToken);
    const now = this.clock.now().toISOString();
    const fresh = newToken('access', item.env);
    await this.db.transaction().execute(async (trx) => {
      const items = new ItemsRepository(trx);
      await items.insertAccessToken(clientId, item.item_id, sha256(fresh), now);
      await items.revokeAccessTokens(clientId, item.item_id, now, sha256(fresh));
    });
    return fresh;
  }

  /**
   * Marks an Item repaired after the user logged in again through Link's update mode: clears its
   * error and, if it had one, emits ITEM/LOGIN_REPAIRED in the same transaction.
   */
  async repair(item: ItemsTable): Promise<void> {
    if (!item.error) return;
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await new ItemsRepository(trx).update(item.client_id, item.item_id, { error: null, updated_at: now });
      await new OutboxRepository(trx).enqueue(
        {
          clientId: item.client_id,
          itemId: item.item_id,
          webhookType: 'ITEM',
          webhookCode: 'LOGIN_REPAIRED',
          payload: { item_id: item.item_id, environment: item.env },
        },
        now,
        Boolean(item.webhook),
      );
    });
  }

  /** Puts an Item into (or, with null, out of) an error state. */
  async setError(item: ItemsTable, error: PlaidError | null, trx: Db = this.db): Promise<void> {
    await new ItemsRepository(trx).update(item.client_id, item.item_id, {
      error: error ? JSON.stringify(error.toItemError()) : null,
      updated_at: this.clock.now().toISOString(),
    });
  }
}

/** The PlaidError stored on an Item. */
export function itemErrorOf(item: ItemsTable): PlaidError {
  const stored = JSON.parse(item.error ?? '{}') as { error_code?: string; error_message?: string };
  return new PlaidError(stored.error_code ?? 'INTERNAL_SERVER_ERROR', stored.error_message);
}
