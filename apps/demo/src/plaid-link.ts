/** The error Link reports to onExit, as Plaid documents it. */
export interface LinkError {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
}

/** What onSuccess receives besides the public token (the fields this page reads). */
export interface LinkSuccessMetadata {
  institution: { name: string; institution_id: string } | null;
  accounts: { id: string; name: string; mask: string | null; type: string; subtype: string | null }[];
  link_session_id: string;
}

/** What onExit receives besides the error. */
export interface LinkExitMetadata {
  status: string | null;
  link_session_id: string;
}

/** The handler `Plaid.create` returns. */
export interface LinkHandler {
  open(): void;
  exit(options?: { force?: boolean }): void;
  destroy(): void;
}

/** The options `Plaid.create` takes (the ones this page uses). */
export interface LinkOptions {
  token: string;
  receivedRedirectUri?: string;
  onSuccess(publicToken: string, metadata: LinkSuccessMetadata): void;
  onExit?(error: LinkError | null, metadata: LinkExitMetadata): void;
  onEvent?(eventName: string, metadata: Record<string, unknown>): void;
}

declare global {
  interface Window {
    Plaid?: { create(options: LinkOptions): LinkHandler };
  }
}

const SCRIPT_URL = '/link/link-initialize.js';
let loading: Promise<NonNullable<Window['Plaid']>> | null = null;

/**
 * Loads Weft's Link script once, the same drop-in script an app would load from Plaid. It comes
 * from this origin, which the page's CSP allows as a script source.
 */
export function loadLink(): Promise<NonNullable<Window['Plaid']>> {
  if (window.Plaid) return Promise.resolve(window.Plaid);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT_URL;
    script.async = true;
    script.addEventListener('load', () =>
      window.Plaid ? resolve(window.Plaid) : reject(new Error('Link loaded but did not define Plaid')),
    );
    script.addEventListener('error', () => {
      loading = null;
      script.remove();
      reject(new Error('Link could not be loaded from this server'));
    });
    document.head.append(script);
  });
  return loading;
}
