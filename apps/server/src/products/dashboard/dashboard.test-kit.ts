import type { TestWeft } from '../../test/harness';
import { dashboardOf } from './dashboard.routes';
import { CSRF_HEADER, PRE_SESSION_HEADER, PRE_SESSION_VALUE } from './dashboard-auth';

/** A signed-in browser, as far as the dashboard API can tell: its cookie and CSRF token. */
export interface DashboardSession {
  cookie: string;
  csrf: string;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** Calls the dashboard API in-process, with a session's cookie and CSRF header when given. */
export async function dash<T = Record<string, unknown>>(
  weft: TestWeft,
  method: 'GET' | 'POST',
  url: string,
  opts: {
    session?: DashboardSession;
    body?: unknown;
    headers?: Record<string, string>;
    ip?: string;
    csrf?: boolean;
  } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    if (method === 'POST' && opts.csrf !== false) headers[CSRF_HEADER] = opts.session.csrf;
  }
  if (method === 'POST') headers['content-type'] = 'application/json';
  const res = await weft.app.inject({
    method,
    url,
    headers,
    remoteAddress: opts.ip ?? '127.0.0.1',
    ...(method === 'POST' ? { payload: JSON.stringify(opts.body ?? {}) } : {}),
  });
  return { status: res.statusCode, body: res.json() as T, headers: res.headers };
}

/** Signs in (sign-in header, from its own address so rate limits of other tests do not apply). */
export async function signIn(
  weft: TestWeft,
  email: string,
  password: string,
  ip = '127.0.0.9',
): Promise<DashboardSession> {
  const res = await dash<{ csrf_token: string }>(weft, 'POST', '/dashboard/api/login', {
    body: { email, password },
    headers: { [PRE_SESSION_HEADER]: PRE_SESSION_VALUE },
    ip,
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.body.csrf_token };
}

/** First-run setup through the API with a fresh setup code; the owner's session. */
export async function setUpOwner(
  weft: TestWeft,
  owner = { email: 'owner@example.com', name: 'Owner', password: 'correct horse battery', team_name: 'Acme' },
): Promise<DashboardSession> {
  const code = await dashboardOf(weft.app)!.issueSetupCode();
  if (!code) throw new Error('already set up');
  const res = await dash<{ csrf_token: string }>(weft, 'POST', '/dashboard/api/setup', {
    body: { setup_code: code, ...owner },
    headers: { [PRE_SESSION_HEADER]: PRE_SESSION_VALUE },
    ip: '127.0.0.8',
  });
  if (res.status !== 200) throw new Error(`setup failed: ${JSON.stringify(res.body)}`);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.body.csrf_token };
}
