import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEBRUARY, investmentOfx, JANUARY, KIT } from '../../connectors/files/ofx-investments.test-kit';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import type { ClientKeys } from '../clients/clients.service';
import { b64, OFX_OCTOBER, ofxChecking } from './statement-fixtures.test-kit';

interface Account {
  account_id: string;
  type: string;
  subtype: string;
  mask: string | null;
  balances: { current: number | null; available: number | null };
}
interface Holding {
  account_id: string;
  security_id: string;
  quantity: number;
  institution_price: number;
  institution_value: number;
}
interface Security {
  security_id: string;
  name: string;
  ticker_symbol: string | null;
  cusip: string | null;
  isin: string | null;
  type: string;
}
interface InvTx {
  investment_transaction_id: string;
  account_id: string;
  security_id: string | null;
  date: string;
  type: string;
  subtype: string;
  quantity: number;
  price: number;
  amount: number;
  fees: number | null;
}

const spec = loadSpecValidator();

describe('OFX investment statements through /weft/statements/import', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-12-01T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function call<T>(keys: ClientKeys, path: string, body: Record<string, unknown>) {
    const r = await post<T>(w, path, { ...auth(keys), ...body });
    expect(spec, 'the Plaid spec must be present').not.toBeNull();
    expect(spec!.validate(path, r.status, r.body), path).toEqual([]);
    return r;
  }

  async function importFiles(keys: ClientKeys, files: Record<string, string>, accessToken?: string) {
    const r = await post<{ public_token?: string; files: { added?: number; error?: unknown }[] }>(
      w,
      '/weft/statements/import',
      {
        ...auth(keys),
        ...(accessToken ? { access_token: accessToken } : {}),
        files: Object.entries(files).map(([name, text]) => ({ name, content_base64: b64(text) })),
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(
      r.body.files.every((f) => !f.error),
      JSON.stringify(r.body),
    ).toBe(true);
    return r.body;
  }

  async function newItem(keys: ClientKeys, files: Record<string, string>): Promise<string> {
    const body = await importFiles(keys, files);
    const ex = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(keys),
      public_token: body.public_token,
    });
    expect(ex.status).toBe(200);
    return ex.body.access_token;
  }

  const holdings = (keys: ClientKeys, token: string) =>
    call<{ accounts: Account[]; holdings: Holding[]; securities: Security[] }>(
      keys,
      '/investments/holdings/get',
      { access_token: token },
    );
  const transactions = (keys: ClientKeys, token: string) =>
    call<{
      accounts: Account[];
      investment_transactions: InvTx[];
      securities: Security[];
      total_investment_transactions: number;
    }>(keys, '/investments/transactions/get', {
      access_token: token,
      start_date: '2024-01-01',
      end_date: '2024-12-31',
    });

  it('serves an imported statement’s positions and trades, and an overlapping later one adds each trade once', async () => {
    const token = await newItem(w.clientA, { 'january.ofx': investmentOfx(JANUARY, 1) });

    const h = await holdings(w.clientA, token);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(h.body.accounts).toHaveLength(1);
    const account = h.body.accounts[0]!;
    expect(account).toMatchObject({ type: 'investment', subtype: 'brokerage', mask: '6543' });
    // Positions' market value (510.00 + 162.00) plus uninvested cash (544.65).
    expect(account.balances.current).toBe(1216.65);
    const byCusip = new Map(h.body.securities.map((s) => [s.cusip, s]));
    const acme = byCusip.get(KIT.acme)!;
    expect(acme).toMatchObject({ name: 'Acme Corp', ticker_symbol: 'ACME', type: 'equity' });
    expect(byCusip.get(KIT.fund)).toMatchObject({ ticker_symbol: 'WIDX', type: 'mutual fund' });
    expect(
      h.body.holdings
        .map((x) => [x.security_id, x.account_id, x.quantity, x.institution_price, x.institution_value])
        .sort(),
    ).toEqual(
      [
        [acme.security_id, account.account_id, 10, 51, 510],
        [byCusip.get(KIT.fund)!.security_id, account.account_id, 8.1, 20, 162],
      ].sort(),
    );

    const t = await transactions(w.clientA, token);
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    expect(t.body.total_investment_transactions).toBe(4);
    const buy = t.body.investment_transactions.find((x) => x.type === 'buy' && x.subtype === 'buy')!;
    expect(buy).toMatchObject({
      account_id: account.account_id,
      security_id: acme.security_id,
      date: '2024-01-05',
      quantity: 10,
      price: 50.25,
      amount: 507.45,
      fees: 4.95,
    });
    expect(t.body.investment_transactions.map((x) => [x.date, x.type, x.subtype, x.amount])).toEqual([
      ['2024-01-31', 'buy', 'long-term capital gain reinvestment', 12],
      ['2024-01-25', 'cash', 'dividend', -3.1],
      ['2024-01-10', 'sell', 'sell', -49],
      ['2024-01-05', 'buy', 'buy', 507.45],
    ]);

    // February, as OFX 2.x, repeats January's last trade (R1): it is stored once.
    await importFiles(w.clientA, { 'february.ofx': investmentOfx(FEBRUARY, 2) }, token);
    const t2 = await transactions(w.clientA, token);
    expect(t2.body.total_investment_transactions).toBe(8);
    const ids = t2.body.investment_transactions.map((x) => x.investment_transaction_id);
    expect(new Set(ids).size).toBe(8);
    for (const id of t.body.investment_transactions.map((x) => x.investment_transaction_id))
      expect(ids).toContain(id);
    expect(t2.body.investment_transactions.find((x) => x.subtype === 'split')).toMatchObject({
      security_id: acme.security_id,
      quantity: 10,
      amount: 0,
    });

    const h2 = await holdings(w.clientA, token);
    expect(h2.body.holdings).toHaveLength(3);
    expect(h2.body.accounts[0]!.balances.current).toBe(3217.25);
    expect(h2.body.securities.find((s) => s.isin === KIT.bond)).toMatchObject({ type: 'fixed income' });
    expect(h2.body.holdings.find((x) => x.security_id === acme.security_id)).toMatchObject({
      quantity: 20,
      institution_value: 520,
    });

    // Importing January again changes nothing: February's positions stay the latest.
    await importFiles(w.clientA, { 'january-again.ofx': investmentOfx(JANUARY, 2) }, token);
    expect((await transactions(w.clientA, token)).body.total_investment_transactions).toBe(8);
    expect((await holdings(w.clientA, token)).body.accounts[0]!.balances.current).toBe(3217.25);
  });

  it('gives the same security id for a CUSIP in every Item', async () => {
    const a = await holdings(w.clientA, await newItem(w.clientA, { 'a.ofx': investmentOfx(JANUARY, 1) }));
    const b = await holdings(w.clientB, await newItem(w.clientB, { 'b.ofx': investmentOfx(JANUARY, 2) }));
    const idOf = (r: typeof a, cusip: string) =>
      r.body.securities.find((s) => s.cusip === cusip)?.security_id;
    expect(idOf(a, KIT.acme)).toBeDefined();
    expect(idOf(b, KIT.acme)).toBe(idOf(a, KIT.acme));
  });

  it('answers NO_INVESTMENT_ACCOUNTS for an Item made from bank statements only', async () => {
    const token = await newItem(w.clientA, { 'checking.ofx': ofxChecking(OFX_OCTOBER) });
    for (const r of [await holdings(w.clientA, token), await transactions(w.clientA, token)]) {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'NO_INVESTMENT_ACCOUNTS' });
    }
  });

  it('does not let another client read an Item’s investments', async () => {
    const token = await newItem(w.clientA, { 'mine.ofx': investmentOfx(JANUARY, 1) });
    const r = await holdings(w.clientB, token);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
  });
});
