import type { IdentityVerification } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { watchlistServices } from '../watchlist-screening/watchlist.routes';

const LESLIE = {
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
};

/** The watchlist_screening step screens against the lists imported into Monitor. */
describe("Identity Verification's watchlist step over Monitor's lists", () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const create = (clientUserId: string) =>
    post<IdentityVerification>(w, '/identity_verification/create', {
      ...auth(w.clientA),
      client_user_id: clientUserId,
      template_id: 'idvtmp_monitorlists01',
      is_shareable: false,
      gave_consent: true,
      user: LESLIE,
    });

  it('clears the sandbox identity before a list names her, and holds her for review after', async () => {
    const before = await create('before-import');
    expect(before.body.steps.watchlist_screening).toBe('success');
    expect(before.body.status).toBe('success');
    const sdn =
      '9001,"KNOPE, Leslie","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Jan 1975."\n';
    await watchlistServices(w.ctx).lists.importFiles([
      { name: 'sdn.csv', bytes: new TextEncoder().encode(sdn), modifiedOn: '2026-12-01' },
    ]);
    const after = await create('after-import');
    expect(after.body.steps.watchlist_screening).toBe('pending_review');
    expect(after.body.status).toBe('pending_review');
  });
});
