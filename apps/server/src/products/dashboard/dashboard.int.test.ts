import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { linkSessionKit } from '../link-session/link-session.test-kit';
import { API_LOG_RETENTION_MS } from './api-log';
import { dashboardOf } from './dashboard.routes';
import { type DashboardSession, dash, setUpOwner, signIn } from './dashboard.test-kit';
import { LOGIN_LIMIT, PRE_SESSION_HEADER, PRE_SESSION_VALUE } from './dashboard-auth';

const preSession = { [PRE_SESSION_HEADER]: PRE_SESSION_VALUE };

describe('dashboard API: setup, sign-in and sessions', () => {
  let weft: TestWeft;

  beforeAll(async () => {
    weft = await createTestWeft();
  });
  afterAll(async () => weft.close());

  it('sets up the first owner only with the one-time code, then never again', async () => {
    const before = await dash(weft, 'GET', '/dashboard/api/session');
    expect(before.body).toMatchObject({ signed_in: false, setup_required: true });
    const code = await dashboardOf(weft.app)!.issueSetupCode();
    const owner = {
      email: 'Owner@Example.com',
      name: 'Owner',
      password: 'correct horse battery',
      team_name: 'Acme',
    };

    const wrong = await dash(weft, 'POST', '/dashboard/api/setup', {
      body: { ...owner, setup_code: 'not-the-code' },
      headers: preSession,
      ip: '10.0.0.1',
    });
    expect(wrong.status).toBe(403);
    const noHeader = await dash(weft, 'POST', '/dashboard/api/setup', {
      body: { ...owner, setup_code: code },
      ip: '10.0.0.1',
    });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body).toMatchObject({ error: { code: 'CSRF_REFUSED' } });
    const short = await dash(weft, 'POST', '/dashboard/api/setup', {
      body: { ...owner, password: 'short', setup_code: code },
      headers: preSession,
      ip: '10.0.0.1',
    });
    expect(short.status).toBe(400);

    const ok = await dash<{ csrf_token: string; user: { role: string; email: string } }>(
      weft,
      'POST',
      '/dashboard/api/setup',
      {
        body: { ...owner, setup_code: code },
        headers: preSession,
        ip: '10.0.0.1',
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ role: 'owner', email: 'owner@example.com' });
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(
      /^weft_dashboard=[A-Za-z0-9_-]{40,}; Path=\/dashboard; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(ok.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    // The code is spent and a member exists: no second setup, and no new code is issued.
    const again = await dash(weft, 'POST', '/dashboard/api/setup', {
      body: { ...owner, email: 'other@example.com', setup_code: code },
      headers: preSession,
      ip: '10.0.0.1',
    });
    expect(again.status).toBe(403);
    await expect(dashboardOf(weft.app)!.issueSetupCode()).resolves.toBeNull();

    // Only a hash of the session token and an scrypt hash of the password are stored.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const db = dashboardOf(weft.app)!.db;
    const sessions = await db.selectFrom('dashboard_sessions').selectAll().execute();
    expect(sessions.map((s) => s.token_hash)).not.toContain(token);
    expect(sessions[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const users = await db.selectFrom('dashboard_users').select('password_hash').execute();
    expect(users[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(users[0]!.password_hash).not.toContain('correct horse');
  });

  it('refuses a wrong password and rate-limits sign-in attempts', async () => {
    const wrong = await dash(weft, 'POST', '/dashboard/api/login', {
      body: { email: 'owner@example.com', password: 'wrong password!!' },
      headers: preSession,
      ip: '10.0.0.2',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const unknown = await dash(weft, 'POST', '/dashboard/api/login', {
      body: { email: 'nobody@example.com', password: 'wrong password!!' },
      headers: preSession,
      ip: '10.0.0.2',
    });
    expect(unknown.status).toBe(401);

    // On PostgreSQL the shared counters' windows are whole clock minutes: start the attempts early
    // in one, so they cannot straddle two windows and find a fresh budget halfway.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const r = await dash(weft, 'POST', '/dashboard/api/login', {
        body: { email: 'target@example.com', password: `guess number ${i}` },
        headers: preSession,
        ip: `10.0.1.${i}`,
      });
      statuses.push(r.status);
    }
    // Per email: from many addresses, still only LOGIN_LIMIT tries a minute.
    expect(statuses.slice(0, LOGIN_LIMIT)).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect(statuses.slice(LOGIN_LIMIT)).toEqual([429, 429]);
    // Even the right password is refused while the budget is spent.
    const right = await dash(weft, 'POST', '/dashboard/api/login', {
      body: { email: 'target@example.com', password: 'correct horse battery' },
      headers: preSession,
      ip: '10.0.2.1',
    });
    expect(right.status).toBe(429);
  });

  it('signs in, answers the session with a CSRF token, and signs out', async () => {
    const s = await signIn(weft, 'owner@example.com', 'correct horse battery');
    const me = await dash(weft, 'GET', '/dashboard/api/session', { session: s });
    expect(me.body).toMatchObject({
      signed_in: true,
      csrf_token: s.csrf,
      user: { role: 'owner', team: { name: 'Acme' } },
    });
    const noCsrf = await dash(weft, 'POST', '/dashboard/api/logout', { session: s, csrf: false });
    expect(noCsrf.status).toBe(403);
    // A password change needs the current password and ends the member's other sessions.
    const other = await signIn(weft, 'owner@example.com', 'correct horse battery', '10.0.3.1');
    const wrongCurrent = await dash(weft, 'POST', '/dashboard/api/password', {
      session: s,
      body: { current_password: 'not it at all', new_password: 'a brand new password' },
    });
    expect(wrongCurrent.status).toBe(401);
    const changed = await dash(weft, 'POST', '/dashboard/api/password', {
      session: s,
      body: { current_password: 'correct horse battery', new_password: 'a brand new password' },
    });
    expect(changed.status).toBe(200);
    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session: other })).status).toBe(401);
    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session: s })).status).toBe(200);
    const oldPassword = await dash(weft, 'POST', '/dashboard/api/login', {
      body: { email: 'owner@example.com', password: 'correct horse battery' },
      headers: preSession,
      ip: '10.0.3.2',
    });
    expect(oldPassword.status).toBe(401);
    await signIn(weft, 'owner@example.com', 'a brand new password', '10.0.3.3');
    const out = await dash(weft, 'POST', '/dashboard/api/logout', { session: s });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await dash(weft, 'GET', '/dashboard/api/keys', { session: s });
    expect(after.status).toBe(401);
  });
});

