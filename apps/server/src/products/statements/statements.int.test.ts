import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';
import { downloadPdf, type ListBody, list, readStatement } from './statements.test-kit';

interface Tx {
  transaction_id: string;
  account_id: string;
  amount: number;
  date: string;
  name: string;
  pending: boolean;
}
interface Account {
  account_id: string;
  type: string;
  balances: { current: number | null };
}

/** Minor units of a USD decimal (every sandbox account here is in dollars). */
const cents = (n: number) => toMinor(n, 'USD');
/** How a transaction moves its account's balance: spending lowers cash and raises a card's debt. */
const effect = (type: string, amount: number) => (type === 'credit' ? amount : -amount);

describe('statements: monthly statements issued from the ledger', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const ready = () => clock.advance(PULL_DELAYS_MS.historical + 1000);

  /** Posted transactions of one account between two days, from /transactions/get, oldest first. */
  async function ledger(accessToken: string, accountId: string, start: string, end: string): Promise<Tx[]> {
    const r = await post<{ transactions: Tx[]; total_transactions: number }>(w, '/transactions/get', {
      ...auth(w.clientA),
      access_token: accessToken,
      start_date: start,
      end_date: end,
      options: { account_ids: [accountId], count: 500 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.transactions).toHaveLength(r.body.total_transactions);
    return r.body.transactions
      .filter((t) => !t.pending)
      .sort((a, b) => a.date.localeCompare(b.date) || a.transaction_id.localeCompare(b.transaction_id));
  }

  async function accountsOf(accessToken: string): Promise<Map<string, Account>> {
    const r = await post<{ accounts: Account[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(r.status).toBe(200);
    return new Map(r.body.accounts.map((a) => [a.account_id, a]));
  }

  /**
   * Reads every statement of one account as a PDF and checks it against /transactions/get: the
   * same transactions, opening + amounts = closing, each closing the next opening, and the last
   * closing moved by what posted since equal to the current balance. Returns the rows it read.
   */
  async function checkAccount(accessToken: string, account: ListBody['accounts'][number], type: string) {
    let previous: number | null = null;
    let rows = 0;
    for (const s of account.statements) {
      const start = `${s.year}-${String(s.month).padStart(2, '0')}-01`;
      const read = await readStatement(await downloadPdf(w, w.clientA, accessToken, s.statement_id));
      const txs = await ledger(accessToken, account.account_id, start, s.date_posted!);
      expect(read.rows.map((r) => [r.date, r.name, cents(r.amount)])).toEqual(
        // Text extraction gives runs of spaces as one.
        txs.map((t) => [t.date, t.name.replace(/\s+/g, ' '), cents(effect(type, t.amount))]),
      );
      const sum = txs.reduce((acc, t) => acc + cents(effect(type, t.amount)), 0);
      expect(cents(read.opening) + sum).toBe(cents(read.closing));
      const effects = txs.map((t) => cents(effect(type, t.amount)));
      expect(cents(read.raised)).toBe(effects.filter((e) => e > 0).reduce((x, y) => x + y, 0));
      expect(cents(read.lowered)).toBe(effects.filter((e) => e < 0).reduce((x, y) => x + y, 0));
      expect(read.count).toBe(txs.length);
      if (read.rows.length > 0) expect(cents(read.rows.at(-1)!.balance)).toBe(cents(read.closing));
      if (previous !== null) expect(cents(read.opening)).toBe(previous);
      previous = cents(read.closing);
      rows += read.rows.length;
    }
    return { closing: previous, rows };
  }

  it('answers PRODUCT_NOT_READY until the ledger is in, then a statement per month of the window for each depository and credit account, matching /transactions/get and the balances', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['statements'],
      options: { statements: { start_date: '2026-05-01', end_date: '2026-10-31' } },
    });
    const early = await list(w, w.clientA, accessToken);
    expect([early.status, early.body]).toMatchObject([400, { error_code: 'PRODUCT_NOT_READY' }]);
    ready();
    const r = await list(w, w.clientA, accessToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      item_id: itemId,
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
    });
    const accounts = await accountsOf(accessToken);
    const expectedIds = [...accounts.values()]
      .filter((a) => a.type === 'depository' || a.type === 'credit')
      .map((a) => a.account_id);
    expect(r.body.accounts.map((a) => a.account_id)).toEqual(expectedIds);
    expect(expectedIds.length).toBeGreaterThanOrEqual(4);
    expect(new Set(r.body.accounts.map((a) => a.account_type))).toEqual(new Set(['depository', 'credit']));

    let rows = 0;
    for (const account of r.body.accounts) {
      expect(account.statements.map((s) => [s.year, s.month, s.date_posted])).toEqual([
        [2026, 5, '2026-05-31'],
        [2026, 6, '2026-06-30'],
        [2026, 7, '2026-07-31'],
        [2026, 8, '2026-08-31'],
        [2026, 9, '2026-09-30'],
        [2026, 10, '2026-10-31'],
      ]);
      const a = accounts.get(account.account_id)!;
      const checked = await checkAccount(accessToken, account, a.type);
      rows += checked.rows;
      // What posted after the last statement brings its closing balance to today's.
      const since = await ledger(accessToken, account.account_id, '2026-11-01', '2026-11-18');
      const after = since.reduce((acc, t) => acc + cents(effect(a.type, t.amount)), 0);
      expect(checked.closing! + after).toBe(cents(a.balances.current!));
    }
    // Checking and the cards carry months of spending; the check above compared every row.
    expect(rows).toBeGreaterThan(100);
    // Listing again issues nothing new: the same statements under the same ids.
    const again = await list(w, w.clientA, accessToken);
    expect(again.body.accounts).toEqual(r.body.accounts);
  });

  it('issues a month once the sandbox clock moves past it, chaining on from the statements issued before', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['transactions', 'statements'],
      options: { statements: { start_date: '2026-10-01', end_date: '2026-12-31' } },
    });
    ready();
    const before = await list(w, w.clientA, accessToken);
    expect(before.body.accounts[0]!.statements.map((s) => s.month)).toEqual([10]);
    const moved = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: accessToken,
      days: 16,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const after = await list(w, w.clientA, accessToken);
    const accounts = await accountsOf(accessToken);
    for (const [i, account] of after.body.accounts.entries()) {
      expect(account.statements.map((s) => s.month)).toEqual([10, 11]);
      expect(account.statements[0]).toEqual(before.body.accounts[i]!.statements[0]);
      const a = accounts.get(account.account_id)!;
      const checked = await checkAccount(accessToken, account, a.type);
      const since = await ledger(accessToken, account.account_id, '2026-12-01', '2026-12-04');
      const moves = since.reduce((acc, t) => acc + cents(effect(a.type, t.amount)), 0);
      expect(checked.closing! + moves).toBe(cents(a.balances.current!));
    }
  });

  it('renders the same statement to the same bytes, and distinct statements to distinct ones', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['transactions', 'statements'],
      options: { statements: { start_date: '2026-09-01', end_date: '2026-10-31' } },
    });
    ready();
    const r = await list(w, w.clientA, accessToken);
    expect(r.status).toBe(200);
    const [sept, oct] = r.body.accounts[0]!.statements;
    const one = await downloadPdf(w, w.clientA, accessToken, sept!.statement_id);
    const two = await downloadPdf(w, w.clientA, accessToken, sept!.statement_id);
    const other = await downloadPdf(w, w.clientA, accessToken, oct!.statement_id);
    expect(one.equals(two)).toBe(true);
    expect(one.equals(other)).toBe(false);
    const text = (await readStatement(one)).text;
    expect(text).toContain('Statement for September 2026');
    expect(text).toContain('2026-09-01 to 2026-09-30');
    expect(text).toContain(sept!.statement_id);
  });

  it('without a window covers the two years up to today that the ledger holds whole, every month chaining to the next', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['transactions', 'statements'],
      options: { statements: null },
    });
    ready();
    const r = await list(w, w.clientA, accessToken);
    expect(r.status).toBe(200);
    // The ledger starts 730 days back (2024-11-18): December 2024 is its first whole month.
    const months = r.body.accounts[0]!.statements.map((s) => `${s.year}-${s.month}`);
    expect(months[0]).toBe('2024-12');
    expect(months.at(-1)).toBe('2026-10');
    expect(months).toHaveLength(23);
    const accounts = await accountsOf(accessToken);
    const checking = r.body.accounts[0]!;
    const checked = await checkAccount(accessToken, checking, accounts.get(checking.account_id)!.type);
    expect(checked.rows).toBeGreaterThan(200);
  });

  it('refuses statements options that run backwards or span more than two years, on /sandbox/public_token/create', async () => {
    for (const statements of [
      { start_date: '2026-10-01', end_date: '2026-09-01' },
      { start_date: '2024-01-01', end_date: '2026-10-31' },
    ]) {
      const r = await post(w, '/sandbox/public_token/create', {
        ...auth(w.clientA),
        institution_id: 'ins_109508',
        initial_products: ['statements'],
        options: { statements },
      });
      expect([r.status, r.body.error_type, r.body.error_code]).toEqual([
        400,
        'INVALID_REQUEST',
        'INVALID_FIELD',
      ]);
    }
    const partial = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['statements'],
      options: { statements: { start_date: '2026-10-01' } },
    });
    expect([partial.status, partial.body.error_type]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('refreshes a window: its months join the list, issued months keep their ids, and STATEMENTS_REFRESH_COMPLETE goes through the outbox', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['statements'],
      options: {
        statements: { start_date: '2026-09-01', end_date: '2026-10-31' },
        webhook: 'https://app.example/hook',
      },
    });
    ready();
    const before = await list(w, w.clientA, accessToken);
    expect(before.body.accounts[0]!.statements.map((s) => s.month)).toEqual([9, 10]);
    const refresh = (start_date: string, end_date: string) =>
      post(w, '/statements/refresh', { ...auth(w.clientA), access_token: accessToken, start_date, end_date });

    const r = await refresh('2026-02-01', '2026-03-31');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body)).toEqual(['request_id']);
    const after = await list(w, w.clientA, accessToken);
    for (const [i, account] of after.body.accounts.entries()) {
      expect(account.statements.map((s) => s.month)).toEqual([2, 3, 9, 10]);
      expect(account.statements.slice(2)).toEqual(before.body.accounts[i]!.statements);
    }
    // Extracting issued months again keeps their ids.
    expect((await refresh('2026-10-01', '2026-10-31')).status).toBe(200);
    const third = await list(w, w.clientA, accessToken);
    expect(third.body.accounts).toEqual(after.body.accounts);

    const events = await w.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('webhook_type', '=', 'STATEMENTS')
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.webhook_code, e.status])).toEqual([
      ['STATEMENTS_REFRESH_COMPLETE', 'pending'],
      ['STATEMENTS_REFRESH_COMPLETE', 'pending'],
    ]);
    const body = JSON.parse(events[0]!.payload) as Record<string, unknown>;
    expect(body).toEqual({
      webhook_type: 'STATEMENTS',
      webhook_code: 'STATEMENTS_REFRESH_COMPLETE',
      item_id: itemId,
      result: 'SUCCESS',
      environment: 'sandbox',
    });
    expect(webhookProblems('StatementsRefreshCompleteWebhook', body) ?? []).toEqual([]);

    for (const [start, end] of [
      ['2026-03-01', '2026-02-01'],
      ['2024-01-01', '2026-10-31'],
    ]) {
      const bad = await refresh(start!, end!);
      expect([bad.status, bad.body.error_code]).toEqual([400, 'INVALID_FIELD']);
    }
    const missing = await post(w, '/statements/refresh', {
      ...auth(w.clientA),
      access_token: accessToken,
      start_date: '2026-01-01',
    });
    expect([missing.status, missing.body.error_type]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('completes a refresh asked for before the ledger is in once it arrives (the worker), and fails one whose login broke first', async () => {
    const worker = w.ctx.workers.find((x) => x.name === 'statements-refresh') as unknown as {
      runOnce(): Promise<number>;
    };
    const hooks = async (itemId: string) =>
      (
        await w.ctx.db
          .selectFrom('outbox')
          .select('payload')
          .where('item_id', '=', itemId)
          .where('webhook_type', '=', 'STATEMENTS')
          .orderBy('id')
          .execute()
      ).map((e) => (JSON.parse(e.payload) as { result: string }).result);

    const good = await createItem(w, w.clientA, { initial_products: ['statements'] });
    const broken = await createItem(w, w.clientA, { initial_products: ['statements'] });
    for (const item of [good, broken]) {
      const r = await post(w, '/statements/refresh', {
        ...auth(w.clientA),
        access_token: item.accessToken,
        start_date: '2026-06-01',
        end_date: '2026-07-31',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expect(await worker.runOnce()).toBe(0);
    expect(await hooks(good.itemId)).toEqual([]);
    const reset = await post(w, '/sandbox/item/reset_login', {
      ...auth(w.clientA),
      access_token: broken.accessToken,
    });
    expect(reset.status).toBe(200);
    ready();
    expect(await worker.runOnce()).toBe(2);
    expect(await hooks(good.itemId)).toEqual(['SUCCESS']);
    expect(await hooks(broken.itemId)).toEqual(['FAILURE']);
    expect(await worker.runOnce()).toBe(0);
    const r = await list(w, w.clientA, good.accessToken);
    // The default window (two years) and the refresh's months, each once.
    expect(r.body.accounts[0]!.statements).toHaveLength(23);
  });

  it("answers Plaid's errors: an unknown statement_id, a bank without statements, an Item in error", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['statements'] });
    ready();
    const unknown = await post(w, '/statements/download', {
      ...auth(w.clientA),
      access_token: accessToken,
      statement_id: 'nope',
    });
    expect([unknown.status, unknown.body.error_type, unknown.body.error_code]).toEqual([
      400,
      'INVALID_REQUEST',
      'INVALID_FIELD',
    ]);
    const canadian = await createItem(w, w.clientA, {
      institution_id: 'ins_43',
      initial_products: ['transactions'],
    });
    for (const [path, extra] of [
      ['/statements/list', {}],
      ['/statements/download', { statement_id: 'x' }],
      ['/statements/refresh', { start_date: '2026-01-01', end_date: '2026-02-01' }],
    ] as const) {
      const r = await post(w, path, { ...auth(w.clientA), access_token: canadian.accessToken, ...extra });
      expect([r.status, r.body.error_code], path).toEqual([400, 'PRODUCTS_NOT_SUPPORTED']);
    }
    await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken });
    const broken = await list(w, w.clientA, accessToken);
    expect([broken.status, broken.body]).toMatchObject([400, { error_code: 'ITEM_LOGIN_REQUIRED' }]);
  });

  it('serves an Item linked without statements on first use, billing the product', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    ready();
    const r = await list(w, w.clientA, accessToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accounts[0]!.statements).toHaveLength(23);
    const item = await post<{ item: { billed_products: string[] } }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(item.body.item.billed_products).toEqual(['statements', 'transactions']);
  });

  it("goes with its Item: /item/remove leaves none of the Item's statements or windows", async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { initial_products: ['statements'] });
    ready();
    expect((await list(w, w.clientA, accessToken)).status).toBe(200);
    const count = async (table: 'statements' | 'statement_windows') =>
      Number(
        (
          await w.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('item_id', '=', itemId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('statements')).toBeGreaterThan(100);
    expect(await count('statement_windows')).toBe(1);
    const removed = await post(w, '/item/remove', { ...auth(w.clientA), access_token: accessToken });
    expect(removed.status).toBe(200);
    expect([await count('statements'), await count('statement_windows')]).toEqual([0, 0]);
  });
});
