/** One column of a table the backend sends, already formatted. */
export interface Column {
  key: string;
  label: string;
  numeric?: boolean;
}

/** One block of the success page. */
export interface Section {
  id: string;
  product: string;
  endpoint: string;
  title: string;
  description: string;
  table?: { columns: Column[]; rows: Record<string, string>[]; note?: string };
  error?: { error_code: string; error_message: string };
  /** A link under the table, such as a report's PDF. */
  link?: { href: string; label: string };
}

/** What the success page shows. */
export interface DemoResult {
  item: { item_id: string; institution_id: string | null; institution_name: string | null } | null;
  sections: Section[];
  skipped: { endpoint: string; error_code: string }[];
  /** The opening line a mode may set (the payment mode links no Item). */
  lead?: string;
}

/** One way to run the demo, with the sandbox login that suits it. */
export interface DemoMode {
  id: string;
  label: string;
  description: string;
  /** The sandbox login to suggest; absent when any bank will do. */
  hint?: { institution: string; username: string; password: string };
}

/** The page's starting point. */
export interface DemoConfig {
  modes: DemoMode[];
  linked: boolean;
  mode: string;
}

/** An error from the demo backend, carrying Weft's error code when there is one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/demo/api/${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message =
      (typeof data.display_message === 'string' && data.display_message) ||
      (typeof data.error_message === 'string' && data.error_message) ||
      `request failed (${res.status})`;
    throw new ApiError(message, typeof data.error_code === 'string' ? data.error_code : null, res.status);
  }
  return data as T;
}

/** The demo backend's routes, as the page uses them. */
export const api = {
  config: () => call<DemoConfig>('GET', 'config'),
  createLinkToken: (mode: string, redirectUri: string) =>
    call<{ link_token: string }>('POST', 'create_link_token', { mode, redirect_uri: redirectUri }),
  exchange: (publicToken: string) =>
    call<{ item_id: string }>('POST', 'exchange_public_token', { public_token: publicToken }),
  data: () => call<DemoResult>('GET', 'data'),
  reset: () => call<{ ok: boolean }>('POST', 'reset', {}),
};