describe('dashboard API: keys, Items, logs, roles, CSRF and the boundary with the Plaid API', () => {
  let weft: TestWeft;
  let owner: DashboardSession;

  beforeAll(async () => {
    weft = await createTestWeft();
    owner = await setUpOwner(weft);
  });
  afterAll(async () => weft.close());

  it('adopts the clients that existed at setup and creates keys whose secret is shown once', async () => {
    const list = await dash<{ keys: { client_id: string; origin: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/keys',
      { session: owner },
    );
    expect(list.body.keys.map((k) => k.client_id).sort()).toEqual(
      [weft.clientA.clientId, weft.clientB.clientId].sort(),
    );
    expect(list.body.keys.every((k) => k.origin === 'adopted')).toBe(true);

    const made = await dash<{ client_id: string; secret: string; env: string }>(
      weft,
      'POST',
      '/dashboard/api/keys',
      {
        session: owner,
        body: { name: 'web app', env: 'sandbox' },
      },
    );
    expect(made.status).toBe(200);
    expect(made.body.secret).toMatch(/^[0-9a-f]{30}$/);
    const again = await dash(weft, 'GET', '/dashboard/api/keys', { session: owner });
    expect(JSON.stringify(again.body)).not.toContain(made.body.secret);

    // The keys work on the Plaid API; after rotation only the new secret does; after revocation none.
    const keys = { clientId: made.body.client_id, secret: made.body.secret };
    await createItem(weft, keys);
    const rotated = await dash<{ secret: string }>(
      weft,
      'POST',
      `/dashboard/api/keys/${keys.clientId}/rotate`,
      { session: owner },
    );
    expect(rotated.status).toBe(200);
    const old = await post(weft, '/institutions/get_by_id', {
      ...auth(keys),
      institution_id: 'ins_109508',
      country_codes: ['US'],
    });
    expect(old.body).toMatchObject({ error_code: 'INVALID_API_KEYS' });
    const fresh = { clientId: keys.clientId, secret: rotated.body.secret };
    const works = await post(weft, '/institutions/get_by_id', {
      ...auth(fresh),
      institution_id: 'ins_109508',
      country_codes: ['US'],
    });
    expect(works.status).toBe(200);
    const revoked = await dash(weft, 'POST', `/dashboard/api/keys/${keys.clientId}/revoke`, {
      session: owner,
    });
    expect(revoked.status).toBe(200);
    const gone = await post(weft, '/institutions/get_by_id', {
      ...auth(fresh),
      institution_id: 'ins_109508',
      country_codes: ['US'],
    });
    expect(gone.body).toMatchObject({ error_code: 'INVALID_API_KEYS' });

    const audit = await dash<{ entries: { action: string; target: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/audit',
      { session: owner },
    );
    expect(audit.body.entries.map((e) => e.action)).toEqual(['key.revoke', 'key.rotate', 'key.create']);
    expect(audit.body.entries.every((e) => e.target === keys.clientId)).toBe(true);
  });

  it('reads null on an optional field as left out, and refuses null on a required one', async () => {
    const made = await dash<{ env: string; client_id: string }>(weft, 'POST', '/dashboard/api/keys', {
      session: owner,
      body: { name: 'null env', env: null },
    });
    expect(made.status).toBe(200);
    expect(made.body.env).toBe('sandbox');
    await dash(weft, 'POST', `/dashboard/api/keys/${made.body.client_id}/revoke`, { session: owner });
    const required = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: owner,
      body: { name: null },
    });
    expect(required.status).toBe(400);
    expect(required.body).toMatchObject({ error: { code: 'INVALID_FIELD' } });
  });

  it('refuses state changes without the CSRF token or from another origin', async () => {
    const none = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: owner,
      csrf: false,
      body: { name: 'x' },
    });
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ error: { code: 'CSRF_REFUSED' } });
    const wrong = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: { ...owner, csrf: 'A'.repeat(43) },
      body: { name: 'x' },
    });
    expect(wrong.status).toBe(403);
    const foreign = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: owner,
      body: { name: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const keys = await dash<{ keys: { name: string }[] }>(weft, 'GET', '/dashboard/api/keys', {
      session: owner,
    });
    expect(keys.body.keys.map((k) => k.name)).not.toContain('x');
  });

  it('never accepts API keys on dashboard endpoints, nor dashboard cookies on Plaid endpoints', async () => {
    for (const url of ['/dashboard/api/keys', '/dashboard/api/items', '/dashboard/api/logs']) {
      const byHeaders = await dash(weft, 'GET', url, {
        headers: { 'plaid-client-id': weft.clientA.clientId, 'plaid-secret': weft.clientA.secret },
      });
      expect(byHeaders.status).toBe(401);
      expect(byHeaders.body).toMatchObject({ error: { code: 'API_KEYS_NOT_ACCEPTED' } });
      // Not even beside a valid session.
      const both = await dash(weft, 'GET', url, {
        session: owner,
        headers: { 'plaid-secret': weft.clientA.secret },
      });
      expect(both.status).toBe(401);
    }
    const inBody = await dash(weft, 'POST', '/dashboard/api/keys', {
      body: { name: 'x', ...auth(weft.clientA) },
    });
    expect(inBody.status).toBe(401);
    const inBodyWithSession = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: owner,
      body: { name: 'x', ...auth(weft.clientA) },
    });
    expect(inBodyWithSession.status).toBe(401);
    expect(inBodyWithSession.body).toMatchObject({ error: { code: 'API_KEYS_NOT_ACCEPTED' } });

    const item = await createItem(weft, weft.clientA);
    for (const [url, body] of [
      ['/accounts/get', { access_token: item.accessToken }],
      ['/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: ['transactions'] }],
      ['/item/remove', { access_token: item.accessToken }],
    ] as const) {
      const res = await post(weft, url, body, { cookie: owner.cookie, 'x-csrf-token': owner.csrf });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'MISSING_FIELDS' });
    }
    const still = await post(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: item.accessToken,
    });
    expect(still.status).toBe(200);
  });

  it('lists Items with status and acts on them through the sandbox services, audited', async () => {
    const created = await createItem(weft, weft.clientA, {
      options: { webhook: 'https://hooks.example.com/w' },
    });
    const { itemId } = created;
    const byId = await dash<{
      items: {
        item_id: string;
        status: string;
        products: string[];
        webhook: string;
        institution_name: string;
      }[];
    }>(weft, 'GET', `/dashboard/api/items?q=${itemId}`, { session: owner });
    expect(byId.body.items).toHaveLength(1);
    expect(byId.body.items[0]).toMatchObject({
      item_id: itemId,
      status: 'healthy',
      webhook: 'https://hooks.example.com/w',
      institution_name: 'First Platypus Bank',
    });
    expect(byId.body.items[0]!.products).toContain('transactions');
    const status = await post<{
      status: { transactions: { last_successful_update: string | null; last_failed_update: string | null } };
    }>(weft, '/item/get', { ...auth(weft.clientA), access_token: created.accessToken });
    expect((byId.body.items[0] as unknown as { transactions: unknown }).transactions).toEqual(
      status.body.status.transactions,
    );
    const byName = await dash<{ items: { item_id: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/items?q=platypus',
      { session: owner },
    );
    expect(byName.body.items.map((i) => i.item_id)).toContain(itemId);
    const none = await dash<{ items: unknown[] }>(weft, 'GET', '/dashboard/api/items?q=tartan', {
      session: owner,
    });
    expect(none.body.items).toEqual([]);

    const fired = await dash(weft, 'POST', `/dashboard/api/items/${itemId}/fire_webhook`, {
      session: owner,
      body: { webhook_code: 'DEFAULT_UPDATE' },
    });
    expect(fired.status).toBe(200);
    const hooks = await dash<{ deliveries: { id: number; webhook_code: string; item_id: string }[] }>(
      weft,
      'GET',
      `/dashboard/api/webhooks?item_id=${itemId}`,
      { session: owner },
    );
    expect(hooks.body.deliveries.map((d) => d.webhook_code)).toContain('DEFAULT_UPDATE');
    const replay = await dash<{ replayed_as: number }>(
      weft,
      'POST',
      `/dashboard/api/webhooks/${hooks.body.deliveries[0]!.id}/replay`,
      {
        session: owner,
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.body.replayed_as).toBeGreaterThan(hooks.body.deliveries[0]!.id);

    const reset = await dash(weft, 'POST', `/dashboard/api/items/${itemId}/reset_login`, { session: owner });
    expect(reset.status).toBe(200);
    const after = await dash<{ items: { status: string; error: { error_code: string } }[] }>(
      weft,
      'GET',
      `/dashboard/api/items?q=${itemId}`,
      {
        session: owner,
      },
    );
    expect(after.body.items[0]).toMatchObject({
      status: 'error',
      error: { error_code: 'ITEM_LOGIN_REQUIRED' },
    });

    const removed = await dash(weft, 'POST', `/dashboard/api/items/${itemId}/remove`, { session: owner });
    expect(removed.status).toBe(200);
    const gone = await dash<{ items: unknown[] }>(weft, 'GET', `/dashboard/api/items?q=${itemId}`, {
      session: owner,
    });
    expect(gone.body.items).toEqual([]);
    const audit = await dash<{ entries: { action: string; target: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/audit',
      { session: owner },
    );
    expect(audit.body.entries.slice(0, 4).map((e) => e.action)).toEqual([
      'item.remove',
      'item.reset_login',
      'webhook.replay',
      'item.fire_webhook',
    ]);
  });

  it('shows Plaid API requests with status, latency, error code and redacted bodies', async () => {
    const { accessToken } = await createItem(weft, weft.clientA);
    const bad = await post(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000',
    });
    expect(bad.status).toBe(400);
    const logs = await dash<{
      requests: {
        id: number;
        path: string;
        status: number;
        error_code: string | null;
        request_id: string;
        latency_ms: number;
      }[];
    }>(weft, 'GET', '/dashboard/api/logs?status=error&path=/accounts/get', { session: owner });
    expect(logs.status).toBe(200);
    const entry = logs.body.requests.find((r) => r.request_id === bad.body.request_id);
    expect(entry).toMatchObject({ path: '/accounts/get', status: 400, error_code: 'INVALID_ACCESS_TOKEN' });
    expect(entry!.latency_ms).toBeGreaterThanOrEqual(0);

    const all = await dash<{ requests: { id: number; path: string; request_id: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/logs?path=/item/public_token/exchange',
      { session: owner },
    );
    const exchange = await dash<{
      request: {
        request_id: string;
        request_body: Record<string, unknown>;
        response_body: Record<string, unknown>;
      };
    }>(weft, 'GET', `/dashboard/api/logs/${all.body.requests[0]!.id}`, { session: owner });
    expect(exchange.body.request.request_id).toBe(all.body.requests[0]!.request_id);
    expect(exchange.body.request.request_body).toMatchObject({
      client_id: weft.clientA.clientId,
      secret: '[redacted]',
      public_token: '[redacted]',
    });
    expect(exchange.body.request.response_body).toMatchObject({ access_token: '[redacted]' });
    const text = JSON.stringify(exchange.body);
    expect(text).not.toContain(weft.clientA.secret);
    expect(text).not.toContain(accessToken);
    // Only errors when asked for errors.
    const ok = await dash<{ requests: { status: number }[] }>(weft, 'GET', '/dashboard/api/logs?status=ok', {
      session: owner,
    });
    expect(ok.body.requests.length).toBeGreaterThan(0);
    expect(ok.body.requests.every((r) => r.status < 400)).toBe(true);
  });

  it('lets owners manage members, developers change keys and Items, and viewers only look', async () => {
    const viewer = await dash<{ password: string }>(weft, 'POST', '/dashboard/api/members', {
      session: owner,
      body: { email: 'viewer@example.com', name: 'Vi', role: 'viewer' },
    });
    expect(viewer.status).toBe(200);
    expect(viewer.body.password.length).toBeGreaterThanOrEqual(16);
    const dev = await dash<{ password: string }>(weft, 'POST', '/dashboard/api/members', {
      session: owner,
      body: { email: 'dev@example.com', name: 'Dev', role: 'developer' },
    });
    const v = await signIn(weft, 'viewer@example.com', viewer.body.password, '10.1.0.1');
    const d = await signIn(weft, 'dev@example.com', dev.body.password, '10.1.0.2');
    const { itemId } = await createItem(weft, weft.clientA);

    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session: v })).status).toBe(200);
    expect((await dash(weft, 'GET', '/dashboard/api/items', { session: v })).status).toBe(200);
    for (const [url, body] of [
      ['/dashboard/api/keys', { name: 'nope' }],
      [`/dashboard/api/keys/${weft.clientB.clientId}/revoke`, {}],
      [`/dashboard/api/items/${itemId}/remove`, {}],
      [`/dashboard/api/items/${itemId}/reset_login`, {}],
      ['/dashboard/api/members', { email: 'x@example.com', name: 'X', role: 'owner' }],
    ] as const) {
      const r = await dash(weft, 'POST', url, { session: v, body });
      expect(r.status, url).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const devKey = await dash(weft, 'POST', '/dashboard/api/keys', { session: d, body: { name: 'dev key' } });
    expect(devKey.status).toBe(200);
    const devMember = await dash(weft, 'POST', '/dashboard/api/members', {
      session: d,
      body: { email: 'y@example.com', name: 'Y', role: 'viewer' },
    });
    expect(devMember.status).toBe(403);

    // A removed member's session ends at once.
    const members = await dash<{ members: { user_id: string; email: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/members',
      { session: owner },
    );
    const vid = members.body.members.find((m) => m.email === 'viewer@example.com')!.user_id;
    // Only an owner changes roles, never their own; the new role applies to the member's live session.
    const did = members.body.members.find((m) => m.email === 'dev@example.com')!.user_id;
    const byDev = await dash(weft, 'POST', `/dashboard/api/members/${vid}/role`, {
      session: d,
      body: { role: 'owner' },
    });
    expect(byDev.status).toBe(403);
    const ownerId = members.body.members.find((m) => m.email === 'owner@example.com')!.user_id;
    const own = await dash(weft, 'POST', `/dashboard/api/members/${ownerId}/role`, {
      session: owner,
      body: { role: 'viewer' },
    });
    expect(own.status).toBe(400);
    const demoted = await dash(weft, 'POST', `/dashboard/api/members/${did}/role`, {
      session: owner,
      body: { role: 'viewer' },
    });
    expect(demoted.status).toBe(200);
    const devNow = await dash(weft, 'POST', '/dashboard/api/keys', {
      session: d,
      body: { name: 'after demotion' },
    });
    expect(devNow.status).toBe(403);
    const badRole = await dash(weft, 'POST', `/dashboard/api/members/${did}/role`, {
      session: owner,
      body: { role: 'admin' },
    });
    expect(badRole.status).toBe(400);
    expect(
      (await dash(weft, 'POST', `/dashboard/api/members/${vid}/remove`, { session: owner })).status,
    ).toBe(200);
    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session: v })).status).toBe(401);
  });
});

