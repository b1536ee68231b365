import type {
  LinkError,
  LinkExitMetadata,
  LinkSuccessMetadata,
} from '../../../server/src/products/link-session/link-session.contract';
import {
  HOST_TAG,
  type HostMessage,
  LINK_TAG,
  type LinkEventMetadata,
  type LinkMessage,
  OAUTH_PATH,
  type Untagged,
} from '../protocol';

/** What `Plaid.create` takes, as Plaid documents it. */
export interface PlaidLinkOptions {
  token: string | null;
  onSuccess: (publicToken: string, metadata: LinkSuccessMetadata) => void;
  onExit?: (error: LinkError | null, metadata: LinkExitMetadata) => void;
  onEvent?: (eventName: string, metadata: LinkEventMetadata) => void;
  onLoad?: () => void;
  receivedRedirectUri?: string | null;
}

/** What `Plaid.create` returns. */
export interface PlaidHandler {
  open(): void;
  exit(options?: { force?: boolean }): void;
  destroy(): void;
  submit(data: unknown): void;
}

// The origin this script was served from is Weft's: Link is loaded from there and only messages
// from there are trusted.
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const WEFT_ORIGIN = scriptSrc ? new URL(scriptSrc).origin : window.location.origin;

function create(options: PlaidLinkOptions): PlaidHandler {
  if (!options || typeof options.onSuccess !== 'function')
    throw new Error('Plaid.create: onSuccess is required');
  const iframe = document.createElement('iframe');
  iframe.title = 'Link: connect your bank account';
  iframe.src = `${WEFT_ORIGIN}/link/#origin=${encodeURIComponent(window.location.origin)}`;
  iframe.setAttribute('allow', '');
  const s = iframe.style;
  s.position = 'fixed';
  s.inset = '0';
  s.width = '100%';
  s.height = '100%';
  s.border = '0';
  s.zIndex = '2147483647';
  s.display = 'none';
  s.colorScheme = 'normal';
  s.background = 'transparent';

  let ready = false;
  let openRequested = false;
  let isOpen = false;
  let destroyed = false;
  let returnFocus: Element | null = null;
  let savedOverflow = '';

  const post = (m: Untagged<HostMessage>): void => {
    iframe.contentWindow?.postMessage({ ...m, source: HOST_TAG }, WEFT_ORIGIN);
  };

  const show = (): void => {
    if (isOpen) return;
    isOpen = true;
    returnFocus = document.activeElement;
    savedOverflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    s.display = 'block';
    iframe.focus();
    post({ type: 'open' });
  };

  const hide = (): void => {
    if (!isOpen) return;
    isOpen = false;
    s.display = 'none';
    document.body.style.overflow = savedOverflow;
    if (returnFocus instanceof HTMLElement) returnFocus.focus();
  };

  const onMessage = (event: MessageEvent): void => {
    if (event.origin !== WEFT_ORIGIN || event.source !== iframe.contentWindow) return;
    const m = event.data as LinkMessage;
    if (!m || m.source !== LINK_TAG) return;
    switch (m.type) {
      case 'ready':
        post({
          type: 'init',
          token: options.token ?? '',
          receivedRedirectUri: options.receivedRedirectUri ?? null,
        });
        break;
      case 'loaded':
        ready = true;
        // The frame's accessible name, in the language Link speaks for this link token.
        if (typeof m.title === 'string' && m.title) iframe.title = m.title.slice(0, 200);
        options.onLoad?.();
        if (openRequested) show();
        break;
      case 'event':
        options.onEvent?.(m.eventName, m.metadata);
        break;
      case 'success':
        openRequested = false;
        hide();
        options.onSuccess(m.publicToken, m.metadata);
        break;
      case 'exit':
        openRequested = false;
        hide();
        options.onExit?.(m.error, m.metadata);
        break;
      case 'navigate': {
        // Only the bank's consent page on Weft's own origin, for the OAuth redirect round trip.
        const url = new URL(m.url, WEFT_ORIGIN);
        if (url.origin === WEFT_ORIGIN && url.pathname.startsWith(OAUTH_PATH))
          window.location.assign(url.href);
        break;
      }
    }
  };
  window.addEventListener('message', onMessage);
  // Plaid.create may run from <head>, before <body> exists.
  if (document.body) document.body.appendChild(iframe);
  else document.addEventListener('DOMContentLoaded', () => destroyed || document.body.appendChild(iframe));

  return {
    open() {
      if (destroyed) return;
      openRequested = true;
      if (ready) show();
    },
    exit(opts) {
      if (destroyed) return;
      // Plaid: `force: true` closes at once; otherwise Link may first ask the user to confirm.
      if (isOpen) post({ type: 'exit', force: opts?.force === true });
      else openRequested = false;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      hide();
      window.removeEventListener('message', onMessage);
      iframe.remove();
    },
    submit() {
      // Link collects everything itself; nothing is submitted from the page.
    },
  };
}

declare global {
  interface Window {
    Plaid?: { create: typeof create; version: string };
  }
}

window.Plaid = { create, version: 'weft-1' };
