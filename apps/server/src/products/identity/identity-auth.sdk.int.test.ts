import { Configuration, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../../test/harness';

/** Auth, Identity and rate limits through the official client over real HTTP. */
describe('the official plaid client reads Auth and Identity', () => {
  let w: TestWeft;
  let client: PlaidApi;
  beforeAll(async () => {
    w = await createTestWeft({ env: { WEFT_RATE_LIMITS: '/auth/get=3/-' } });
    const basePath = await w.listen();
    client = new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret } },
      }),
    );
  });
  afterAll(async () => {
    await w.close();
  });

  it('gets numbers, owners and match scores, then a 429 the client can read', async () => {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Identity],
    });
    const { access_token } = (await client.itemPublicTokenExchange({ public_token: pt.data.public_token }))
      .data;

    const numbers = await client.authGet({ access_token });
    expect(numbers.data.numbers.ach[0]).toMatchObject({ account: '1111222233330000', routing: '011401533' });
    expect(numbers.headers['ratelimit-remaining']).toBe('2');

    const identity = await client.identityGet({ access_token });
    expect(identity.data.accounts[0]!.owners[0]!.names).toEqual(['Alberta Bobbeth Charleson']);

    const match = await client.identityMatch({
      access_token,
      user: { legal_name: 'Alberta Charleson', email_address: 'accountholder0@example.com' },
    });
    expect(match.data.accounts[0]!.legal_name?.score).toBeGreaterThanOrEqual(85);
    expect(match.data.accounts[0]!.email_address?.score).toBe(100);

    await client.authGet({ access_token });
    await client.authGet({ access_token });
    const refused = await client.authGet({ access_token }).then(
      () => null,
      (e: { response?: { status: number; data: { error_code: string }; headers: Record<string, string> } }) =>
        e.response,
    );
    expect(refused?.status).toBe(429);
    expect(refused?.data.error_code).toBe('AUTH_LIMIT');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
