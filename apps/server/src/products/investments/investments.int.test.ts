import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { INVESTMENTS_READY_DELAY_MS } from './investments.pull';

interface Account {
  account_id: string;
  type: string;
  mask: string;
  balances: { current: number | null };
}
interface Holding {
  account_id: string;
  security_id: string;
  institution_price_as_of: string | null;
  quantity: number;
  institution_price: number;
  institution_value: number;
  cost_basis: number | null;
}
interface Security {
  security_id: string;
  type: string;
  cusip: string | null;
  isin: string | null;
}
interface InvTx {
  investment_transaction_id: string;
  account_id: string;
  security_id: string | null;
  date: string;
  name: string;
  type: string;
  subtype: string;
  quantity: number;
  amount: number;
}
interface HoldingsBody {
  accounts: Account[];
  holdings: Holding[];
  securities: Security[];
}
interface TxBody {
  accounts: Account[];
  securities: Security[];
  investment_transactions: InvTx[];
  total_investment_transactions: number;
}

const spec = loadSpecValidator();
const cents = (x: number) => Math.round(x * 100);

describe('/investments/*', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));
  const settle = () => clock.advance(INVESTMENTS_READY_DELAY_MS + 1_000);

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const call = async <T>(path: string, body: Record<string, unknown>, keys = w.clientA) => {
    const r = await post<T>(w, path, { ...auth(keys), ...body });
    if (spec) expect(spec.validate(path, r.status, r.body), path).toEqual([]);
    return r;
  };
  const holdings = (token: string, options?: Record<string, unknown>) =>
    call<HoldingsBody>('/investments/holdings/get', { access_token: token, ...(options ? { options } : {}) });
  const transactions = (token: string, start: string, end: string, options?: Record<string, unknown>) =>
    call<TxBody>('/investments/transactions/get', {
      access_token: token,
      start_date: start,
      end_date: end,
      ...(options ? { options } : {}),
    });

  /** Every investment transaction of the Item, page by page. */
  async function allTransactions(token: string): Promise<InvTx[]> {
    const out: InvTx[] = [];
    for (;;) {
      const r = await transactions(token, '2000-01-01', '2030-12-31', { count: 500, offset: out.length });
      expect(r.status).toBe(200);
      out.push(...r.body.investment_transactions);
      if (out.length >= r.body.total_investment_transactions) return out;
    }
  }

  async function investmentItem() {
    const item = await createItem(w, w.clientA, { initial_products: ['transactions', 'investments'] });
    settle();
    return item;
  }

  it('answers PRODUCT_NOT_READY until the first pull is done, then holdings in Plaid’s shape', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['investments'] });
    const early = await holdings(accessToken);
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCT_NOT_READY' });
    const earlyTx = await transactions(accessToken, '2025-01-01', '2026-11-28');
    expect(earlyTx.body).toMatchObject({ error_code: 'PRODUCT_NOT_READY' });

    settle();
    const r = await holdings(accessToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const investment = r.body.accounts.filter((a) => a.type === 'investment').map((a) => a.account_id);
    expect(investment).toHaveLength(2);
    expect(new Set(r.body.holdings.map((h) => h.account_id))).toEqual(new Set(investment));
    expect(new Set(r.body.securities.map((s) => s.type))).toEqual(
      new Set(['equity', 'etf', 'fixed income', 'mutual fund', 'cash', 'derivative', 'cryptocurrency']),
    );
    const ids = new Set(r.body.securities.map((s) => s.security_id));
    expect(r.body.holdings.every((h) => ids.has(h.security_id))).toBe(true);
  });

  it('starts the pull on the first call for an Item made without investments, and bills it', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['transactions'],
      options: { webhook: 'https://app.example.com/plaid/webhook' },
    });
    const fire = () =>
      call('/sandbox/item/fire_webhook', {
        access_token: accessToken,
        webhook_type: 'HOLDINGS',
        webhook_code: 'DEFAULT_UPDATE',
      });
    expect((await fire()).body).toMatchObject({ error_code: 'SANDBOX_PRODUCT_NOT_ENABLED' });
    const status = () =>
      call<{ item: { billed_products: string[] }; status: { investments: unknown } }>('/item/get', {
        access_token: accessToken,
      });
    expect((await status()).body.status.investments).toBeNull();

    expect((await holdings(accessToken)).body).toMatchObject({ error_code: 'PRODUCT_NOT_READY' });
    const pending = await status();
    expect(pending.body.item.billed_products).toEqual(['investments', 'transactions']);
    expect(pending.body.status.investments).toEqual({
      last_successful_update: null,
      last_failed_update: null,
    });
    settle();
    const r = await holdings(accessToken);
    expect(r.status).toBe(200);
    expect((await status()).body.status.investments).toEqual({
      last_successful_update: expect.stringMatching(/^2026-/),
      last_failed_update: null,
    });
    expect((await fire()).status).toBe(200);
    for (const type of ['HOLDINGS', 'INVESTMENTS_TRANSACTIONS']) {
      const fired = await call('/sandbox/item/fire_webhook', {
        access_token: accessToken,
        webhook_type: type,
        webhook_code: 'DEFAULT_UPDATE',
      });
      expect(fired.status, type).toBe(200);
    }
  });

  it('holds what the transactions add up to, for every investment account', async () => {
    const { accessToken } = await investmentItem();
    const h = await holdings(accessToken);
    const txs = await allTransactions(accessToken);
    for (const account of h.body.accounts.filter((a) => a.type === 'investment')) {
      const mine = txs.filter((t) => t.account_id === account.account_id).reverse();
      const qty = new Map<string, number>();
      const cost = new Map<string, number>();
      for (const t of mine) {
        if (!t.security_id || t.quantity === 0) continue;
        const q = qty.get(t.security_id) ?? 0;
        const c = cost.get(t.security_id) ?? 0;
        if (t.type === 'sell') cost.set(t.security_id, c - Math.round((c * -t.quantity) / q));
        else if (t.type === 'buy') cost.set(t.security_id, c + cents(t.amount));
        qty.set(t.security_id, Math.round((q + t.quantity) * 1e6) / 1e6);
      }
      const held = h.body.holdings.filter((x) => x.account_id === account.account_id);
      expect(held.length).toBeGreaterThan(2);
      let value = 0;
      for (const x of held) {
        expect(x.quantity, x.security_id).toBe(qty.get(x.security_id));
        expect(cents(x.cost_basis ?? Number.NaN), x.security_id).toBe(cost.get(x.security_id));
        expect(cents(x.institution_value)).toBe(Math.round(x.quantity * x.institution_price * 100));
        value += cents(x.institution_value);
      }
      const cash = -mine.reduce((s, t) => s + cents(t.amount), 0);
      expect(cash).toBeGreaterThanOrEqual(0);
      expect(cents(account.balances.current ?? Number.NaN)).toBe(value + cash);
    }
  });

  it('pages transactions by date range, count and offset, newest first, and filters by account', async () => {
    const { accessToken } = await investmentItem();
    const all = await allTransactions(accessToken);
    expect(all.length).toBeGreaterThan(150);
    const dates = all.map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.at(-1)! >= '2024-11-28').toBe(true);
    const kinds = new Set(all.map((t) => `${t.type}/${t.subtype}`));
    for (const k of ['buy/buy', 'sell/sell', 'cash/dividend', 'buy/dividend reinvestment', 'fee/account fee'])
      expect(kinds).toContain(k);
    expect(kinds).toContain('transfer/split');
    expect(kinds).toContain('cash/interest');

    const year = await transactions(accessToken, '2026-01-01', '2026-06-30', { count: 10, offset: 5 });
    const inYear = all.filter((t) => t.date >= '2026-01-01' && t.date <= '2026-06-30');
    expect(year.body.total_investment_transactions).toBe(inYear.length);
    expect(year.body.investment_transactions.map((t) => t.investment_transaction_id)).toEqual(
      inYear.slice(5, 15).map((t) => t.investment_transaction_id),
    );

    const ira = year.body.accounts.find((a) => a.mask === '5555')!;
    const one = await transactions(accessToken, '2026-01-01', '2026-06-30', {
      account_ids: [ira.account_id],
    });
    expect(one.body.accounts.map((a) => a.account_id)).toEqual([ira.account_id]);
    expect(one.body.investment_transactions.every((t) => t.account_id === ira.account_id)).toBe(true);
    expect(one.body.total_investment_transactions).toBe(
      inYear.filter((t) => t.account_id === ira.account_id).length,
    );
  });

  it("matches the IRA's contributions to the transfers out of checking", async () => {
    const { accessToken } = await investmentItem();
    const inv = await transactions(accessToken, '2026-09-01', '2026-09-30');
    const ira = inv.body.accounts.find((a) => a.mask === '5555')!;
    const contribution = inv.body.investment_transactions.find(
      (t) => t.account_id === ira.account_id && t.subtype === 'contribution',
    )!;
    expect(contribution.date).toBe('2026-09-16');
    clock.advance(5_000);
    const checking = inv.body.accounts.find((a) => a.mask === '0000')!;
    const tx = await post<{ transactions: { name: string; amount: number; date: string }[] }>(
      w,
      '/transactions/get',
      {
        ...auth(w.clientA),
        access_token: accessToken,
        start_date: '2026-09-16',
        end_date: '2026-09-16',
        options: { account_ids: [checking.account_id] },
      },
    );
    const transfer = tx.body.transactions.find((t) => t.name.includes('INVESTMENT'));
    expect(transfer?.amount).toBe(-contribution.amount);
  });

  it('moves prices with the clock, and refresh writes DEFAULT_UPDATE webhooks', async () => {
    const { accessToken, itemId } = await investmentItem();
    const before = await holdings(accessToken);
    clock.advance(86_400_000);
    const after = await holdings(accessToken);
    expect(after.body.holdings.map((h) => h.institution_price)).not.toEqual(
      before.body.holdings.map((h) => h.institution_price),
    );
    const refreshed = await call('/investments/refresh', { access_token: accessToken });
    expect(refreshed.status).toBe(200);
    const events = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_type', 'webhook_code', 'payload'])
      .where('item_id', '=', itemId)
      .where('webhook_type', 'in', ['HOLDINGS', 'INVESTMENTS_TRANSACTIONS'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.webhook_type} ${e.webhook_code}`)).toEqual([
      'HOLDINGS DEFAULT_UPDATE',
      'INVESTMENTS_TRANSACTIONS HISTORICAL_UPDATE',
      'HOLDINGS DEFAULT_UPDATE',
      'INVESTMENTS_TRANSACTIONS DEFAULT_UPDATE',
    ]);
    const schemas = [
      'HoldingsDefaultUpdateWebhook',
      'InvestmentsHistoricalUpdateWebhook',
      'HoldingsDefaultUpdateWebhook',
      'InvestmentsDefaultUpdateWebhook',
    ];
    for (const [i, e] of events.entries())
      expect(webhookProblems(schemas[i]!, JSON.parse(e.payload)) ?? [], schemas[i]).toEqual([]);
    expect(JSON.parse(events[1]!.payload)).toMatchObject({
      new_investments_transactions: expect.any(Number),
    });
    expect(JSON.parse(events[1]!.payload).new_investments_transactions).toBeGreaterThan(150);
  });

  it('prices and balances follow the sandbox clock an Item is moved by', async () => {
    const { accessToken } = await investmentItem();
    const before = await holdings(accessToken);
    const moved = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: accessToken,
      days: 30,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const after = await holdings(accessToken);
    const asOf = (r: typeof before) => [...new Set(r.body.holdings.map((h) => h.institution_price_as_of))];
    const today = clock.now().toISOString().slice(0, 10);
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(asOf(before)).toEqual([today]);
    expect(asOf(after)).toEqual([later]);
    const ira = (r: typeof before) => r.body.accounts.find((a) => a.mask === '5555')!.balances.current;
    expect(ira(after)).not.toBe(ira(before));
    const december = await transactions(accessToken, '2026-12-16', '2026-12-16');
    expect(december.body.investment_transactions.map((t) => t.subtype)).toContain('contribution');
  });

  it('answers reads and refreshes that arrive together, on a new day, each as if it came alone', async () => {
    const { accessToken } = await investmentItem();
    clock.advance(86_400_000);
    const replies = await Promise.all([
      ...Array.from({ length: 4 }, () => holdings(accessToken)),
      ...Array.from({ length: 3 }, () => call('/investments/refresh', { access_token: accessToken })),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const values = replies.slice(0, 4).map((r) => JSON.stringify((r.body as HoldingsBody).holdings));
    expect(new Set(values).size).toBe(1);
  });

  it('refuses bad input with Plaid errors', async () => {
    const { accessToken } = await investmentItem();
    const reversed = await transactions(accessToken, '2026-02-01', '2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    const badCount = await transactions(accessToken, '2026-01-01', '2026-02-01', { count: 501 });
    expect(badCount.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const badDate = await transactions(accessToken, '2026-13', '2026-02-01');
    expect(badDate.status).toBe(400);
    const other = await holdings(accessToken, { account_ids: ['nope'] });
    expect(other.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCOUNT_ID' });

    const noInvestments = await createItem(w, w.clientA, {
      options: {
        override_username: 'user_custom',
        override_password: JSON.stringify({
          override_accounts: [{ type: 'depository', subtype: 'checking' }],
        }),
      },
    });
    const none = await holdings(noInvestments.accessToken);
    expect(none.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'NO_INVESTMENT_ACCOUNTS' });
  });

  it('gives each investment account its transfer numbers and owners with /investments/auth/get', async () => {
    const { accessToken } = await investmentItem();
    const r = await call<
      HoldingsBody & {
        numbers: { acats: { account_id: string; account: string; dtc_numbers: string[] }[] };
        owners: { account_id: string; names: string[] }[];
      }
    >('/investments/auth/get', { access_token: accessToken });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const investment = r.body.accounts.filter((a) => a.type === 'investment');
    expect(r.body.numbers.acats.map((n) => n.account_id)).toEqual(investment.map((a) => a.account_id));
    for (const [i, n] of r.body.numbers.acats.entries()) {
      expect(n.account).toMatch(new RegExp(`^\\d{6}${investment[i]!.mask}$`));
      expect(n.dtc_numbers).toEqual([expect.stringMatching(/^\d{4}$/)]);
    }
    expect(r.body.owners.map((o) => o.account_id)).toEqual(investment.map((a) => a.account_id));
    expect(r.body.owners.every((o) => o.names.length > 0)).toBe(true);
    expect(r.body.holdings).toEqual((await holdings(accessToken)).body.holdings);

    const one = await call<{ numbers: { acats: unknown[] } }>('/investments/auth/get', {
      access_token: accessToken,
      options: { account_ids: [investment[0]!.account_id] },
    });
    expect(one.body.numbers.acats).toHaveLength(1);
  });

  it("never lets client B read or refresh client A's investments", async () => {
    const { accessToken } = await investmentItem();
    for (const [path, extra] of [
      ['/investments/holdings/get', {}],
      ['/investments/transactions/get', { start_date: '2026-01-01', end_date: '2026-02-01' }],
      ['/investments/refresh', {}],
      ['/investments/auth/get', {}],
    ] as const) {
      const r = await call(path, { access_token: accessToken, ...extra }, w.clientB);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    }
    expect((await holdings(accessToken)).status).toBe(200);
  });
});
