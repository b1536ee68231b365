import { Configuration, CountryCode, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import type { ClientKeys } from '../../products/clients/clients.service';
import type { LinkPane } from '../../products/link-session/link-session.contract';
import { liveRefresher } from '../../products/live-refresh/live-refresh.routes';
import { createTestWeft, post, type TestWeft } from '../../test/harness';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { SIMPLEFIN_INSTITUTION_ID } from './simplefin.institution';
import { type FakeBridge, startFakeBridge } from './simplefin.test-kit';

const HOOK = 'https://app.example.com/plaid-webhook';
const HOUR = 3_600_000;

describe('SimpleFIN Items through Link, the plaid client and the live refresh', () => {
  let w: TestWeft;
  let bridge: FakeBridge;
  let clock: FixedClock;
  let prodA: ClientKeys;
  let prodB: ClientKeys;
  let plaidA: PlaidApi;
  let plaidB: PlaidApi;

  const client = (base: string, keys: ClientKeys) =>
    new PlaidApi(
      new Configuration({
        basePath: base,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
      }),
    );

  beforeAll(async () => {
    bridge = await startFakeBridge();
    clock = new FixedClock(new Date());
    w = await createTestWeft({ clock, env: { WEFT_ALLOW_PRIVATE_TARGETS: 'loopback' } });
    prodA = await w.ctx.clients.create('prod-a', 'production');
    prodB = await w.ctx.clients.create('prod-b', 'production');
    const base = await w.listen();
    plaidA = client(base, prodA);
    plaidB = client(base, prodB);
  });
  afterAll(async () => {
    await w.close();
    await bridge.close();
  });

  const session = (token: string, path: string, body: Record<string, unknown>) =>
    post<LinkPane & Record<string, unknown>>(w, `/weft/link/session/${path}`, body, {
      authorization: `Bearer ${token}`,
    });

  /** Links a setup token through Link's session API; returns the public token. */
  async function linkThroughLink(plaid: PlaidApi, setupToken: string, accessToken?: string): Promise<string> {
    const { data } = await plaid.linkTokenCreate({
      client_name: 'Budget App',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'user-1' },
      ...(accessToken ? { access_token: accessToken } : { products: [Products.Transactions] }),
      webhook: HOOK,
    });
    const started = await session(data.link_token, 'start', {});
    const id = started.body.link_session_id as string;
    // Update mode starts at the Item's institution; the pane asks for a setup token either way.
    const asked = await session(data.link_token, 'institution', {
      link_session_id: id,
      institution_id: SIMPLEFIN_INSTITUTION_ID,
    });
    expect(asked.body.pane).toBe('credentials');
    if (asked.body.pane !== 'credentials') throw new Error('no credentials pane');
    expect(asked.body.institution.credentials).toBe('setup_token');
    const creds = await session(data.link_token, 'credentials', {
      link_session_id: id,
      username: 'setup_token',
      password: setupToken,
    });
    expect(creds.status, JSON.stringify(creds.body)).toBe(200);
    let pane = creds.body as LinkPane;
    if (pane.pane === 'select_account') {
      const picked = await session(data.link_token, 'select', {
        link_session_id: id,
        account_ids: pane.accounts.map((a) => a.id),
      });
      pane = picked.body as LinkPane;
    }
    if (pane.pane !== 'success') throw new Error(`expected success, got ${JSON.stringify(pane)}`);
    return pane.public_token;
  }

  async function linkItem(plaid: PlaidApi): Promise<{ accessToken: string; itemId: string }> {
    const publicToken = await linkThroughLink(plaid, bridge.setupToken());
    const { data } = await plaid.itemPublicTokenExchange({ public_token: publicToken });
    // The first pull's updates are ready a few seconds after linking, as at Plaid.
    clock.advance(5_000);
    return { accessToken: data.access_token, itemId: data.item_id };
  }

  async function hooks(itemId: string): Promise<{ code: string; body: Record<string, unknown> }[]> {
    const rows = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'payload'])
      .where('item_id', '=', itemId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      code: r.webhook_code,
      body: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  }

  async function syncAll(plaid: PlaidApi, accessToken: string, cursor?: string) {
    const out = { added: [] as Record<string, unknown>[], removed: [] as string[], cursor: cursor ?? '' };
    for (;;) {
      const { data } = await plaid.transactionsSync({
        access_token: accessToken,
        ...(out.cursor ? { cursor: out.cursor } : {}),
      });
      out.added.push(...(data.added as unknown as Record<string, unknown>[]));
      out.removed.push(...data.removed.map((r) => r.transaction_id!));
      out.cursor = data.next_cursor;
      if (!data.has_more) return out;
    }
  }

  it('links a setup token in Link (production keys only) and serves accounts, transactions and the Item', async () => {
    // Sandbox keys never see a real source.
    const sandbox = client(
      await w.listen().catch(() => `http://127.0.0.1:${(w.app.server.address() as { port: number }).port}`),
      w.clientA,
    );
    await expect(
      sandbox.institutionsGetById({
        institution_id: SIMPLEFIN_INSTITUTION_ID,
        country_codes: [CountryCode.Us],
      }),
    ).rejects.toMatchObject({
      response: { data: { error_code: 'INVALID_INSTITUTION' } },
    });
    const found = await plaidA.institutionsGetById({
      institution_id: SIMPLEFIN_INSTITUTION_ID,
      country_codes: [CountryCode.Us],
    });
    expect(found.data.institution.products.sort()).toEqual([
      'balance',
      'recurring_transactions',
      'transactions',
    ]);

    const { accessToken, itemId } = await linkItem(plaidA);
    const accounts = (await plaidA.accountsGet({ access_token: accessToken })).data.accounts;
    expect(
      accounts.map((a) => [a.name, a.type, a.subtype, a.balances.current, a.balances.available, a.mask]),
    ).toEqual([
      ['Everyday Checking', 'depository', 'checking', 1234.56, 1222.56, null],
      ['Rewards Visa', 'credit', 'credit card', 450.25, null, null],
    ]);
    const item = (await plaidA.itemGet({ access_token: accessToken })).data.item;
    expect(item.institution_id).toBe(SIMPLEFIN_INSTITUTION_ID);
    expect(item.error).toBeNull();
    expect(item.billed_products).toEqual(['transactions']);

    const synced = await syncAll(plaidA, accessToken);
    const byName = new Map(synced.added.map((t) => [t.name as string, t]));
    expect(byName.get('PAYROLL ACME CORP')).toMatchObject({
      amount: -2500,
      pending: false,
      iso_currency_code: 'USD',
    });
    expect(byName.get('CORNER DELI')).toMatchObject({ amount: 12, pending: true });
    expect(byName.get('TRATTORIA ROMA')).toMatchObject({ amount: 45.25 });
    expect(byName.get('CITY GYM ANNUAL')).toMatchObject({ amount: 30 });

    // The access URL is stored only sealed, and never in the login kept in clear.
    const row = await w.ctx.db
      .selectFrom('items')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(row.credentials_sealed).toMatch(/^v1\./);
    expect(row.credentials_sealed).not.toContain('pass');
    expect(row.login).not.toContain('pass');
    expect(JSON.parse(w.ctx.secretBox.open(row.credentials_sealed!)).access_url).toMatch(
      /^http:\/\/user\d+:/,
    );

    // Another client cannot reach the Item, read it live, or refresh it.
    await expect(plaidB.accountsGet({ access_token: accessToken })).rejects.toMatchObject({
      response: { data: { error_code: 'INVALID_ACCESS_TOKEN' } },
    });
    const before = bridge.requests.length;
    await expect(plaidB.transactionsRefresh({ access_token: accessToken })).rejects.toMatchObject({
      response: { data: { error_code: 'INVALID_ACCESS_TOKEN' } },
    });
    await expect(plaidB.accountsBalanceGet({ access_token: accessToken })).rejects.toMatchObject({
      response: { data: { error_code: 'INVALID_ACCESS_TOKEN' } },
    });
    expect(bridge.requests.length).toBe(before);
  });

  it('reads again on schedule: new and posted transactions land with SYNC_UPDATES_AVAILABLE and DEFAULT_UPDATE', async () => {
    const { accessToken, itemId } = await linkItem(plaidA);
    const first = await syncAll(plaidA, accessToken);
    const pendingDeli = first.added.find((t) => t.name === 'CORNER DELI')!;
    const seen = (await hooks(itemId)).length;

    // Not due yet: a scan reads nothing and asks the Bridge nothing.
    const quiet = bridge.requests.length;
    await liveRefresher(w.ctx).scan();
    expect(bridge.requests.length).toBe(quiet);

    const nowS = Math.floor(Date.now() / 1000);
    const checking = bridge.accounts[0]!;
    checking.transactions.push({
      id: 'TRN-book',
      posted: nowS - 120,
      amount: '-19.99',
      description: 'CITY BOOKSHOP',
    });
    const deli = checking.transactions.find((t) => t.id === 'TRN-pending')!;
    deli.posted = nowS - 60;
    deli.pending = false;
    checking.balance = '1202.57';

    clock.advance(5 * HOUR);
    expect(await liveRefresher(w.ctx).scan()).toBeGreaterThanOrEqual(1);
    const next = await syncAll(plaidA, accessToken, first.cursor);
    const book = next.added.find((t) => t.name === 'CITY BOOKSHOP');
    expect(book).toMatchObject({ amount: 19.99, pending: false });
    const posted = next.added.find((t) => t.name === 'CORNER DELI');
    expect(posted).toMatchObject({ pending: false, pending_transaction_id: pendingDeli.transaction_id });
    expect(next.removed).toContain(pendingDeli.transaction_id);
    // Ids stay stable across reads: nothing already synced comes again.
    expect(next.added.map((t) => t.name).sort()).toEqual(['CITY BOOKSHOP', 'CORNER DELI']);

    const fresh = (await hooks(itemId)).slice(seen);
    const sync = fresh.find((h) => h.code === 'SYNC_UPDATES_AVAILABLE');
    const def = fresh.find((h) => h.code === 'DEFAULT_UPDATE');
    expect(sync?.body).toMatchObject({
      item_id: itemId,
      historical_update_complete: true,
      environment: 'production',
    });
    expect(def?.body).toMatchObject({ new_transactions: 2 });
    expect(webhookProblems('SyncUpdatesAvailableWebhook', sync!.body) ?? []).toEqual([]);
    expect(webhookProblems('DefaultUpdateWebhook', def!.body) ?? []).toEqual([]);
    const balances = (await plaidA.accountsGet({ access_token: accessToken })).data.accounts;
    expect(balances[0]!.balances.current).toBe(1202.57);

    // A hold that shows up pending, then goes without posting, is removed.
    checking.transactions.push({
      id: 'TRN-hold',
      posted: 0,
      amount: '-75.00',
      description: 'HOTEL HOLD',
      transacted_at: nowS - 300,
      pending: true,
    });
    clock.advance(5 * HOUR);
    await liveRefresher(w.ctx).scan();
    const held = await syncAll(plaidA, accessToken, next.cursor);
    const hold = held.added.find((t) => t.name === 'HOTEL HOLD');
    expect(hold).toMatchObject({ pending: true, amount: 75 });
    checking.transactions.splice(
      checking.transactions.findIndex((t) => t.id === 'TRN-hold'),
      1,
    );
    clock.advance(5 * HOUR);
    await liveRefresher(w.ctx).scan();
    const gone = await syncAll(plaidA, accessToken, held.cursor);
    expect(gone.removed).toEqual([hold!.transaction_id]);
    expect(gone.added).toEqual([]);
    checking.balance = '1234.56';
  });

  it('reads on demand only when the source allows: /transactions/refresh and /accounts/balance/get', async () => {
    const { accessToken } = await linkItem(plaidA);
    const count = () => bridge.requests.filter((r) => r.path.endsWith('/accounts')).length;
    // Linked moments ago: within the Bridge's minimum gap, nothing is asked.
    let before = count();
    await plaidA.transactionsRefresh({ access_token: accessToken });
    await plaidA.accountsBalanceGet({ access_token: accessToken });
    expect(count()).toBe(before);

    clock.advance(2 * HOUR);
    bridge.accounts[1]!.balance = '-500.00';
    before = count();
    const live = await plaidA.accountsBalanceGet({ access_token: accessToken });
    expect(count()).toBe(before + 1);
    expect(live.data.accounts[1]!.balances.current).toBe(500);
    // Right after, a refresh is within the gap again.
    await plaidA.transactionsRefresh({ access_token: accessToken });
    expect(count()).toBe(before + 1);
    bridge.accounts[1]!.balance = '-450.25';
  });

  it('warns once with PENDING_DISCONNECT when the Bridge reports errors beside its data', async () => {
    const { itemId } = await linkItem(plaidA);
    bridge.script = { kind: 'errors', errors: ['Example Bank: please reauthorize soon'], withData: true };
    try {
      clock.advance(5 * HOUR);
      await liveRefresher(w.ctx).scan();
      clock.advance(5 * HOUR);
      await liveRefresher(w.ctx).scan();
    } finally {
      bridge.script = { kind: 'serve' };
    }
    const warned = (await hooks(itemId)).filter((h) => h.code === 'PENDING_DISCONNECT');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.body).toMatchObject({ item_id: itemId, reason: 'INSTITUTION_TOKEN_EXPIRATION' });
    expect(webhookProblems('PendingDisconnectWebhook', warned[0]!.body) ?? []).toEqual([]);
  });

  it('backs off after a failing Bridge without breaking the Item, and needs a new login once access is revoked', async () => {
    const { accessToken, itemId } = await linkItem(plaidA);
    bridge.script = { kind: 'status', status: 500 };
    clock.advance(5 * HOUR);
    await liveRefresher(w.ctx).scan();
    bridge.script = { kind: 'serve' };
    let item = (await plaidA.itemGet({ access_token: accessToken })).data;
    expect(item.item.error).toBeNull();
    expect(item.status?.transactions?.last_failed_update).toBe(clock.now().toISOString());
    const row = await w.ctx.db
      .selectFrom('live_refreshes')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
    expect(row.last_error).toBe('INSTITUTION_DOWN');
    expect(Date.parse(row.next_at) - clock.now().getTime()).toBeGreaterThanOrEqual(75 * 60_000);
    // A second failure in a row waits twice as long; the worker role runs the same scan.
    bridge.script = { kind: 'status', status: 503 };
    clock.set(new Date(Date.parse(row.next_at) + 1000));
    const worker = w.ctx.workers.find((x) => x.name === 'live-refresh') as unknown as {
      runOnce(): Promise<number>;
    };
    await worker.runOnce();
    bridge.script = { kind: 'serve' };
    const twice = await w.ctx.db
      .selectFrom('live_refreshes')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(twice.failures).toBe(2);
    expect(Date.parse(twice.next_at) - clock.now().getTime()).toBeGreaterThanOrEqual(150 * 60_000);
    expect((await plaidA.itemGet({ access_token: accessToken })).data.item.error).toBeNull();

    bridge.revokeAll();
    clock.advance(3 * HOUR);
    await liveRefresher(w.ctx).scan();
    item = (await plaidA.itemGet({ access_token: accessToken })).data;
    expect(item.item.error?.error_code).toBe('ITEM_LOGIN_REQUIRED');
    await expect(plaidA.accountsGet({ access_token: accessToken })).rejects.toMatchObject({
      response: { data: { error_code: 'ITEM_LOGIN_REQUIRED' } },
    });
    const errorHooks = (await hooks(itemId)).filter((h) => h.code === 'ERROR');
    expect(errorHooks).toHaveLength(1);
    expect(webhookProblems('ItemErrorWebhook', errorHooks[0]!.body) ?? []).toEqual([]);

    // Repair: update mode with a new setup token; the new access is kept and reads work again.
    const sealedBefore = (
      await w.ctx.db
        .selectFrom('items')
        .select('credentials_sealed')
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).credentials_sealed;
    await linkThroughLink(plaidA, bridge.setupToken(), accessToken);
    item = (await plaidA.itemGet({ access_token: accessToken })).data;
    expect(item.item.error).toBeNull();
    expect((await hooks(itemId)).some((h) => h.code === 'LOGIN_REPAIRED')).toBe(true);
    const sealedAfter = (
      await w.ctx.db
        .selectFrom('items')
        .select('credentials_sealed')
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).credentials_sealed;
    expect(w.ctx.secretBox.open(sealedAfter!)).not.toBe(w.ctx.secretBox.open(sealedBefore!));
    clock.advance(3 * HOUR);
    await liveRefresher(w.ctx).scan();
    const after = await w.ctx.db
      .selectFrom('live_refreshes')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(after.failures).toBe(0);
    expect(after.last_success_at).toBe(clock.now().toISOString());
  });

  it('/item/remove deletes the sealed access and the schedule', async () => {
    const { accessToken, itemId } = await linkItem(plaidA);
    await plaidA.itemRemove({ access_token: accessToken });
    expect(
      await w.ctx.db.selectFrom('items').select('item_id').where('item_id', '=', itemId).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await w.ctx.db
        .selectFrom('live_refreshes')
        .select('item_id')
        .where('item_id', '=', itemId)
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
