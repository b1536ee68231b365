import {
  Configuration,
  type IdentityVerification,
  PlaidApi,
  Strategy,
  type WatchlistScreeningIndividual,
} from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { watchlistServices } from '../watchlist-screening/watchlist.routes';

const spec = loadSpecValidator();

const LESLIE = {
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
};

type Failure = { response?: { status: number; data: { error_code: string } } };

/**
 * The watchlist_screening step is a real Monitor screening: made under the client's default
 * individual program, screened against the lists imported into Monitor, and served by
 * /watchlist_screening/individual/* to that client alone.
 */
describe("Identity Verification's watchlist step through Monitor", () => {
  let w: TestWeft;
  let a: PlaidApi;
  let b: PlaidApi;
  beforeAll(async () => {
    w = await createTestWeft();
    const basePath = await w.listen();
    const client = (keys: TestWeft['clientA']) =>
      new PlaidApi(
        new Configuration({
          basePath,
          baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
        }),
      );
    a = client(w.clientA);
    b = client(w.clientB);
  });
  afterAll(() => w.close());

  const create = async (clientUserId: string, user: Record<string, unknown> = LESLIE) => {
    const r = await post<IdentityVerification>(w, '/identity_verification/create', {
      ...auth(w.clientA),
      client_user_id: clientUserId,
      template_id: 'idvtmp_monitorlists01',
      is_shareable: false,
      gave_consent: true,
      user,
    });
    expect(r.status).toBe(200);
    expect(
      spec?.validate('/identity_verification/create', 200, { request_id: 'x', ...r.body }) ?? [],
    ).toEqual([]);
    return r.body;
  };

  const screening = async (id: string): Promise<WatchlistScreeningIndividual> => {
    const { data } = await a.watchlistScreeningIndividualGet({ watchlist_screening_id: id });
    expect(spec?.validate('/watchlist_screening/individual/get', 200, data) ?? []).toEqual([]);
    return data;
  };

  it('links the step to a screening /watchlist_screening/individual/get returns, cleared before a list names her', async () => {
    const v = await create('before-import');
    expect(v.steps.watchlist_screening).toBe('success');
    expect(v.status).toBe('success');
    expect(v.watchlist_screening_id).toMatch(/^scr_[A-Za-z0-9]{14}$/);
    const s = await screening(v.watchlist_screening_id!);
    expect(s.id).toBe(v.watchlist_screening_id);
    expect(s.status).toBe('cleared');
    expect(s.client_user_id).toBe('before-import');
    expect(s.search_terms).toMatchObject({
      legal_name: 'Leslie Knope',
      date_of_birth: '1975-01-18',
      country: 'US',
      document_number: null,
    });
    // Under the client's default individual program, listed with its screenings.
    const programs = await a.watchlistScreeningIndividualProgramList({});
    const defaults = programs.data.watchlist_programs.filter((p) => p.name === 'Default individual program');
    expect(defaults).toHaveLength(1);
    expect(s.search_terms.watchlist_program_id).toBe(defaults[0]!.id);
    const listed = await a.watchlistScreeningIndividualList({
      watchlist_program_id: defaults[0]!.id,
      client_user_id: 'before-import',
    });
    expect(listed.data.watchlist_screenings.map((x) => x.id)).toEqual([v.watchlist_screening_id]);
  });

  it("is another client's unknown screening", async () => {
    const v = await create('isolated');
    const err = await b
      .watchlistScreeningIndividualGet({ watchlist_screening_id: v.watchlist_screening_id! })
      .catch((e: Failure) => e);
    expect((err as Failure).response?.status).toBe(400);
    expect((err as Failure).response?.data.error_code).toBe('INVALID_FIELD');
  });

  it('holds her for review once a list names her, with the hit in Monitor; a review clears the screening', async () => {
    const sdn =
      '9001,"KNOPE, Leslie","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 18 Jan 1975."\n';
    await watchlistServices(w.ctx).lists.importFiles([
      { name: 'sdn.csv', bytes: new TextEncoder().encode(sdn), modifiedOn: '2026-12-01' },
    ]);
    const v = await create('after-import');
    expect(v.steps.watchlist_screening).toBe('pending_review');
    expect(v.status).toBe('pending_review');
    const s = await screening(v.watchlist_screening_id!);
    expect(s.status).toBe('pending_review');
    const hits = await a.watchlistScreeningIndividualHitList({
      watchlist_screening_id: v.watchlist_screening_id!,
    });
    expect(hits.data.watchlist_screening_hits).toHaveLength(1);
    expect(hits.data.watchlist_screening_hits[0]!.source_uid).toBe('9001');
    await a.watchlistScreeningIndividualReviewCreate({
      watchlist_screening_id: v.watchlist_screening_id!,
      confirmed_hits: [],
      dismissed_hits: [hits.data.watchlist_screening_hits[0]!.id],
    });
    expect((await screening(v.watchlist_screening_id!)).status).toBe('cleared');
  });

  it('a retry screening the same person reuses the screening; other data gets a new one', async () => {
    const first = await create('retried');
    expect(first.status).toBe('pending_review');
    const again = await a.identityVerificationRetry({
      client_user_id: 'retried',
      template_id: 'idvtmp_monitorlists01',
      strategy: Strategy.Reset,
      user: LESLIE,
    });
    expect(spec?.validate('/identity_verification/retry', 200, again.data) ?? []).toEqual([]);
    expect(again.data.previous_attempt_id).toBe(first.id);
    expect(again.data.watchlist_screening_id).toBe(first.watchlist_screening_id);
    const abroad = await a.identityVerificationRetry({
      client_user_id: 'retried',
      template_id: 'idvtmp_monitorlists01',
      strategy: Strategy.Reset,
      user: { ...LESLIE, address: { ...LESLIE.address, country: 'CA' } },
    });
    expect(abroad.data.steps.watchlist_screening).not.toBe('not_applicable');
    expect(abroad.data.watchlist_screening_id).toMatch(/^scr_/);
    expect(abroad.data.watchlist_screening_id).not.toBe(first.watchlist_screening_id);
    expect((await screening(abroad.data.watchlist_screening_id!)).search_terms.country).toBe('CA');
  });
});
