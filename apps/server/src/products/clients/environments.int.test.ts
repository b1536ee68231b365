import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSandboxOnlyPath } from '../../http/sandbox-only';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkInstitution, LinkPane, LinkStartResponse } from '../link-session/link-session.contract';
import { b64, OFX_OCTOBER, ofxChecking } from '../statement-import/statement-fixtures.test-kit';
import type { ClientKeys } from './clients.service';

interface PlaidErrorBody {
  error_type: string;
  error_code: string;
}

const OCTOBER = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
const SANDBOX_BANK = 'ins_109508';

let w: TestWeft;
let prod: ClientKeys;
const clock = new FixedClock(new Date('2026-12-01T12:00:00Z'));

beforeAll(async () => {
  w = await createTestWeft({ clock });
  prod = await w.ctx.clients.create('live app', 'production');
});
afterAll(() => w.close());

/** Imports one statement with these keys; answers the public token of the new Item. */
async function importStatement(keys: ClientKeys, text = OCTOBER): Promise<string> {
  const r = await post<{ public_token: string }>(w, '/weft/statements/import', {
    ...auth(keys),
    files: [{ name: 'october.ofx', content_base64: b64(text) }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.public_token;
}

async function exchange(keys: ClientKeys, publicToken: string) {
  return post<{ access_token: string; item_id: string } & PlaidErrorBody>(w, '/item/public_token/exchange', {
    ...auth(keys),
    public_token: publicToken,
  });
}

async function linkToken(keys: ClientKeys): Promise<string> {
  const r = await post<{ link_token: string }>(w, '/link/token/create', {
    ...auth(keys),
    client_name: 'Test App',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'u1' },
    products: ['transactions'],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.link_token;
}

function session<T>(token: string, path: string, body: Record<string, unknown>) {
  return post<T>(w, `/weft/link/session/${path}`, body, { authorization: `Bearer ${token}` });
}

describe('environments', () => {
  it('clients are sandbox unless made for production, and the client row says so', async () => {
    const rows = await w.ctx.db.selectFrom('clients').select(['client_id', 'env']).execute();
    const env = Object.fromEntries(rows.map((r) => [r.client_id, r.env]));
    expect(env[w.clientA.clientId]).toBe('sandbox');
    expect(env[prod.clientId]).toBe('production');
  });

  it('production keys import a statement and get production tokens end to end, and /accounts/get reads the Item', async () => {
    const publicToken = await importStatement(prod);
    expect(publicToken).toMatch(/^public-production-[0-9a-f-]{36}$/);
    const ex = await exchange(prod, publicToken);
    expect(ex.status).toBe(200);
    expect(ex.body.access_token).toMatch(/^access-production-[0-9a-f-]{36}$/);

    const accounts = await post<{ accounts: { balances: { current: number } }[]; item: { item_id: string } }>(
      w,
      '/accounts/get',
      { ...auth(prod), access_token: ex.body.access_token },
    );
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts).toHaveLength(1);
    expect(accounts.body.item.item_id).toBe(ex.body.item_id);
    const row = await w.ctx.db
      .selectFrom('items')
      .select(['env', 'institution_id'])
      .where('item_id', '=', ex.body.item_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ env: 'production', institution_id: 'ins_weft_files' });

    const rotated = await post<{ new_access_token: string }>(w, '/item/access_token/invalidate', {
      ...auth(prod),
      access_token: ex.body.access_token,
    });
    expect(rotated.body.new_access_token).toMatch(/^access-production-/);
    expect(await linkToken(prod)).toMatch(/^link-production-/);
    expect(await linkToken(w.clientA)).toMatch(/^link-sandbox-/);
  });

  it('production keys neither list nor find the simulated banks; statement uploads stay reachable by id', async () => {
    const listed = await post<{ institutions: unknown[]; total: number }>(w, '/institutions/get', {
      ...auth(prod),
      count: 500,
      offset: 0,
      country_codes: ['US', 'GB', 'FR', 'ES', 'DE', 'NL', 'IE', 'CA'],
    });
    expect(listed.status).toBe(200);
    // Only real sources (Weft's own ids: live banks such as OFX Direct Connect's), no simulated bank.
    const live = listed.body.institutions as { institution_id: string }[];
    expect(live.every((i) => i.institution_id.startsWith('ins_weft_'))).toBe(true);
    expect(listed.body.total).toBe(live.length);
    const sandboxListed = await post<{ total: number }>(w, '/institutions/get', {
      ...auth(w.clientA),
      count: 10,
      offset: 0,
      country_codes: ['US'],
    });
    expect(sandboxListed.body.total).toBeGreaterThan(0);

    const search = await post<{ institutions: unknown[] }>(w, '/institutions/search', {
      ...auth(prod),
      query: 'platypus',
      products: null,
      country_codes: ['US'],
    });
    expect(search.status).toBe(200);
    expect(search.body.institutions).toEqual([]);

    const byId = await post<PlaidErrorBody>(w, '/institutions/get_by_id', {
      ...auth(prod),
      institution_id: SANDBOX_BANK,
      country_codes: ['US'],
    });
    expect(byId.status).toBe(400);
    expect(byId.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_INSTITUTION' });
    const files = await post<{ institution: { institution_id: string } }>(w, '/institutions/get_by_id', {
      ...auth(prod),
      institution_id: 'ins_weft_files',
      country_codes: ['US'],
    });
    expect(files.status).toBe(200);
  });

  it('production Link offers only statement uploads, and picking a sandbox bank is refused before any sign-in', async () => {
    const token = await linkToken(prod);
    const started = await session<LinkStartResponse>(token, 'start', {});
    expect(started.status).toBe(200);
    expect(started.body.popular.every((i) => i.institution_id.startsWith('ins_weft_'))).toBe(true);
    const id = started.body.link_session_id;

    const platypus = await session<{ institutions: LinkInstitution[] }>(token, 'search', {
      link_session_id: id,
      query: 'first platypus',
    });
    expect(platypus.body.institutions).toEqual([]);
    const statements = await session<{ institutions: LinkInstitution[] }>(token, 'search', {
      link_session_id: id,
      query: 'statements',
    });
    expect(statements.body.institutions.map((i) => i.institution_id)).toEqual(['ins_weft_files']);

    const picked = await session<PlaidErrorBody>(token, 'institution', {
      link_session_id: id,
      institution_id: SANDBOX_BANK,
    });
    expect(picked.status).toBe(400);
    expect(picked.body.error_code).toBe('INVALID_INSTITUTION');
    const login = await session<PlaidErrorBody>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    expect(login.status).toBe(400);
    const upload = await session<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_weft_files',
    });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ pane: 'files' });

    // The sandbox's list is unchanged for sandbox keys.
    const sandboxToken = await linkToken(w.clientA);
    const sandboxStart = await session<LinkStartResponse>(sandboxToken, 'start', {});
    expect(sandboxStart.body.popular.length).toBeGreaterThan(0);
  });

  it('an Item is never made for production keys at a sandbox bank, whatever path asks', async () => {
    await expect(
      w.ctx.items.createItem({
        clientId: prod.clientId,
        env: 'production',
        institutionId: SANDBOX_BANK,
        connector: 'sandbox',
        login: { username: 'user_good', seed: 'prod-at-sandbox' },
        accounts: [],
        products: ['transactions'],
        webhook: null,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INSTITUTION' });
    const count = await w.ctx.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_id', '=', prod.clientId)
      .where('institution_id', '=', SANDBOX_BANK)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('every sandbox-only endpoint refuses production keys with INVALID_REQUEST/SANDBOX_ONLY, whatever the body', async () => {
    const paths = w.routes
      .filter((r) => r.startsWith('POST '))
      .map((r) => r.slice(5))
      .filter(isSandboxOnlyPath);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/sandbox/public_token/create',
        '/sandbox/item/reset_login',
        '/weft/sandbox/clock/advance',
      ]),
    );
    for (const p of paths) {
      const r = await post<PlaidErrorBody>(w, p, { ...auth(prod) });
      expect({ p, status: r.status, type: r.body.error_type, code: r.body.error_code }).toEqual({
        p,
        status: 400,
        type: 'INVALID_REQUEST',
        code: 'SANDBOX_ONLY',
      });
      const sandbox = await post<PlaidErrorBody>(w, p, { ...auth(w.clientA) });
      expect(sandbox.body.error_code, p).not.toBe('SANDBOX_ONLY');
    }
    const created = await post<PlaidErrorBody>(w, '/sandbox/public_token/create', {
      ...auth(prod),
      institution_id: SANDBOX_BANK,
      initial_products: ['transactions'],
    });
    expect(created.status).toBe(400);
    expect(created.body.error_code).toBe('SANDBOX_ONLY');
  });

  it("a token of one environment is refused with the other environment's keys", async () => {
    const sandboxItem = await createItem(w, w.clientA);
    expect(sandboxItem.accessToken).toMatch(/^access-sandbox-/);
    const prodPublic = await importStatement(prod, OCTOBER.replace('1234.56', '99.00'));
    const prodAccess = (await exchange(prod, await importStatement(prod))).body.access_token;

    const sandboxWithProd = await post<PlaidErrorBody>(w, '/accounts/get', {
      ...auth(prod),
      access_token: sandboxItem.accessToken,
    });
    expect(sandboxWithProd.status).toBe(400);
    expect(sandboxWithProd.body).toMatchObject({
      error_type: 'INVALID_INPUT',
      error_code: 'INVALID_ACCESS_TOKEN',
    });
    const prodWithSandbox = await post<PlaidErrorBody>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: prodAccess,
    });
    expect(prodWithSandbox.body.error_code).toBe('INVALID_ACCESS_TOKEN');

    const refused = await exchange(w.clientA, prodPublic);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_PUBLIC_TOKEN' });
    // The refused attempt did not spend it: its own environment's keys still exchange it.
    expect((await exchange(prod, prodPublic)).status).toBe(200);

    const prodLink = await linkToken(prod);
    const linkGet = await post<PlaidErrorBody>(w, '/link/token/get', {
      ...auth(w.clientA),
      link_token: prodLink,
    });
    expect(linkGet.status).toBe(400);
    expect(linkGet.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN' });
    const ownGet = await post(w, '/link/token/get', { ...auth(prod), link_token: prodLink });
    expect(ownGet.status).toBe(200);
  });
});
