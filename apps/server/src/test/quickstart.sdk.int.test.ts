import {
  Configuration,
  CountryCode,
  PaymentAmountCurrency,
  PlaidApi,
  Products,
  type RemovedTransaction,
  type Transaction,
  type TransactionsSyncRequest,
} from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkPane, LinkStartResponse } from '../products/link-session/link-session.contract';
import { createTestWeft, type TestWeft } from './harness';

/**
 * Plaid's Quickstart, replayed call for call through the official client over real HTTP: its
 * backend's requests are copied field for field (including the `cursor: null` of its first
 * /transactions/sync and the IBAN-only UK recipient), and Link is driven through the same session
 * API the widget uses. If a Quickstart user would see an error panel, this test fails.
 */
describe('Plaid Quickstart against Weft', () => {
  let w: TestWeft;
  let base: string;
  let client: PlaidApi;

  beforeAll(async () => {
    w = await createTestWeft();
    base = await w.listen();
    client = new PlaidApi(
      new Configuration({
        basePath: base,
        baseOptions: {
          headers: {
            'PLAID-CLIENT-ID': w.clientA.clientId,
            'PLAID-SECRET': w.clientA.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
  });
  afterAll(() => w.close());

  /** One call of Link's session API, authenticated by the link token as the widget does. */
  async function link<T>(token: string, step: string, body: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${base}/weft/link/session/${step}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(res.status, `${step}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  }

  /** The user's walk through Link: a bank, user_good, every account; returns onSuccess's token. */
  async function runLink(linkToken: string): Promise<string> {
    const s = await link<LinkStartResponse>(linkToken, 'start', {});
    const id = s.link_session_id;
    const creds = await link<LinkPane>(linkToken, 'institution', {
      link_session_id: id,
      institution_id: 'ins_109508',
    });
    expect(creds.pane).toBe('credentials');
    const pick = await link<LinkPane>(linkToken, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    if (pick.pane !== 'select_account') throw new Error(`expected account select, got ${pick.pane}`);
    const done = await link<LinkPane>(linkToken, 'select', {
      link_session_id: id,
      account_ids: pick.accounts.map((a) => a.id),
    });
    if (done.pane !== 'success') throw new Error(`expected success, got ${done.pane}`);
    return done.public_token;
  }

  it('runs the US flow: link token, Link, exchange, auth, transactions, identity, balance, item', async () => {
    // server/index.js /api/create_link_token
    const created = await client.linkTokenCreate({
      user: { client_user_id: 'user-id' },
      client_name: 'Plaid Quickstart',
      products: [Products.Auth, Products.Transactions],
      country_codes: [CountryCode.Us],
      language: 'en',
    });
    const publicToken = await runLink(created.data.link_token);

    // /api/set_access_token
    const exchanged = await client.itemPublicTokenExchange({ public_token: publicToken });
    const accessToken = exchanged.data.access_token;
    expect(exchanged.data.item_id).toBeTruthy();

    // /api/auth
    const authed = await client.authGet({ access_token: accessToken });
    expect(authed.data.numbers.ach.length).toBeGreaterThan(0);

    // /api/transactions: the Quickstart's loop, starting from cursor null and polling while empty
    let cursor: string | null = null;
    let added: Transaction[] = [];
    let modified: Transaction[] = [];
    let removed: RemovedTransaction[] = [];
    let hasMore = true;
    for (let polls = 0; hasMore && polls < 50; polls++) {
      // The Quickstart is JavaScript and sends `cursor: null`; the SDK's type only admits a string.
      const request = { access_token: accessToken, cursor } as unknown as TransactionsSyncRequest;
      const { data } = await client.transactionsSync(request);
      cursor = data.next_cursor;
      if (cursor === '') {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      added = added.concat(data.added);
      modified = modified.concat(data.modified);
      removed = removed.concat(data.removed);
      hasMore = data.has_more;
    }
    expect(hasMore).toBe(false);
    expect(added.length).toBeGreaterThan(8);
    expect(modified).toEqual([]);
    expect(removed).toEqual([]);
    const latest = [...added].sort((a, b) => Number(a.date > b.date) - Number(a.date < b.date)).slice(-8);
    expect(latest).toHaveLength(8);

    // /api/identity, /api/balance, /api/accounts
    const identity = await client.identityGet({ access_token: accessToken });
    expect(identity.data.accounts[0]!.owners[0]!.names.length).toBeGreaterThan(0);
    const balance = await client.accountsBalanceGet({ access_token: accessToken });
    // With auth among the products, Link offers only checking and savings (Plaid's default filter).
    expect(balance.data.accounts.map((a) => a.subtype).sort()).toEqual(['checking', 'savings']);
    const accounts = await client.accountsGet({ access_token: accessToken });
    expect(accounts.data.accounts.map((a) => a.account_id).sort()).toEqual(
      balance.data.accounts.map((a) => a.account_id).sort(),
    );

    // /api/item: the Item, then its institution by id
    const item = await client.itemGet({ access_token: accessToken });
    const institution = await client.institutionsGetById({
      institution_id: item.data.item.institution_id!,
      country_codes: [CountryCode.Us],
    });
    expect(institution.data.institution.name).toBe('First Platypus Bank');
  });

  it('runs the UK payment flow: IBAN-only recipient, GBP payment, payment link token, payment/get', async () => {
    // /api/create_link_token_for_payment
    const recipient = await client.paymentInitiationRecipientCreate({
      name: 'Harry Potter',
      iban: 'GB33BUKB20201555555555',
      address: {
        street: ['4 Privet Drive'],
        city: 'Little Whinging',
        postal_code: '11111',
        country: 'GB',
      },
    });
    const payment = await client.paymentInitiationPaymentCreate({
      recipient_id: recipient.data.recipient_id,
      reference: 'paymentRef',
      amount: { value: 1.23, currency: PaymentAmountCurrency.Gbp },
    });
    expect(payment.data.payment_id).toBeTruthy();
    const created = await client.linkTokenCreate({
      client_name: 'Plaid Quickstart',
      user: { client_user_id: 'user-id' },
      country_codes: [CountryCode.Gb],
      language: 'en',
      products: [Products.PaymentInitiation],
      payment_initiation: { payment_id: payment.data.payment_id },
    });
    const s = await link<LinkStartResponse>(created.data.link_token, 'start', {});
    expect(s.mode).toBe('payment');
    expect(s.payment).toMatchObject({ payment_id: payment.data.payment_id, recipient_name: 'Harry Potter' });

    // /api/payment
    const got = await client.paymentInitiationPaymentGet({ payment_id: payment.data.payment_id });
    expect(got.data.amount).toEqual({ currency: 'GBP', value: 1.23 });
    expect(got.data.recipient_id).toBe(recipient.data.recipient_id);
    const r = await client.paymentInitiationRecipientGet({ recipient_id: recipient.data.recipient_id });
    expect(r.data.iban).toBe('GB33BUKB20201555555555');
  });
});
