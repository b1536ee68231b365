import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { parseKeysCommand, runKeysCommand } from '../clients/keys.command';

let w: TestWeft;
beforeAll(async () => {
  w = await createTestWeft();
});
afterAll(async () => w?.close());

function linkToken(keys: ClientKeys, redirectUri: string) {
  return post<{ link_token?: string; error_code?: string; error_type?: string; error_message?: string }>(
    w,
    '/link/token/create',
    {
      ...auth(keys),
      client_name: 'App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u-1' },
      products: ['auth'],
      redirect_uri: redirectUri,
    },
  );
}

/** Runs `weft keys <args>` against the test database; returns the exit code and what it printed. */
async function keys(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const cmd = parseKeysCommand(args);
  if (!cmd) throw new Error(`not a command: ${args.join(' ')}`);
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await runKeysCommand(cmd, w.ctx.clients);
    return {
      code,
      out: out.mock.calls.map((c) => String(c[0])),
      err: err.mock.calls.map((c) => String(c[0])),
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('registered redirect URIs', () => {
  const uri = 'https://app.example/oauth-return';

  it('refuses a redirect_uri the client has not registered, as Plaid does', async () => {
    const r = await linkToken(w.clientA, uri);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    expect(r.body.error_message).toContain('OAuth redirect URI must be configured');
    expect(r.body.error_message).toContain(`weft keys redirect-uris ${w.clientA.clientId} add ${uri}`);
  });

  it('accepts it once registered with weft keys redirect-uris, matched exactly and per client', async () => {
    const added = await keys('redirect-uris', w.clientA.clientId, 'add', uri);
    expect(added).toMatchObject({ code: 0, out: [uri] });
    expect((await linkToken(w.clientA, uri)).status).toBe(200);
    for (const near of [
      `${uri}/`,
      uri.replace('https:', 'http:'),
      `${uri}?x=1`,
      'https://APP.example/oauth-return',
    ])
      expect((await linkToken(w.clientA, near)).body.error_code, near).toBe('INVALID_FIELD');
    // Client A's list is not client B's.
    expect((await linkToken(w.clientB, uri)).body.error_code).toBe('INVALID_FIELD');
    expect((await keys('redirect-uris', w.clientB.clientId)).out).toEqual([]);
  });

  it('refuses it again once removed', async () => {
    expect((await keys('redirect-uris', w.clientA.clientId, 'remove', uri)).code).toBe(0);
    expect((await linkToken(w.clientA, uri)).body.error_code).toBe('INVALID_FIELD');
    expect(await keys('redirect-uris', w.clientA.clientId, 'remove', uri)).toMatchObject({ code: 1 });
  });

  it('registers only http(s) URLs, for clients that exist', async () => {
    for (const bad of ['javascript:alert(1)', 'file:///tmp/x', 'not a url'])
      expect(await keys('redirect-uris', w.clientA.clientId, 'add', bad), bad).toMatchObject({ code: 1 });
    expect(await keys('redirect-uris', 'no-such-client', 'add', uri)).toMatchObject({
      code: 1,
      err: ['no client with id no-such-client'],
    });
    expect((await keys('redirect-uris', 'no-such-client')).code).toBe(1);
  });
});
