import { Configuration, CountryCode, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from './harness';

/** The official client, configured the way Plaid's docs show, with basePath pointed at Weft. */
function plaidClient(basePath: string, clientId: string, secret: string): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath,
      baseOptions: {
        headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret, 'Plaid-Version': '2020-09-14' },
      },
    }),
  );
}

/** The Plaid error object of a failed SDK call. */
async function plaidError(p: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const response = (e as { response?: { status: number; data: Record<string, unknown> } }).response;
    if (response) return { status: response.status, body: response.data };
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('the official plaid client against a listening Weft', () => {
  let w: TestWeft;
  let client: PlaidApi;
  let other: PlaidApi;
  beforeAll(async () => {
    w = await createTestWeft();
    const base = await w.listen();
    client = plaidClient(base, w.clientA.clientId, w.clientA.secret);
    other = plaidClient(base, w.clientB.clientId, w.clientB.secret);
  });
  afterAll(() => w.close());

  it('creates, exchanges, reads, rotates and removes an Item', async () => {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Transactions],
    });
    expect(pt.data.public_token).toMatch(/^public-sandbox-/);

    const ex = await client.itemPublicTokenExchange({ public_token: pt.data.public_token });
    expect(ex.data.access_token).toMatch(/^access-sandbox-/);
    const accessToken = ex.data.access_token;

    const accounts = await client.accountsGet({ access_token: accessToken });
    expect(accounts.data.accounts).toHaveLength(10);
    expect(accounts.data.item.institution_id).toBe('ins_109508');
    expect(accounts.data.item.billed_products.sort()).toEqual(['auth', 'transactions']);

    const balance = await client.accountsBalanceGet({
      access_token: accessToken,
      options: { account_ids: [accounts.data.accounts[1]!.account_id] },
    });
    expect(balance.data.accounts.map((a) => a.balances.current)).toEqual([210]);

    const item = await client.itemGet({ access_token: accessToken });
    expect(item.data.item.item_id).toBe(ex.data.item_id);
    expect(item.data.item.error).toBeNull();

    const hook = await client.itemWebhookUpdate({
      access_token: accessToken,
      webhook: 'https://example.com/hook',
    });
    expect(hook.data.item.webhook).toBe('https://example.com/hook');

    const rotated = await client.itemAccessTokenInvalidate({ access_token: accessToken });
    expect(rotated.data.new_access_token).not.toBe(accessToken);
    expect((await plaidError(client.accountsGet({ access_token: accessToken }))).body.error_code).toBe(
      'INVALID_ACCESS_TOKEN',
    );
    await client.accountsGet({ access_token: rotated.data.new_access_token });

    await client.itemRemove({ access_token: rotated.data.new_access_token });
    const gone = await plaidError(client.itemGet({ access_token: rotated.data.new_access_token }));
    expect(gone.status).toBe(400);
    expect(gone.body.error_code).toBe('INVALID_ACCESS_TOKEN');
  });

  it('spends a public token once and keeps tokens per client', async () => {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109509',
      initial_products: [Products.Transactions],
    });
    const stolen = await plaidError(other.itemPublicTokenExchange({ public_token: pt.data.public_token }));
    expect(stolen.body.error_code).toBe('INVALID_PUBLIC_TOKEN');
    await client.itemPublicTokenExchange({ public_token: pt.data.public_token });
    const again = await plaidError(client.itemPublicTokenExchange({ public_token: pt.data.public_token }));
    expect(again.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_PUBLIC_TOKEN' });
  });

  it('answers wrong keys, Item errors and unknown institutions the way Plaid does', async () => {
    const base = `http://127.0.0.1:${(w.app.server.address() as { port: number }).port}`;
    const wrong = await plaidError(
      plaidClient(base, w.clientA.clientId, 'not-the-secret').institutionsGet({
        count: 1,
        offset: 0,
        country_codes: [CountryCode.Us],
      }),
    );
    expect(wrong).toMatchObject({
      status: 400,
      body: { error_type: 'INVALID_INPUT', error_code: 'INVALID_API_KEYS' },
    });

    const locked = await plaidError(
      client.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: { override_username: 'user_good', override_password: 'error_ITEM_LOCKED' },
      }),
    );
    expect(locked.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOCKED' });
    expect(locked.body.display_message).toBeTruthy();

    const down = await plaidError(
      client.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: { override_password: 'error_INSTITUTION_DOWN' },
      }),
    );
    expect(down.body).toMatchObject({ error_type: 'INSTITUTION_ERROR', error_code: 'INSTITUTION_DOWN' });

    const unknown = await plaidError(
      client.institutionsGetById({ institution_id: 'ins_999999999', country_codes: [CountryCode.Us] }),
    );
    expect(unknown.body.error_code).toBe('INVALID_INSTITUTION');
  });

  it('links a custom user from its JSON configuration', async () => {
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 1234.56,
          meta: { name: 'Everyday', mask: '4321' },
        },
        { type: 'credit', subtype: 'credit card', starting_balance: 99.5, meta: { limit: 5000 } },
      ],
    };
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109511',
      initial_products: [Products.Transactions],
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    const ex = await client.itemPublicTokenExchange({ public_token: pt.data.public_token });
    const accounts = await client.accountsGet({ access_token: ex.data.access_token });
    expect(accounts.data.accounts.map((a) => [a.name, a.mask, a.balances.current, a.balances.limit])).toEqual(
      [
        ['Everyday', '4321', 1234.56, null],
        ['Custom credit card', '1001', 99.5, 5000],
      ],
    );
  });

  it("creates and reads link tokens, and refuses another client's", async () => {
    const created = await client.linkTokenCreate({
      client_name: 'Weft Test',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'user-123' },
      products: [Products.Transactions],
    });
    expect(created.data.link_token).toMatch(/^link-sandbox-/);
    const got = await client.linkTokenGet({ link_token: created.data.link_token });
    expect(got.data.metadata.initial_products).toEqual(['transactions']);
    expect(got.data.metadata.client_name).toBe('Weft Test');
    const foreign = await plaidError(other.linkTokenGet({ link_token: created.data.link_token }));
    expect(foreign.body.error_code).toBe('INVALID_LINK_TOKEN');
  });
});
