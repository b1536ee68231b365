import { useCallback, useEffect, useRef, useState } from 'react';
import { resolveLinkScript } from './link-config.js';
import { createScriptLoader, type ScriptElement } from './script-loader.js';
import type {
  PlaidGlobal,
  PlaidHandler,
  PlaidHandlerExitOptions,
  PlaidHandlerSubmissionData,
  PlaidLinkOptions,
  PlaidLinkResult,
} from './types.js';

function plaidGlobal(): PlaidGlobal | undefined {
  // Server-side rendering (Next.js and the like) renders the hook where there is no window.
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as { Plaid?: PlaidGlobal }).Plaid;
}

const pageScripts = () => document.querySelectorAll('script') as Iterable<ScriptElement>;

/** One loader for the whole page: every hook instance shares it, so the script loads once. */
const loadScript = createScriptLoader(() => ({
  scripts: pageScripts,
  createScript: () => document.createElement('script'),
  append: (s) => document.head.appendChild(s as HTMLScriptElement),
  ready: () => plaidGlobal() !== undefined,
}));

/**
 * A drop-in for react-plaid-link's `usePlaidLink`: loads Weft's link-initialize.js (once per
 * page), creates a Link handler for the token and returns `open`, `exit`, `submit`, `ready` and
 * `error`. Callbacks may change between renders without re-creating Link; a new token or
 * receivedRedirectUri creates a fresh handler.
 */
export function usePlaidLink(options: PlaidLinkOptions): PlaidLinkResult {
  const { token, receivedRedirectUri, weftUrl, cspNonce } = options;
  const callbacks = useRef(options);
  callbacks.current = options;
  // exit(options, callback) runs the callback once Link has closed, as react-plaid-link does.
  const linkOpen = useRef(false);
  const afterExit = useRef<(() => void) | null>(null);
  const [scriptReady, setScriptReady] = useState(() => plaidGlobal() !== undefined);
  const [error, setError] = useState<Error | null>(null);
  const [handler, setHandler] = useState<PlaidHandler | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    loadScript(resolveLinkScript(weftUrl, pageScripts()), cspNonce).then(
      () => live && setScriptReady(true),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [weftUrl, cspNonce]);

  useEffect(() => {
    const Plaid = plaidGlobal();
    if (!scriptReady || !token || !Plaid) return;
    const closed = () => {
      linkOpen.current = false;
      const then = afterExit.current;
      afterExit.current = null;
      then?.();
    };
    setLoaded(false);
    const h = Plaid.create({
      token,
      receivedRedirectUri: receivedRedirectUri ?? null,
      onSuccess: (t, m) => {
        callbacks.current.onSuccess(t, m);
        closed();
      },
      onExit: (e, m) => {
        callbacks.current.onExit?.(e, m);
        closed();
      },
      onEvent: (n, m) => callbacks.current.onEvent?.(n, m),
      onLoad: () => {
        setLoaded(true);
        callbacks.current.onLoad?.();
      },
    });
    setHandler(h);
    return () => {
      h.destroy();
      linkOpen.current = false;
      afterExit.current = null;
      setHandler(null);
    };
  }, [scriptReady, token, receivedRedirectUri]);

  const open = useCallback(() => {
    if (!handler) return;
    linkOpen.current = true;
    afterExit.current = null;
    handler.open();
  }, [handler]);
  const exit = useCallback(
    (opts?: PlaidHandlerExitOptions, callback?: () => void) => {
      if (!handler || !linkOpen.current) return callback?.();
      afterExit.current = callback ?? null;
      handler.exit(opts);
    },
    [handler],
  );
  const submit = useCallback((data: PlaidHandlerSubmissionData) => handler?.submit(data), [handler]);
  return { open, exit, submit, ready: handler !== null && loaded, error };
}