describe('dashboard API: team isolation', () => {
  let weft: TestWeft;
  let teamA: DashboardSession;
  let teamB: DashboardSession;

  beforeAll(async () => {
    weft = await createTestWeft();
    teamA = await setUpOwner(weft);
    await dashboardOf(weft.app)!.createTeam({
      teamName: 'Other',
      email: 'b@example.com',
      name: 'B',
      password: 'another long password',
    });
    teamB = await signIn(weft, 'b@example.com', 'another long password', '10.2.0.1');
  });
  afterAll(async () => weft.close());

  it("never shows or changes another team's keys, Items, requests, webhooks or audit", async () => {
    const { itemId } = await createItem(weft, weft.clientA, {
      options: { webhook: 'https://hooks.example.com/a' },
    });
    await dash(weft, 'POST', `/dashboard/api/items/${itemId}/fire_webhook`, {
      session: teamA,
      body: { webhook_code: 'DEFAULT_UPDATE' },
    });
    const bKey = await dash<{ client_id: string; secret: string }>(weft, 'POST', '/dashboard/api/keys', {
      session: teamB,
      body: { name: 'b app' },
    });
    const bItem = await createItem(weft, { clientId: bKey.body.client_id, secret: bKey.body.secret });

    const bKeys = await dash<{ keys: { client_id: string }[] }>(weft, 'GET', '/dashboard/api/keys', {
      session: teamB,
    });
    expect(bKeys.body.keys.map((k) => k.client_id)).toEqual([bKey.body.client_id]);
    const aKeys = await dash<{ keys: { client_id: string }[] }>(weft, 'GET', '/dashboard/api/keys', {
      session: teamA,
    });
    expect(aKeys.body.keys.map((k) => k.client_id)).not.toContain(bKey.body.client_id);

    const bItems = await dash<{ items: { item_id: string }[] }>(weft, 'GET', '/dashboard/api/items', {
      session: teamB,
    });
    expect(bItems.body.items.map((i) => i.item_id)).toEqual([bItem.itemId]);
    const aItems = await dash<{ items: { item_id: string }[] }>(weft, 'GET', '/dashboard/api/items', {
      session: teamA,
    });
    expect(aItems.body.items.map((i) => i.item_id)).toEqual([itemId]);
    const searched = await dash<{ items: unknown[] }>(weft, 'GET', `/dashboard/api/items?q=${itemId}`, {
      session: teamB,
    });
    expect(searched.body.items).toEqual([]);

    const bLogs = await dash<{ requests: { client_id: string; id: number }[] }>(
      weft,
      'GET',
      '/dashboard/api/logs',
      { session: teamB },
    );
    expect(bLogs.body.requests.length).toBeGreaterThan(0);
    expect(bLogs.body.requests.every((r) => r.client_id === bKey.body.client_id)).toBe(true);
    const aLogs = await dash<{ requests: { id: number }[] }>(
      weft,
      'GET',
      `/dashboard/api/logs?client_id=${weft.clientA.clientId}`,
      { session: teamA },
    );
    const foreignLog = await dash(weft, 'GET', `/dashboard/api/logs/${aLogs.body.requests[0]!.id}`, {
      session: teamB,
    });
    expect(foreignLog.status).toBe(404);
    const filtered = await dash<{ requests: unknown[] }>(
      weft,
      'GET',
      `/dashboard/api/logs?client_id=${weft.clientA.clientId}`,
      { session: teamB },
    );
    expect(filtered.body.requests).toEqual([]);

    const aHooks = await dash<{ deliveries: { id: number }[] }>(weft, 'GET', '/dashboard/api/webhooks', {
      session: teamA,
    });
    expect(aHooks.body.deliveries.length).toBeGreaterThan(0);
    const bHooks = await dash<{ deliveries: { id: number; client_id: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/webhooks',
      {
        session: teamB,
      },
    );
    expect(bHooks.body.deliveries.length).toBeGreaterThan(0);
    expect(bHooks.body.deliveries.every((d) => d.client_id === bKey.body.client_id)).toBe(true);
    const aIds = new Set(aHooks.body.deliveries.map((d) => d.id));
    expect(bHooks.body.deliveries.some((d) => aIds.has(d.id))).toBe(false);

    for (const url of [
      `/dashboard/api/items/${itemId}/remove`,
      `/dashboard/api/items/${itemId}/reset_login`,
      `/dashboard/api/keys/${weft.clientA.clientId}/rotate`,
      `/dashboard/api/keys/${weft.clientA.clientId}/revoke`,
      `/dashboard/api/webhooks/${aHooks.body.deliveries[0]!.id}/replay`,
    ]) {
      const r = await dash(weft, 'POST', url, { session: teamB });
      expect(r.status, url).toBe(404);
    }
    const fire = await dash(weft, 'POST', `/dashboard/api/items/${itemId}/fire_webhook`, {
      session: teamB,
      body: { webhook_code: 'DEFAULT_UPDATE' },
    });
    expect(fire.status).toBe(404);
    // Team A's Item and client are untouched.
    const still = await post(weft, '/item/get', {
      ...auth(weft.clientA),
      access_token: (await createItem(weft, weft.clientA)).accessToken,
    });
    expect(still.status).toBe(200);
    const aAfter = await dash<{ items: { item_id: string; status: string }[] }>(
      weft,
      'GET',
      `/dashboard/api/items?q=${itemId}`,
      { session: teamA },
    );
    expect(aAfter.body.items[0]).toMatchObject({ item_id: itemId, status: 'healthy' });

    const bAudit = await dash<{ entries: { action: string }[] }>(weft, 'GET', '/dashboard/api/audit', {
      session: teamB,
    });
    expect(bAudit.body.entries.map((e) => e.action)).toEqual(['key.create']);
  });

  it("shows a team its own Link sessions as timelines of Link's event names, and no other team's", async () => {
    const kit = linkSessionKit(() => weft);
    const token = await kit.linkToken();
    const started = await kit.start(token);
    // What Link's page reports as the user moves through it (Plaid's onEvent names).
    const sent = await kit.call(token, 'events', {
      link_session_id: started.link_session_id,
      events: [
        { event_name: 'OPEN', metadata: { view_name: 'CONSENT' } },
        { event_name: 'TRANSITION_VIEW', metadata: { view_name: 'SELECT_INSTITUTION' } },
      ],
    });
    expect(sent.status).toBe(200);
    const a = await dash<{
      sessions: { link_session_id: string; client_id: string; events: { event_name: string }[] }[];
    }>(weft, 'GET', '/dashboard/api/link_sessions', { session: teamA });
    const mine = a.body.sessions.find((x) => x.link_session_id === started.link_session_id);
    expect(mine?.client_id).toBe(weft.clientA.clientId);
    expect(mine?.events.map((e) => e.event_name)).toEqual(
      expect.arrayContaining(['OPEN', 'TRANSITION_VIEW']),
    );
    const names = mine!.events.map((e) => e.event_name);
    expect(names.indexOf('OPEN')).toBeLessThan(names.indexOf('TRANSITION_VIEW'));
    const b = await dash<{ sessions: { link_session_id: string }[] }>(
      weft,
      'GET',
      '/dashboard/api/link_sessions',
      {
        session: teamB,
      },
    );
    expect(b.body.sessions.map((x) => x.link_session_id)).not.toContain(started.link_session_id);
  });
});

describe('dashboard API: setup codes and sessions expire', () => {
  let weft: TestWeft;
  const clock = new FixedClock(new Date('2026-12-01T00:00:00Z'));

  beforeAll(async () => {
    weft = await createTestWeft({ clock });
  });
  afterAll(async () => weft.close());

  const setup = (code: string) =>
    dash(weft, 'POST', '/dashboard/api/setup', {
      body: {
        setup_code: code,
        team_name: 'T',
        email: 'o@example.com',
        name: 'O',
        password: 'a long enough password',
      },
      headers: preSession,
      ip: '10.3.0.1',
    });

  it('accepts only the latest setup code, within 24 hours; a session ends after 12 hours', async () => {
    const service = dashboardOf(weft.app)!;
    const first = (await service.issueSetupCode())!;
    const second = (await service.issueSetupCode())!;
    expect((await setup(first)).status).toBe(403);
    clock.advance(24 * 3_600_000 + 1000);
    expect((await setup(second)).status).toBe(403);
    const ok = await setup((await service.issueSetupCode())!);
    expect(ok.status).toBe(200);
    const session = {
      cookie: String(ok.headers['set-cookie']).split(';')[0]!,
      csrf: String(ok.body.csrf_token),
    };
    clock.advance(12 * 3_600_000 - 1000);
    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session })).status).toBe(200);
    clock.advance(2000);
    expect((await dash(weft, 'GET', '/dashboard/api/keys', { session })).status).toBe(401);
  });
  it('purges API requests older than the retention', async () => {
    const service = dashboardOf(weft.app)!;
    const row = (request_id: string, at: Date) => ({
      request_id,
      client_id: weft.clientA.clientId,
      path: '/item/get',
      status: 200,
      latency_ms: 1,
      error_code: null,
      item_id: null,
      request_body: '{}',
      response_body: '{}',
      created_at: at.toISOString(),
    });
    const now = clock.now();
    await service.db
      .insertInto('dashboard_api_requests')
      .values([
        row('old', new Date(now.getTime() - API_LOG_RETENTION_MS - 1000)),
        row('fresh', new Date(now.getTime() - API_LOG_RETENTION_MS + 60_000)),
      ])
      .execute();
    await service.apiLog.purge(true);
    const left = await service.db.selectFrom('dashboard_api_requests').select('request_id').execute();
    expect(left.map((r) => r.request_id)).toEqual(['fresh']);
  });
});
