import type { IdentityVerification } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import type { LinkIdvState } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';

const spec = loadSpecValidator();
const LESLIE_INFO = {
  name: { given_name: 'Leslie', family_name: 'Knope' },
  date_of_birth: '1975-01-18',
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  id_number: { value: '123456789', type: 'us_ssn' },
};
/** A 1×1 PNG: the sandbox reads any document as the sandbox identity's license. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Identity Verification through Link's session API, as Link's panes drive it. */
describe('Identity Verification in Link', () => {
  let w: TestWeft;
  const kit = linkSessionKit(() => w);
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const idvToken = (clientUserId: string, extra: Record<string, unknown> = {}) =>
    kit.linkToken({
      products: ['identity_verification'],
      user: { client_user_id: clientUserId },
      identity_verification: { template_id: 'idvtmp_linkflow00001' },
      ...extra,
    });
  const step = async (token: string, sessionId: string, path: string, body: Record<string, unknown> = {}) => {
    const r = await kit.call<LinkIdvState>(token, `idv/${path}`, { link_session_id: sessionId, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const get = async (id: string) => {
    const r = await post<IdentityVerification>(w, '/identity_verification/get', {
      ...auth(w.clientA),
      identity_verification_id: id,
    });
    expect(spec?.validate('/identity_verification/get', 200, r.body) ?? []).toEqual([]);
    return r.body;
  };

  it('walks the sandbox identity through terms, phone, SMS code and personal information to success', async () => {
    const token = await idvToken('link-leslie');
    const s = await kit.start(token);
    const idv = s.identity_verification!;
    expect(idv.pane).toBe('accept_tos');
    expect(idv.identity_verification_id).toMatch(/^idv_/);
    expect((await get(idv.identity_verification_id)).status).toBe('active');

    expect((await step(token, s.link_session_id, 'accept_tos')).pane).toBe('phone');
    expect((await step(token, s.link_session_id, 'phone', { phone_number: '+12345678909' })).pane).toBe(
      'sms_code',
    );
    const wrong = await step(token, s.link_session_id, 'sms_code', { code: '22222' });
    expect(wrong.pane).toBe('sms_code');
    expect((await step(token, s.link_session_id, 'sms_code', { code: '11111' })).pane).toBe('personal_info');
    const done = await step(token, s.link_session_id, 'personal_info', LESLIE_INFO);
    expect(done).toMatchObject({ pane: 'done', status: 'success' });

    const v = await get(idv.identity_verification_id);
    expect(v.status).toBe('success');
    expect(v.steps).toMatchObject({ accept_tos: 'success', verify_sms: 'success', kyc_check: 'success' });
    expect(v.verify_sms?.verifications[0]?.solve_attempt_count).toBe(2);
    expect(v.user.name).toEqual(LESLIE_INFO.name);

    // Opening Link again for the same user shows the finished session.
    const again = await kit.start(await idvToken('link-leslie'));
    expect(again.identity_verification).toMatchObject({ identity_verification_id: v.id, pane: 'done' });
  });

  it('asks for a document when kyc_check fails, stores it sealed, and fails the session on another date of birth', async () => {
    const token = await idvToken('link-other', {
      identity_verification: { template_id: 'idvtmp_linkflow00001', gave_consent: true },
    });
    const s = await kit.start(token);
    expect(s.identity_verification!.pane).toBe('phone');
    await step(token, s.link_session_id, 'phone', { phone_number: '+12345678909' });
    await step(token, s.link_session_id, 'sms_code', { code: '11111' });
    const doc = await step(token, s.link_session_id, 'personal_info', {
      ...LESLIE_INFO,
      date_of_birth: '1981-07-07',
    });
    expect(doc.pane).toBe('document');
    expect(doc.steps.kyc_check).toBe('failed');
    const done = await step(token, s.link_session_id, 'document', {
      content_type: 'image/png',
      image_base64: PNG,
    });
    expect(done).toMatchObject({ pane: 'done', status: 'failed' });
    const rows = await w.ctx.db
      .selectFrom('idv_documents')
      .selectAll()
      .where('verification_id', '=', done.identity_verification_id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.image_sealed).not.toContain(PNG);
    await post(w, '/weft/identity_verification/redact', {
      ...auth(w.clientA),
      identity_verification_id: done.identity_verification_id,
    });
    const left = await w.ctx.db
      .selectFrom('idv_documents')
      .selectAll()
      .where('verification_id', '=', done.identity_verification_id)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses a link token without a template, and the IDV calls for another link token', async () => {
    const res = await post<{ link_token: string }>(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'Test App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'no-template' },
      products: ['identity_verification'],
    });
    if (res.status === 200) {
      const r = await kit.call(res.body.link_token, 'start', {});
      expect(r.status).toBe(400);
      expect((r.body as { error_code: string }).error_code).toBe('INVALID_FIELD');
    } else expect(res.status).toBe(400);
    const tx = await kit.linkToken();
    const s = await kit.start(tx);
    expect(s.identity_verification).toBeNull();
    const r = await kit.call(tx, 'idv/accept_tos', { link_session_id: s.link_session_id });
    expect(r.status).toBe(400);
    const bad = await post(w, '/weft/link/session/idv/accept_tos', { link_session_id: s.link_session_id });
    expect(bad.status).toBe(400);
  });
});
