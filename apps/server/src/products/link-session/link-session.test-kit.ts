import { expect } from 'vitest';
import { auth, post, type TestWeft } from '../../test/harness';
import type { LinkStartResponse } from './link-session.contract';

/** Helpers for the Link session API tests: link tokens and calls authenticated by them. */
export function linkSessionKit(weft: () => TestWeft) {
  async function linkToken(extra: Record<string, unknown> = {}, keys = weft().clientA): Promise<string> {
    const res = await post<{ link_token: string }>(weft(), '/link/token/create', {
      ...auth(keys),
      client_name: 'Test App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u1' },
      products: ['transactions'],
      ...extra,
    });
    expect(res.status).toBe(200);
    return res.body.link_token;
  }

  async function call<T = Record<string, unknown>>(
    token: string,
    path: string,
    body: Record<string, unknown>,
  ) {
    return post<T>(weft(), `/weft/link/session/${path}`, body, { authorization: `Bearer ${token}` });
  }

  async function start(token: string, extra: Record<string, unknown> = {}): Promise<LinkStartResponse> {
    const res = await call<LinkStartResponse>(token, 'start', extra);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function tokenGet(token: string) {
    const res = await post<{ link_sessions: Record<string, unknown>[] }>(weft(), '/link/token/get', {
      ...auth(weft().clientA),
      link_token: token,
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  return { linkToken, call, start, tokenGet };
}
