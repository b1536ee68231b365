import type {
  LinkError,
  LinkEventInput,
  LinkExitResponse,
  LinkFilesResponse,
  LinkFileUpload,
  LinkIdvState,
  LinkInstitution,
  LinkPane,
  LinkStartResponse,
} from '../../server/src/products/link-session/link-session.contract';

/** A Plaid error returned by the session API, with the request id for onExit/onEvent. */
export class LinkApiError extends Error {
  constructor(
    readonly error: LinkError,
    readonly requestId: string,
  ) {
    super(error.error_message);
  }
}

/** The session API of Weft, authenticated by the link token. */
export class SessionApi {
  sessionId = '';

  constructor(private readonly token: string) {}

  private async call<T>(path: string, body: Record<string, unknown>): Promise<T> {
    const res = await fetch(`/weft/link/session/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(path === 'start' ? body : { link_session_id: this.sessionId, ...body }),
      credentials: 'omit',
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw apiError(json, res.headers.get('x-request-id'));
    return json as T;
  }

  /**
   * Sends statement files. XMLHttpRequest rather than fetch: only it reports upload progress,
   * which `onProgress` receives as a fraction.
   */
  files(files: LinkFileUpload[], onProgress: (fraction: number) => void): Promise<LinkFilesResponse> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/weft/link/session/files');
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          // An answer that is not JSON (a proxy's error page) is reported by its status below.
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(json as unknown as LinkFilesResponse);
        else reject(apiError(json, xhr.getResponseHeader('x-request-id')));
      };
      xhr.onerror = () => reject(new Error('the upload failed'));
      xhr.send(JSON.stringify({ link_session_id: this.sessionId, files }));
    });
  }

  /** Starts (or, after an OAuth redirect, resumes) a session. */
  async start(receivedRedirectUri: string | null): Promise<LinkStartResponse> {
    const r = await this.call<LinkStartResponse>(
      'start',
      receivedRedirectUri ? { received_redirect_uri: receivedRedirectUri } : {},
    );
    this.sessionId = r.link_session_id;
    return r;
  }

  /** Institutions whose name matches. */
  search(query: string): Promise<{ institutions: LinkInstitution[] }> {
    return this.call('search', { query });
  }
  /** Picks an institution. */
  institution(institutionId: string): Promise<LinkPane> {
    return this.call('institution', { institution_id: institutionId });
  }
  /** Leaves the chosen bank for the bank list. */
  back(): Promise<LinkPane> {
    return this.call('back', {});
  }
  /** Submits the bank sign-in. */
  credentials(username: string, password: string): Promise<LinkPane> {
    return this.call('credentials', { username, password });
  }
  /** Answers the current MFA round. */
  mfa(answers: string[]): Promise<LinkPane> {
    return this.call('mfa', { answers });
  }
  /** Done sending statement files: the accounts they hold. */
  filesContinue(): Promise<LinkPane> {
    return this.call('files/continue', {});
  }
  /** Shares the chosen accounts; completes the session. */
  select(accountIds: string[]): Promise<LinkPane> {
    return this.call('select', { account_ids: accountIds });
  }
  /** Asks whether the bank has answered an OAuth popup. */
  poll(): Promise<LinkPane> {
    return this.call('poll', {});
  }
  /** Moves an Identity Verification on: the terms, phone, SMS code, personal information or a document. */
  idv(step: string, body: Record<string, unknown>): Promise<LinkIdvState> {
    return this.call(`idv/${step}`, body);
  }
  /** Records the user's exit; returns Plaid's onExit arguments. */
  exit(error: LinkError | null): Promise<LinkExitResponse> {
    return this.call('exit', { error });
  }
  /** Fire-and-forget: events are best effort and never block the user. */
  events(events: LinkEventInput[]): void {
    if (!this.sessionId || events.length === 0) return;
    void this.call('events', { events }).catch(() => undefined);
  }
}

/** A session API error answer as Plaid's error object (with fallbacks for an answer that is not one). */
function apiError(json: Record<string, unknown>, requestIdHeader: string | null): LinkApiError {
  const e = json as Partial<LinkError> & { request_id?: string };
  return new LinkApiError(
    {
      error_type: e.error_type ?? 'API_ERROR',
      error_code: e.error_code ?? 'INTERNAL_SERVER_ERROR',
      error_message: e.error_message ?? 'an unexpected error occurred',
      display_message: e.display_message ?? null,
    },
    e.request_id ?? requestIdHeader ?? '',
  );
}
