import type { IdentityVerification } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';

const spec = loadSpecValidator();

const LESLIE = {
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  id_number: { value: '123-45-6789', type: 'us_ssn' },
};
const TEMPLATE = 'idvtmp_retrytests001';

type Err = { error_type: string; error_code: string };

describe('/identity_verification/retry', () => {
  let w: TestWeft;
  let n = 0;
  const user = () => `retry-user-${++n}`;

  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const call = async (url: string, body: Record<string, unknown>, keys = w.clientA) => {
    const r = await post<IdentityVerification>(w, url, { ...auth(keys), ...body });
    if (r.status === 200) expect(spec?.validate(url, 200, r.body) ?? []).toEqual([]);
    return r;
  };
  const create = (clientUserId: string, u: Record<string, unknown> | null, gaveConsent = true) =>
    call('/identity_verification/create', {
      client_user_id: clientUserId,
      template_id: TEMPLATE,
      is_shareable: false,
      gave_consent: gaveConsent,
      user: u,
    });
  const retry = (clientUserId: string, body: Record<string, unknown>) =>
    call('/identity_verification/retry', { client_user_id: clientUserId, template_id: TEMPLATE, ...body });
  const failed = async () => {
    const u = user();
    const first = await create(u, { ...LESLIE, date_of_birth: '1980-02-02' });
    expect(first.body.status).toBe('failed');
    return { u, first: first.body };
  };

  it('incomplete: skips the steps passed before and runs the failed ones again on corrected data', async () => {
    const { u, first } = await failed();
    const r = await retry(u, { strategy: 'incomplete', user: { date_of_birth: '1975-01-18' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.id).not.toBe(first.id);
    expect(r.body.previous_attempt_id).toBe(first.id);
    expect(r.body.status).toBe('success');
    expect(r.body.steps).toMatchObject({
      accept_tos: 'skipped',
      verify_sms: 'skipped',
      kyc_check: 'success',
      documentary_verification: 'not_applicable',
      risk_check: 'success',
    });
    expect(r.body.user.name).toEqual(LESLIE.name);
    const old = await call('/identity_verification/get', { identity_verification_id: first.id });
    expect(old.body.status).toBe('failed');
  });

  it('infer: retries a failed session as incomplete, and refuses an active one', async () => {
    const { u } = await failed();
    const r = await retry(u, { strategy: 'infer', user: { date_of_birth: '1975-01-18' } });
    expect(r.body.steps.verify_sms).toBe('skipped');
    expect(r.body.status).toBe('success');
    const active = user();
    await create(active, null, false);
    const refused = await retry(active, { strategy: 'infer' });
    expect(refused.status).toBe(400);
    expect((refused.body as unknown as Err).error_code).toBe('INVALID_FIELD');
  });

  it('reset: runs every step again from the data given, and cancels an active previous session', async () => {
    const u = user();
    const first = await create(u, { phone_number: '+12345678909' });
    expect(first.body.status).toBe('active');
    const r = await retry(u, { strategy: 'reset', user: LESLIE, is_shareable: true });
    expect(r.body.status).toBe('success');
    expect(r.body.steps.verify_sms).toBe('success');
    expect(r.body.shareable_url).not.toBeNull();
    const old = await call('/identity_verification/get', { identity_verification_id: first.body.id });
    expect(old.body.status).toBe('canceled');
    expect(old.body.steps.kyc_check).toBe('canceled');
    expect(old.body.steps.verify_sms).toBe('success');
  });

  it('custom: requires or skips the steps named; the sandbox leaves the selfie check out', async () => {
    const { u } = await failed();
    const r = await retry(u, {
      strategy: 'custom',
      user: { date_of_birth: '1975-01-18' },
      steps: { verify_sms: false, kyc_check: false, documentary_verification: true, selfie_check: true },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.steps).toMatchObject({
      verify_sms: 'skipped',
      kyc_check: 'skipped',
      documentary_verification: 'success',
      selfie_check: 'not_applicable',
    });
    expect(r.body.documentary_verification?.documents[0]?.analysis.extracted_data).toMatchObject({
      name: 'match',
      date_of_birth: 'match',
    });
    expect(r.body.status).toBe('success');
  });

  it("refuses steps with another strategy, custom without steps, and a user with no session, with Plaid's error", async () => {
    const { u } = await failed();
    const steps = { verify_sms: true, kyc_check: true, documentary_verification: true, selfie_check: false };
    for (const body of [{ strategy: 'reset', steps }, { strategy: 'custom' }, { strategy: 'sideways' }]) {
      const r = await retry(u, body);
      expect(r.status).toBe(400);
      expect((r.body as unknown as Err).error_type).toBe('INVALID_REQUEST');
    }
    const nobody = await retry('nobody-here', { strategy: 'reset' });
    expect(nobody.status).toBe(400);
    expect((nobody.body as unknown as Err).error_code).toBe('INVALID_FIELD');
  });

  it('writes RETRIED for the new session to the outbox', async () => {
    const { u } = await failed();
    const r = await retry(u, { strategy: 'reset', user: LESLIE });
    const rows = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'payload'])
      .where('webhook_type', '=', 'IDENTITY_VERIFICATION')
      .where('payload', 'like', `%${r.body.id}%`)
      .orderBy('id')
      .execute();
    expect(rows.map((x) => x.webhook_code)).toEqual(['STEP_UPDATED', 'STATUS_UPDATED', 'RETRIED']);
  });
});
