import type { Server } from 'node:http';
import type { AccountBase, Transaction } from 'plaid';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './demo.routes';
import { isMissingEndpoint, relay, selfBaseUrl, upstreamError } from './demo-plaid';
import {
  authTable,
  balanceTable,
  holdingsTable,
  identityTable,
  investmentTransactionsTable,
  liabilitiesTable,
  transactionsTable,
} from './demo-products';
import { readCookie } from './demo-sessions';
import { money } from './demo-tables';

function account(id: string, mask: string | null, extra: Partial<AccountBase> = {}): AccountBase {
  return {
    account_id: id,
    name: `Account ${id}`,
    official_name: null,
    mask,
    type: 'depository' as AccountBase['type'],
    subtype: 'checking' as AccountBase['subtype'],
    balances: {
      available: 100,
      current: 110,
      limit: null,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    },
    ...extra,
  };
}

function txn(id: string, date: string, amount: number, extra: Partial<Transaction> = {}): Transaction {
  return {
    transaction_id: id,
    account_id: 'a1',
    amount,
    iso_currency_code: 'USD',
    date,
    name: `Shop ${id}`,
    merchant_name: null,
    pending: false,
    personal_finance_category: { primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_COFFEE' },
    ...extra,
  } as Transaction;
}

describe('demo tables', () => {
  it('formats money in its currency, with a dash for nothing', () => {
    expect(money(1234.5, 'USD')).toBe('$1,234.50');
    expect(money(-3, 'GBP')).toBe('-£3.00');
    expect(money(null, 'USD')).toBe('—');
    expect(money(5, 'NOT-A-CODE')).toBe('5.00 NOT-A-CODE');
  });

  it('lists balances one row per account', () => {
    const t = balanceTable([account('a1', '0000'), account('a2', null, { subtype: null })]);
    expect(t.rows).toEqual([
      {
        name: 'Account a1 ••0000',
        type: 'depository · checking',
        available: '$100.00',
        current: '$110.00',
        limit: '—',
      },
      { name: 'Account a2', type: 'depository', available: '$100.00', current: '$110.00', limit: '—' },
    ]);
  });

  it('lists every numbers scheme the institution returns', () => {
    const t = authTable({
      accounts: [account('a1', '0000')],
      numbers: {
        ach: [{ account_id: 'a1', account: '1111', routing: '011401533', wire_routing: null }],
        eft: [{ account_id: 'a1', account: '2222', institution: '001', branch: '00123' }],
        international: [{ account_id: 'a1', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22' }],
        bacs: [{ account_id: 'zz', account: '31926819', sort_code: '601613' }],
      },
    });
    expect(t.rows.map((r) => [r.name, r.scheme, r.account, r.routing])).toEqual([
      ['Account a1 ••0000', 'ACH', '1111', '011401533 (wire —)'],
      ['Account a1 ••0000', 'EFT', '2222', '001-00123'],
      ['Account a1 ••0000', 'IBAN', 'GB33BUKB20201555555555', 'BUKBGB22'],
      ['zz…', 'BACS', '31926819', '601613'],
    ]);
  });

  it('shows each owner once with the accounts they hold', () => {
    const owner = {
      names: ['Alberta Charleson'],
      emails: [{ data: 'a@example.com', primary: true, type: 'primary' }],
      phone_numbers: [{ data: '1112223333', primary: false, type: 'home' }],
      addresses: [
        {
          data: {
            street: '2992 Cameron Road',
            city: 'Malakoff',
            region: 'NY',
            postal_code: '14236',
            country: 'US',
          },
          primary: true,
        },
      ],
    };
    const t = identityTable({
      accounts: [
        { ...account('a1', '0000'), owners: [owner] },
        { ...account('a2', '1111'), owners: [owner] },
      ] as never,
    });
    expect(t.rows).toEqual([
      {
        names: 'Alberta Charleson',
        emails: 'a@example.com',
        phones: '1112223333',
        address: '2992 Cameron Road, Malakoff, NY, 14236',
        accounts: '••0000 ••1111',
      },
    ]);
  });

  it('shows the ten most recent transactions, newest first', () => {
    const added = Array.from({ length: 12 }, (_, i) =>
      txn(
        `t${i}`,
        `2026-11-${String(i + 1).padStart(2, '0')}`,
        i + 0.5,
        i === 11 ? { pending: true, merchant_name: 'Cafe' } : {},
      ),
    );
    const t = transactionsTable(added, [account('a1', '0000')]);
    expect(t.rows).toHaveLength(10);
    expect(t.rows[0]).toEqual({
      date: '2026-11-12 (pending)',
      name: 'Cafe',
      category: 'food and drink',
      account: 'Account a1 ••0000',
      amount: '$11.50',
    });
    expect(t.rows[9]!.date).toBe('2026-11-03');
    expect(t.note).toBe('The 10 most recent of 12 transactions.');
    expect(transactionsTable([], []).note).toBe('0 transactions.');
  });

  it('names holdings by their security', () => {
    const t = holdingsTable({
      accounts: [account('a1', '5555')],
      holdings: [
        {
          account_id: 'a1',
          security_id: 's1',
          quantity: 2,
          institution_value: 20.5,
          cost_basis: 16.4,
          iso_currency_code: 'USD',
        },
        { account_id: 'a1', security_id: 's1', quantity: 1, institution_value: 0.1, cost_basis: 0.3 },
        { account_id: 'a1', security_id: 's1', quantity: 1, institution_value: 5, cost_basis: null },
      ],
      securities: [{ security_id: 's1', name: 'Achillion Pharmaceuticals', ticker_symbol: 'ACHN' }],
    } as never);
    expect(t.rows[0]).toEqual({
      security: 'Achillion Pharmaceuticals (ACHN)',
      account: 'Account a1 ••5555',
      quantity: '2',
      value: '$20.50',
      gain: '$4.10 (+25.0%)',
    });
    expect(t.rows[1]!.gain).toBe('-$0.20 (-66.7%)');
    expect(t.rows[2]!.gain).toBe('—');
  });

  it('lists investment transactions with their security, type and amount', () => {
    const t = investmentTransactionsTable({
      accounts: [account('a1', '5555')],
      securities: [{ security_id: 's1', name: 'Weftware Inc', ticker_symbol: 'WFTX' }],
      investment_transactions: [
        {
          account_id: 'a1',
          security_id: 's1',
          date: '2026-11-16',
          name: 'BUY Weftware Inc',
          type: 'buy',
          subtype: 'buy',
          quantity: 3,
          amount: 420.5,
          iso_currency_code: 'USD',
        },
        {
          account_id: 'a1',
          security_id: null,
          date: '2026-11-16',
          name: 'CONTRIBUTION',
          type: 'cash',
          subtype: 'contribution',
          quantity: 0,
          amount: -500,
          iso_currency_code: 'USD',
        },
      ],
      total_investment_transactions: 40,
    } as never);
    expect(t.rows).toEqual([
      {
        date: '2026-11-16',
        name: 'BUY Weftware Inc',
        kind: 'buy',
        security: 'Weftware Inc (WFTX)',
        account: 'Account a1 ••5555',
        quantity: '3',
        amount: '$420.50',
      },
      {
        date: '2026-11-16',
        name: 'CONTRIBUTION',
        kind: 'cash · contribution',
        security: '—',
        account: 'Account a1 ••5555',
        quantity: '—',
        amount: '-$500.00',
      },
    ]);
    expect(t.note).toBe('The 2 most recent of 40 investment transactions.');
  });

  it('lists credit cards, student loans and mortgages', () => {
    const t = liabilitiesTable({
      accounts: [account('c', '3333'), account('s', '7777'), account('m', '8888')],
      liabilities: {
        credit: [
          {
            account_id: 'c',
            last_statement_balance: 410,
            minimum_payment_amount: 20,
            next_payment_due_date: '2026-12-10',
          },
        ],
        student: [
          {
            account_id: 's',
            last_statement_balance: 1000,
            minimum_payment_amount: 25,
            next_payment_due_date: null,
          },
        ],
        mortgage: [{ account_id: 'm', next_monthly_payment: 3141.54, next_payment_due_date: '2026-12-01' }],
      },
    } as never);
    expect(t.rows.map((r) => [r.kind, r.owed, r.minimum, r.due])).toEqual([
      ['Credit card', '$410.00', '$20.00', '2026-12-10'],
      ['Student loan', '$1,000.00', '$25.00', '—'],
      ['Mortgage', '—', '$3,141.54', '2026-12-01'],
    ]);
  });
});

describe('demo plumbing', () => {
  const server = (address: unknown) => ({ address: () => address }) as unknown as Server;

  it('reaches its own API on the loopback side of the listening socket', () => {
    expect(selfBaseUrl(server({ address: '0.0.0.0', family: 'IPv4', port: 8080 }), 'https://x.example')).toBe(
      'http://127.0.0.1:8080',
    );
    expect(selfBaseUrl(server({ address: '::', family: 'IPv6', port: 9 }), 'https://x.example')).toBe(
      'http://127.0.0.1:9',
    );
    expect(selfBaseUrl(server({ address: '::1', family: 'IPv6', port: 9 }), 'https://x.example')).toBe(
      'http://[::1]:9',
    );
    expect(selfBaseUrl(server('/tmp/weft.sock'), 'https://x.example')).toBe('https://x.example');
    expect(selfBaseUrl(server(null), 'https://x.example')).toBe('https://x.example');
  });

  it('reads Plaid errors out of failed client calls', () => {
    const failed = (status: number, data: unknown) =>
      Object.assign(new Error('x'), { response: { status, data } });
    expect(isMissingEndpoint(failed(404, { error_code: 'NOT_FOUND', error_type: 'INVALID_REQUEST' }))).toBe(
      true,
    );
    expect(isMissingEndpoint(failed(400, { error_code: 'PRODUCTS_NOT_SUPPORTED' }))).toBe(false);
    expect(upstreamError(failed(502, 'Bad gateway'))).toBeNull();
    expect(upstreamError(new Error('ECONNREFUSED'))).toBeNull();
  });

  it('turns an unreachable API into a 502 with a plain reason', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(() => relay(refused)).toThrow(
      expect.objectContaining({ code: 'DEMO_UPSTREAM_UNREACHABLE', status: 502 }),
    );
    const bug = new TypeError('x is undefined');
    expect(() => relay(bug)).toThrow(bug);
  });

  it('reads its cookie among others', () => {
    expect(readCookie('a=1; weft_demo_session=abc; b=2', 'weft_demo_session')).toBe('abc');
    expect(readCookie('xweft_demo_session=abc', 'weft_demo_session')).toBeNull();
    expect(readCookie(undefined, 'weft_demo_session')).toBeNull();
  });

  it('allows no inline script or style, and Link from the public URL', () => {
    const csp = contentSecurityPolicy('https://weft.example:8443');
    expect(csp).toContain("script-src 'self' https://weft.example:8443;");
    expect(csp).toContain("frame-src 'self' https://weft.example:8443;");
    expect(csp).not.toMatch(/unsafe/);
  });
});
