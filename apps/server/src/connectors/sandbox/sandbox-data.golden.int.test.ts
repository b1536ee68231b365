import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { PULL_DELAYS_MS } from '../../products/transactions/transactions.pull';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';

/**
 * The data sandbox Items are generated with, fingerprinted through the API on a frozen clock. Any
 * change to what a sandbox login yields (accounts, balances, transactions with their ids, dates,
 * amounts, names and categories, auth numbers, identity owners, the clock's moves) changes a
 * digest here; a change meant to keep the data must keep every digest.
 *
 * Ids Weft draws at random (Items, accounts, and transactions derived from them) are replaced by
 * their ordinal, so the digests hold the links between them (pending to posted, transaction to
 * account) without the random draws.
 */
const DIGESTS = {
  goodUser: '105eb476d9168e8619e2d35a79255faee7f424375e711cf702e9f13e081c90df',
  customUser: '6b3a7265f06afb022ba5f4c6bbccf02a83b6daab2c347bcd74e606ec3a763759',
  ukItem: 'e84fbadc620c9f363656c849f24a74735cf0a4e6e9a1e32d6ca1283c960c5470',
  dynamicAfterClock: '0c66c1abeeabbc804292bf1002e21eb219400cb0e3ee3102071570c60be76efa',
};

const START = new Date('2026-11-28T12:00:00Z');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = { [key: string]: Json };

const ACCOUNT_FIELDS = ['account_id', 'name', 'official_name', 'mask', 'type', 'subtype', 'balances'];
const TRANSACTION_FIELDS = [
  'transaction_id',
  'pending_transaction_id',
  'account_id',
  'date',
  'authorized_date',
  'datetime',
  'authorized_datetime',
  'amount',
  'iso_currency_code',
  'unofficial_currency_code',
  'name',
  'merchant_name',
  'category',
  'category_id',
  'personal_finance_category',
  'pending',
  'payment_channel',
  'check_number',
];

function pick(row: Row, fields: readonly string[]): Row {
  const out: Row = {};
  for (const f of fields) out[f] = row[f] ?? null;
  return out;
}

/** Content of a transaction without its ids, to order transactions whatever ids they were drawn. */
function contentKey(t: Row, accountOrdinal: Map<string, number>): string {
  const { transaction_id: _t, pending_transaction_id: _p, account_id, ...rest } = t;
  return JSON.stringify([accountOrdinal.get(String(account_id)), rest]);
}

/** Replaces each random id by its ordinal in the order ids are given. */
function canonical(value: Json, ids: Map<string, string>): Json {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => canonical(v, ids));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v, ids)]));
  return value;
}

