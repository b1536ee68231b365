import type {
  LinkError,
  LinkExitMetadata,
  LinkSuccessMetadata,
} from '../../server/src/products/link-session/link-session.contract';

/**
 * Messages between link-initialize.js (in the app's page) and the Link iframe (on Weft's origin).
 * Each side accepts a message only from the other's window and exact origin.
 */
export const HOST_TAG = 'weft-link-host';
export const LINK_TAG = 'weft-link';

/** Page → Link. */
export type HostMessage =
  | { source: typeof HOST_TAG; type: 'init'; token: string; receivedRedirectUri: string | null }
  | { source: typeof HOST_TAG; type: 'open' }
  | { source: typeof HOST_TAG; type: 'exit'; force: boolean };

/** Plaid's onEvent metadata. */
export interface LinkEventMetadata {
  error_type: string | null;
  error_code: string | null;
  error_message: string | null;
  exit_status: string | null;
  institution_id: string | null;
  institution_name: string | null;
  institution_search_query: string | null;
  mfa_type: string | null;
  view_name: string | null;
  selection: string | null;
  request_id: string;
  link_session_id: string;
  timestamp: string;
  is_update_mode: string | null;
}

/** Link → page. */
export type LinkMessage =
  | { source: typeof LINK_TAG; type: 'ready' }
  /** `title` names the iframe in the session's language. */
  | { source: typeof LINK_TAG; type: 'loaded'; title: string }
  | { source: typeof LINK_TAG; type: 'event'; eventName: string; metadata: LinkEventMetadata }
  | { source: typeof LINK_TAG; type: 'success'; publicToken: string; metadata: LinkSuccessMetadata }
  | { source: typeof LINK_TAG; type: 'exit'; error: LinkError | null; metadata: LinkExitMetadata }
  | { source: typeof LINK_TAG; type: 'navigate'; url: string };

/** A message as written by its sender, before the tag is added. */
export type Untagged<T> = T extends unknown ? Omit<T, 'source'> : never;

/** The path prefix Link may ask the page to navigate to (the bank's consent page). */
export const OAUTH_PATH = '/weft/link/oauth/';
