import type { IdentityVerification } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankEntry, ScreeningIndex } from '../../engines/screening';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { setIdvWatchlistIndex } from './identity-verification.routes';

const spec = loadSpecValidator();

/** Plaid's sandbox test identity. */
const LESLIE = {
  email_address: 'leslie@example.com',
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  id_number: { value: '123456789', type: 'us_ssn' },
};

type Idv = IdentityVerification;
type Err = { error_type: string; error_code: string };

describe('/identity_verification/*', () => {
  let w: TestWeft;
  let n = 0;
  const user = () => `user-${++n}`;

  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const call = async <T = Idv>(url: string, body: Record<string, unknown>, keys = w.clientA) => {
    const r = await post<T>(w, url, { ...auth(keys), ...body });
    // A Weft extension answers a session in /identity_verification/get's shape, or no Plaid shape.
    const shape = url === '/weft/identity_verification/redact' ? '/identity_verification/get' : url;
    if (r.status === 200 && shape.startsWith('/identity_verification/'))
      expect(spec?.validate(shape, 200, { request_id: 'x', ...(r.body as object) }) ?? []).toEqual([]);
    return r;
  };
  const create = (body: Record<string, unknown>, keys = w.clientA) =>
    call(
      '/identity_verification/create',
      {
        is_shareable: false,
        gave_consent: true,
        template_id: 'idvtmp_sandboxdefault1',
        ...body,
      },
      keys,
    );

  it('runs every step for the sandbox identity given with consent, and it passes', async () => {
    const r = await create({ client_user_id: user(), user: LESLIE, is_shareable: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    expect(v.id).toMatch(/^idv_[A-Za-z0-9]{14}$/);
    expect(v.status).toBe('success');
    expect(v.steps).toEqual({
      accept_tos: 'skipped',
      verify_sms: 'success',
      kyc_check: 'success',
      documentary_verification: 'not_applicable',
      selfie_check: 'not_applicable',
      watchlist_screening: 'success',
      risk_check: 'success',
    });
    expect(v.kyc_check).toMatchObject({
      status: 'success',
      name: { summary: 'match' },
      date_of_birth: { summary: 'match' },
      address: { summary: 'match' },
      id_number: { summary: 'match' },
      phone_number: { summary: 'match' },
    });
    expect(v.verify_sms?.verifications[0]).toMatchObject({ status: 'success', phone_number: '+12345678909' });
    expect(v.user).toMatchObject({
      date_of_birth: '1975-01-18',
      name: LESLIE.name,
      id_number: LESLIE.id_number,
      address: { ...LESLIE.address, street2: null },
    });
    expect(v.completed_at).not.toBeNull();
    expect(v.template.id).toBe('idvtmp_sandboxdefault1');
    expect(v.template.version).toBe(1);
    expect(v.shareable_url).toMatch(new RegExp(`/verify/${v.id}\\?key=[A-Za-z0-9]{40}$`));
    const page = await w.app.inject({
      method: 'GET',
      url: new URL(v.shareable_url!).pathname + new URL(v.shareable_url!).search,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Identity verification success');
    expect(page.body).not.toContain('Knope');
    const forged = await w.app.inject({ method: 'GET', url: `/weft/verify/${v.id}?key=${'x'.repeat(40)}` });
    expect(forged.statusCode).toBe(404);
    const got = await call('/identity_verification/get', { identity_verification_id: v.id });
    const { request_id: _a, ...created } = v as Idv & { request_id: string };
    const { request_id: _b, ...read } = got.body as Idv & { request_id: string };
    expect(read).toEqual(created);
  });

  it('fails kyc_check on a date of birth the data sources do not hold, and the sandbox document then fails too', async () => {
    const r = await create({ client_user_id: user(), user: { ...LESLIE, date_of_birth: '1980-02-02' } });
    expect(r.body.status).toBe('failed');
    expect(r.body.steps.kyc_check).toBe('failed');
    expect(r.body.kyc_check?.date_of_birth.summary).toBe('no_match');
    expect(r.body.kyc_check?.name.summary).toBe('match');
    expect(r.body.steps.documentary_verification).toBe('failed');
    expect(r.body.documentary_verification?.documents[0]?.analysis.extracted_data?.date_of_birth).toBe(
      'no_match',
    );
    expect(r.body.steps.watchlist_screening).toBe('not_applicable');
    expect(r.body.steps.risk_check).toBe('not_applicable');
  });

  it('fails on another name and on a wrong SSN, and passes with only the SSN last four of the sandbox identity', async () => {
    const other = await create({
      client_user_id: user(),
      user: { ...LESLIE, name: { given_name: 'Ron', family_name: 'Swanson' } },
    });
    expect(other.body.status).toBe('failed');
    expect(other.body.kyc_check?.name.summary).toBe('no_match');
    const ssn = await create({
      client_user_id: user(),
      user: { ...LESLIE, id_number: { value: '987654321', type: 'us_ssn' } },
    });
    expect(ssn.body.kyc_check?.id_number.summary).toBe('no_match');
    expect(ssn.body.steps.kyc_check).toBe('failed');
    const last4 = await create({
      client_user_id: user(),
      user: { ...LESLIE, id_number: { value: '6789', type: 'us_ssn_last_4' } },
    });
    expect(last4.body.status).toBe('success');
  });

  it('waits at the terms without consent, and at data collection for steps lacking data', async () => {
    const r = await create({ client_user_id: user(), gave_consent: false, user: LESLIE });
    expect(r.body.status).toBe('active');
    expect(r.body.steps).toEqual({
      accept_tos: 'active',
      verify_sms: 'waiting_for_prerequisite',
      kyc_check: 'waiting_for_prerequisite',
      documentary_verification: 'waiting_for_prerequisite',
      selfie_check: 'waiting_for_prerequisite',
      watchlist_screening: 'waiting_for_prerequisite',
      risk_check: 'waiting_for_prerequisite',
    });
    expect(r.body.completed_at).toBeNull();
    expect(r.body.shareable_url).toBeNull();
    const phoneOnly = await create({ client_user_id: user(), user: { phone_number: '+12345678909' } });
    expect(phoneOnly.body.status).toBe('active');
    expect(phoneOnly.body.steps.verify_sms).toBe('success');
    expect(phoneOnly.body.steps.kyc_check).toBe('active');
    expect(phoneOnly.body.user.name).toBeNull();
    const none = await create({ client_user_id: user(), user: null });
    expect(none.body.steps.verify_sms).toBe('active');
  });

  it('puts the watchlist step in review when the screening engine finds the user on a list', async () => {
    const listed = blankEntry('US_SDN', '9001', 'individual');
    listed.names.push({ full: 'KNOPE, Leslie', primary: true, weak: false });
    listed.datesOfBirth.push('1975-01-18');
    setIdvWatchlistIndex(w.ctx, new ScreeningIndex([listed]));
    try {
      const r = await create({ client_user_id: user(), user: LESLIE });
      expect(r.body.steps.watchlist_screening).toBe('pending_review');
      expect(r.body.steps.risk_check).toBe('success');
      expect(r.body.status).toBe('pending_review');
      expect(r.body.watchlist_screening_id).toMatch(/^scr_[A-Za-z0-9]{14}$/);
    } finally {
      setIdvWatchlistIndex(w.ctx, null);
    }
    const clear = await create({ client_user_id: user(), user: LESLIE });
    expect(clear.body.steps.watchlist_screening).toBe('success');
  });

  it('makes a well-formed unknown template from the default in the sandbox, and refuses others', async () => {
    const ok = await create({ client_user_id: user(), user: LESLIE, template_id: 'idvtmp_brandnew0001' });
    expect(ok.status).toBe(200);
    const bad = await create({ client_user_id: user(), template_id: 'tmpl-1' });
    expect(bad.status).toBe(400);
    expect(bad.body as unknown as Err).toMatchObject({
      error_type: 'INVALID_REQUEST',
      error_code: 'INVALID_FIELD',
    });
    const theirs = await create({ client_user_id: user(), template_id: 'idvtmp_brandnew0001' }, w.clientB);
    expect(theirs.status).toBe(400);
    expect((theirs.body as unknown as Err).error_code).toBe('INVALID_FIELD');
  });

  it("answers Plaid's errors for bad input", async () => {
    const missing = await call('/identity_verification/create', { is_shareable: false, gave_consent: true });
    expect(missing.status).toBe(400);
    expect((missing.body as unknown as Err).error_type).toBe('INVALID_REQUEST');
    const noUser = await create({});
    expect(noUser.status).toBe(400);
    expect((noUser.body as unknown as Err).error_code).toBe('MISSING_FIELDS');
    const phone = await create({ client_user_id: user(), user: { phone_number: '234-567-8909' } });
    expect(phone.status).toBe(400);
    expect((phone.body as unknown as Err).error_type).toBe('INVALID_REQUEST');
    const unknown = await call('/identity_verification/get', { identity_verification_id: 'idv_nope' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as Err).error_code).toBe('INVALID_FIELD');
    const nullable = await create({
      client_user_id: user(),
      user: { ...LESLIE, email_address: null, id_number: null },
    });
    expect(nullable.status).toBe(200);
    expect(nullable.body.kyc_check?.id_number.summary).toBe('no_input');
  });

  it('refuses a second session for the same user and template unless idempotent', async () => {
    const u = user();
    const first = await create({ client_user_id: u, user: LESLIE });
    const again = await create({ client_user_id: u, user: LESLIE });
    expect(again.status).toBe(400);
    const idem = await create({ client_user_id: u, user: LESLIE, is_idempotent: true });
    expect(idem.status).toBe(200);
    expect(idem.body.id).toBe(first.body.id);
  });

  it('lists sessions under a template, of one user, in pages', async () => {
    const t = 'idvtmp_listing000001';
    const u = user();
    const a = await create({ client_user_id: u, user: LESLIE, template_id: t });
    const b = await create({ client_user_id: user(), user: LESLIE, template_id: t });
    const all = await call<{ identity_verifications: Idv[]; next_cursor: string | null }>(
      '/identity_verification/list',
      { template_id: t },
    );
    expect(all.body.identity_verifications.map((v) => v.id).sort()).toEqual([a.body.id, b.body.id].sort());
    expect(all.body.next_cursor).toBeNull();
    const one = await call<{ identity_verifications: Idv[] }>('/identity_verification/list', {
      template_id: t,
      client_user_id: u,
    });
    expect(one.body.identity_verifications.map((v) => v.id)).toEqual([a.body.id]);
    const badCursor = await call('/identity_verification/list', { template_id: t, cursor: 'zzz' });
    expect(badCursor.status).toBe(400);
  });

  it('keeps date of birth, ID number, phone and name sealed at rest, and deletes them on redaction', async () => {
    const r = await create({ client_user_id: user(), user: LESLIE });
    const row = await w.ctx.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const secret of ['1975-01-18', '123456789', 'Knope', '+12345678909', 'Pawnee'])
      expect(raw).not.toContain(secret);
    const red = await call('/weft/identity_verification/redact', { identity_verification_id: r.body.id });
    expect(red.status).toBe(200);
    expect(red.body.redacted_at).not.toBeNull();
    expect(red.body.user).toMatchObject({
      date_of_birth: null,
      name: null,
      id_number: null,
      address: null,
      phone_number: null,
    });
    expect(red.body.verify_sms?.verifications[0]?.phone_number).toBeNull();
    expect(red.body.steps.kyc_check).toBe('success');
    const got = await call('/identity_verification/get', { identity_verification_id: r.body.id });
    expect(got.body.user.date_of_birth).toBeNull();
    const other = await call(
      '/weft/identity_verification/redact',
      { identity_verification_id: r.body.id },
      w.clientB,
    );
    expect(other.status).toBe(400);
  });

  it('writes STEP_UPDATED and STATUS_UPDATED to the outbox for the template webhook, in the spec shape', async () => {
    const t = 'idvtmp_webhooks00001';
    const set = await call<{ webhook: string }>('/weft/identity_verification/template/update', {
      template_id: t,
      webhook: 'https://app.example/hooks',
    });
    expect(set.status).toBe(200);
    const r = await create({ client_user_id: user(), user: LESLIE, template_id: t });
    const rows = await w.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('webhook_type', '=', 'IDENTITY_VERIFICATION')
      .where('payload', 'like', `%${r.body.id}%`)
      .orderBy('id')
      .execute();
    expect(rows.map((x) => [x.webhook_code, x.webhook_url, x.status])).toEqual([
      ['STEP_UPDATED', 'https://app.example/hooks', 'pending'],
      ['STATUS_UPDATED', 'https://app.example/hooks', 'pending'],
    ]);
    const body = JSON.parse(rows[1]!.payload);
    expect(body).toEqual({
      webhook_type: 'IDENTITY_VERIFICATION',
      webhook_code: 'STATUS_UPDATED',
      identity_verification_id: r.body.id,
      environment: 'sandbox',
    });
    expect(webhookProblems('IdentityVerificationStatusUpdatedWebhook', body) ?? []).toEqual([]);
  });
});