describe('sandbox data stays the same', () => {
  let w: TestWeft;
  const clock = new FixedClock(START);

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const call = async (url: string, accessToken: string, extra: Record<string, unknown> = {}) => {
    const r = await post<Row>(w, url, { ...auth(w.clientA), access_token: accessToken, ...extra });
    expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  async function syncAll(accessToken: string): Promise<Row[]> {
    const live = new Map<string, Row>();
    let cursor = '';
    for (;;) {
      const r = await call('/transactions/sync', accessToken, { cursor, count: 500 });
      for (const t of [...(r.added as Row[]), ...(r.modified as Row[])])
        live.set(String(t.transaction_id), t);
      for (const t of r.removed as Row[]) live.delete(String(t.transaction_id));
      cursor = String(r.next_cursor);
      if (!r.has_more) return [...live.values()];
    }
  }

  /** Everything an Item's products read, with random ids replaced, and its SHA-256. */
  async function fingerprint(
    item: { accessToken: string; itemId: string },
    products: { auth?: boolean; identity?: boolean },
    extra: Json = null,
  ): Promise<{ digest: string; summary: string }> {
    const accounts = ((await call('/accounts/get', item.accessToken)).accounts as Row[]).map((a) =>
      pick(a, ACCOUNT_FIELDS),
    );
    const accountOrdinal = new Map(accounts.map((a, i) => [String(a.account_id), i]));
    const transactions = (await syncAll(item.accessToken))
      .map((t) => pick(t, TRANSACTION_FIELDS))
      .map((t) => ({ key: contentKey(t, accountOrdinal), t }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ t }) => t);
    const numbers = products.auth ? (await call('/auth/get', item.accessToken)).numbers : null;
    const owners = products.identity
      ? ((await call('/identity/get', item.accessToken)).accounts as Row[]).map((a) => [
          a.account_id,
          a.owners,
        ])
      : null;

    const ids = new Map<string, string>([[item.itemId, 'item']]);
    for (const [i, a] of accounts.entries()) ids.set(String(a.account_id), `account-${i}`);
    for (const [i, t] of transactions.entries()) ids.set(String(t.transaction_id), `transaction-${i}`);
    // A posted transaction names the pending one it replaced, which is no longer served.
    for (const t of transactions) {
      const pending = t.pending_transaction_id;
      if (typeof pending === 'string' && !ids.has(pending)) ids.set(pending, `replaced-${ids.size}`);
    }
    const data = canonical({ accounts, transactions, numbers, owners, extra } as Json, ids);
    const text = JSON.stringify(data);
    return {
      digest: createHash('sha256').update(text).digest('hex'),
      summary: `${accounts.length} accounts, ${transactions.length} transactions`,
    };
  }

  const settle = () => clock.advance(PULL_DELAYS_MS.historical + 1000);

  it('user_good at First Platypus Bank with transactions, auth and identity', async () => {
    clock.set(START);
    const item = await createItem(w, w.clientA, {
      institution_id: 'ins_109508',
      initial_products: ['transactions', 'auth', 'identity'],
    });
    settle();
    const f = await fingerprint(item, { auth: true, identity: true });
    expect(f.summary).toBe('10 accounts, 1874 transactions');
    expect(f.digest).toBe(DIGESTS.goodUser);
  });

  it('a user_custom configuration with its own accounts, numbers and transactions', async () => {
    clock.set(START);
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 1000,
          meta: { name: 'Everyday', mask: '1234' },
          transactions: [
            {
              date_transacted: '2026-10-01',
              date_posted: '2026-10-02',
              amount: 100,
              description: 'SQ *BLUE BOTTLE COFF',
              currency: 'USD',
            },
            {
              date_transacted: '2026-10-05',
              date_posted: '2026-10-05',
              amount: -2500,
              description: 'ACME PAYROLL',
              currency: 'USD',
            },
          ],
        },
        {
          type: 'depository',
          subtype: 'savings',
          starting_balance: 50,
          numbers: { account: '5550001111', ach_routing: '322271627' },
        },
        { type: 'credit', subtype: 'credit card', starting_balance: 10 },
      ],
    };
    const item = await createItem(w, w.clientA, {
      institution_id: 'ins_109510',
      initial_products: ['transactions', 'auth', 'identity'],
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    settle();
    const f = await fingerprint(item, { auth: true, identity: true });
    expect(f.summary).toBe('3 accounts, 2 transactions');
    expect(f.digest).toBe(DIGESTS.customUser);
  });

  it('a UK Item at Flexible Platypus Open Banking', async () => {
    clock.set(START);
    const item = await createItem(w, w.clientA, {
      institution_id: 'ins_116834',
      initial_products: ['transactions', 'auth', 'identity'],
    });
    settle();
    const f = await fingerprint(item, { auth: true, identity: true });
    expect(f.summary).toBe('4 accounts, 1714 transactions');
    expect(f.digest).toBe(DIGESTS.ukItem);
  });

  it('user_transactions_dynamic after the sandbox clock moves', async () => {
    clock.set(START);
    const item = await createItem(w, w.clientA, {
      institution_id: 'ins_109508',
      initial_products: ['transactions'],
      options: { override_username: 'user_transactions_dynamic' },
    });
    settle();
    await syncAll(item.accessToken);
    const moved = await post<Row>(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: item.accessToken,
      days: 3,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const { item_id: _item, ...advance } = moved.body;
    expect(advance).toEqual({
      simulated_date: '2026-12-01',
      clock_offset_days: 3,
      added: 15,
      modified: 0,
      removed: 3,
    });
    const f = await fingerprint(item, {}, advance);
    expect(f.summary).toBe('10 accounts, 1917 transactions');
    expect(f.digest).toBe(DIGESTS.dynamicAfterClock);
  });
});
