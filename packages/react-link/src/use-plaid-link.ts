import { useCallback, useEffect, useRef, useState } from 'react';
import { createScriptLoader, type ScriptElement } from './script-loader';
import type { PlaidGlobal, PlaidHandler, PlaidLinkOptions } from './types';

function plaidGlobal(): PlaidGlobal | undefined {
  return (window as unknown as { Plaid?: PlaidGlobal }).Plaid;
}

/** One loader for the whole page: every hook instance shares it, so the script loads once. */
const loadScript = createScriptLoader(() => ({
  scripts: () => document.querySelectorAll('script') as Iterable<ScriptElement>,
  createScript: () => document.createElement('script'),
  append: (s) => document.head.appendChild(s as HTMLScriptElement),
  ready: () => plaidGlobal() !== undefined,
}));

/** The URL of Weft's link-initialize.js for a base URL (same origin when empty). */
export function linkScriptUrl(weftUrl = ''): string {
  return `${weftUrl.replace(/\/+$/, '')}/link/link-initialize.js`;
}

/**
 * A drop-in for react-plaid-link's `usePlaidLink`: loads Weft's link-initialize.js (once per
 * page), creates a Link handler for the token and returns `open`, `exit`, `ready` and `error`.
 * Callbacks may change between renders without re-creating Link; a new token or
 * receivedRedirectUri creates a fresh handler.
 */
export function usePlaidLink(options: PlaidLinkOptions): {
  open: () => void;
  exit: (opts?: { force?: boolean }) => void;
  submit: (data: unknown) => void;
  ready: boolean;
  error: ErrorEvent | Error | null;
} {
  const { token, receivedRedirectUri, weftUrl } = options;
  const callbacks = useRef(options);
  callbacks.current = options;
  const [scriptReady, setScriptReady] = useState(() => plaidGlobal() !== undefined);
  const [error, setError] = useState<Error | null>(null);
  const [handler, setHandler] = useState<PlaidHandler | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    loadScript(linkScriptUrl(weftUrl)).then(
      () => live && setScriptReady(true),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [weftUrl]);

  useEffect(() => {
    const Plaid = plaidGlobal();
    if (!scriptReady || !token || !Plaid) return;
    setLoaded(false);
    const h = Plaid.create({
      token,
      receivedRedirectUri: receivedRedirectUri ?? null,
      onSuccess: (t, m) => callbacks.current.onSuccess(t, m),
      onExit: (e, m) => callbacks.current.onExit?.(e, m),
      onEvent: (n, m) => callbacks.current.onEvent?.(n, m),
      onLoad: () => {
        setLoaded(true);
        callbacks.current.onLoad?.();
      },
    });
    setHandler(h);
    return () => {
      h.destroy();
      setHandler(null);
    };
  }, [scriptReady, token, receivedRedirectUri]);

  const open = useCallback(() => handler?.open(), [handler]);
  const exit = useCallback((opts?: { force?: boolean }) => handler?.exit(opts), [handler]);
  const submit = useCallback((data: unknown) => handler?.submit(data), [handler]);
  return { open, exit, submit, ready: handler !== null && loaded, error };
}
