/** Calls the dashboard API: the session cookie rides along; state changes carry the CSRF token. */
let csrf = '';

export function setCsrf(token: string): void {
  csrf = token;
}

/** A refusal from the API, with its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, preSession = false): Promise<T> {
  const headers: Record<string, string> = {};
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    if (preSession) headers['x-requested-with'] = 'weft-dashboard';
    else headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(`/dashboard/api/${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok)
    throw new ApiError(res.status, json.error?.code ?? 'ERROR', json.error?.message ?? res.statusText);
  return json as T;
}

export const get = <T>(path: string) => call<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body);
export const postPreSession = <T>(path: string, body: unknown) => call<T>('POST', path, body, true);
