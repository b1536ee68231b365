import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';

const LESLIE = {
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
};

type Body = Record<string, unknown> & {
  id?: string;
  identity_verifications?: { id: string }[];
  error_code?: string;
  user?: { date_of_birth: string | null };
};

/** Client B can neither read, list, retry nor redact client A's sessions, nor use A's template. */
describe('Identity Verification tenant isolation', () => {
  let w: TestWeft;
  let sessionA: string;
  const TEMPLATE_A = 'idvtmp_isolationA0001';

  beforeAll(async () => {
    w = await createTestWeft();
    const r = await post<Body>(w, '/identity_verification/create', {
      ...auth(w.clientA),
      client_user_id: 'shared-user',
      template_id: TEMPLATE_A,
      is_shareable: true,
      gave_consent: true,
      user: LESLIE,
    });
    expect(r.status).toBe(200);
    sessionA = r.body.id!;
  });
  afterAll(() => w.close());

  const asB = (url: string, body: Record<string, unknown>) =>
    post<Body>(w, url, { ...auth(w.clientB), ...body });

  it("cannot get A's session", async () => {
    const r = await asB('/identity_verification/get', { identity_verification_id: sessionA });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_FIELD');
  });

  it("cannot list under A's template, and B's own list never holds A's session", async () => {
    const r = await asB('/identity_verification/list', { template_id: TEMPLATE_A });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_FIELD');
    const own = await asB('/identity_verification/create', {
      client_user_id: 'shared-user',
      template_id: 'idvtmp_isolationB0001',
      is_shareable: false,
      gave_consent: true,
      user: LESLIE,
    });
    expect(own.status).toBe(200);
    const list = await asB('/identity_verification/list', {
      template_id: 'idvtmp_isolationB0001',
      client_user_id: 'shared-user',
    });
    expect(list.body.identity_verifications!.map((v) => v.id)).toEqual([own.body.id]);
  });

  it("cannot retry A's user under A's template, nor create there", async () => {
    for (const strategy of ['reset', 'incomplete', 'infer']) {
      const r = await asB('/identity_verification/retry', {
        client_user_id: 'shared-user',
        template_id: TEMPLATE_A,
        strategy,
      });
      expect(r.status).toBe(400);
      expect(r.body.error_code).toBe('INVALID_FIELD');
    }
    const c = await asB('/identity_verification/create', {
      client_user_id: 'other',
      template_id: TEMPLATE_A,
      is_shareable: false,
      gave_consent: true,
    });
    expect(c.status).toBe(400);
  });

  it("lists only its own templates: its default and those it used, never A's", async () => {
    const b = await asB('/weft/identity_verification/template/list', {});
    expect(b.status).toBe(200);
    const ids = (b.body.templates as { template_id: string; is_default: boolean }[]).map(
      (t) => t.template_id,
    );
    expect(ids).not.toContain(TEMPLATE_A);
    const a = await post<Body>(w, '/weft/identity_verification/template/list', { ...auth(w.clientA) });
    const mine = a.body.templates as {
      template_id: string;
      is_default: boolean;
      steps: Record<string, string>;
    }[];
    expect(mine.map((t) => t.template_id)).toContain(TEMPLATE_A);
    expect(mine.filter((t) => t.is_default)).toHaveLength(1);
    expect(mine[0]!.steps.documentary_verification).toBe('fallback');
  });

  it("cannot redact A's session, and A's data stays", async () => {
    const r = await asB('/weft/identity_verification/redact', { identity_verification_id: sessionA });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_FIELD');
    const t = await asB('/weft/identity_verification/template/update', {
      template_id: TEMPLATE_A,
      webhook: null,
    });
    expect(t.status).toBe(400);
    const a = await post<Body>(w, '/identity_verification/get', {
      ...auth(w.clientA),
      identity_verification_id: sessionA,
    });
    expect(a.body.user?.date_of_birth).toBe('1975-01-18');
    expect(a.body.redacted_at).toBeNull();
  });
});
