import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';

type Created = Record<string, string> & {
  user_token: string;
  user_id: string;
};

describe('/user/create, /user/get, /user/remove', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const create = (clientUserId: string, keys = w.clientA, extra: Record<string, unknown> = {}) =>
    post<Created>(w, '/user/create', { ...auth(keys), client_user_id: clientUserId, ...extra });

  it('creates a user with a sandbox user token and id, and keeps the token only as its digest', async () => {
    const r = await create('app-user-1', w.clientA, { identity: null, consumer_report_user_identity: null });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.user_token).toMatch(/^user-sandbox-[0-9a-f-]{36}$/);
    expect(r.body.user_id).toMatch(/^[A-Za-z0-9]{29}$/);
    const rows = await w.ctx.db.selectFrom('users').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(r.body.user_token);
    expect(rows.map((u) => u.client_user_id)).toContain('app-user-1');

    const got = await post(w, '/user/get', { ...auth(w.clientA), user_id: r.body.user_id });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ user_id: r.body.user_id, client_user_id: 'app-user-1' });
    expect(Date.parse(String(got.body.created_at))).not.toBeNaN();
  });

  it('names the same user again for a client_user_id already used, without a token; another client gets its own', async () => {
    const first = await create('dup-user');
    expect(first.status).toBe(200);
    const again = await create('dup-user');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.user_id).toBe(first.body.user_id);
    expect(again.body.user_token).toBeUndefined();
    const other = await create('dup-user', w.clientB);
    expect(other.status).toBe(200);
    expect(other.body.user_id).not.toBe(first.body.user_id);
    const rows = await w.ctx.db
      .selectFrom('users')
      .where('client_user_id', '=', 'dup-user')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(2);
  });

  it("answers bad input with Plaid's errors", async () => {
    const missing = await post(w, '/user/create', { ...auth(w.clientA) });
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe('MISSING_FIELDS');
    const long = await create('x'.repeat(129));
    expect(long.status).toBe(400);
    expect(long.body.error_type).toBe('INVALID_REQUEST');
    const unknown = await post(w, '/user/get', { ...auth(w.clientA), user_id: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_code).toBe('INVALID_FIELD');
    const neither = await post(w, '/user/remove', { ...auth(w.clientA), user_id: null, user_token: null });
    expect(neither.status).toBe(400);
    expect(neither.body.error_code).toBe('MISSING_FIELDS');
  });

  it("keeps a client's users from another client, and removes a user by token or id", async () => {
    const a1 = (await create('iso-1')).body;
    const a2 = (await create('iso-2')).body;
    const b = auth(w.clientB);
    expect((await post(w, '/user/get', { ...b, user_id: a1.user_id })).status).toBe(400);
    expect((await post(w, '/user/remove', { ...b, user_token: a1.user_token })).status).toBe(400);
    expect((await post(w, '/user/remove', { ...b, user_id: a1.user_id })).status).toBe(400);
    expect((await post(w, '/user/get', { ...auth(w.clientA), user_id: a1.user_id })).status).toBe(200);

    const byToken = await post(w, '/user/remove', { ...auth(w.clientA), user_token: a1.user_token });
    expect(byToken.status, JSON.stringify(byToken.body)).toBe(200);
    expect((await post(w, '/user/get', { ...auth(w.clientA), user_id: a1.user_id })).status).toBe(400);
    expect((await post(w, '/user/remove', { ...auth(w.clientA), user_id: a2.user_id })).status).toBe(200);
    expect((await post(w, '/user/get', { ...auth(w.clientA), user_id: a2.user_id })).status).toBe(400);
  });
});
