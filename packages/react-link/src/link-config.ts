/** Weft's base URL as given to `configure`; undefined until then. */
let configuredUrl: string | undefined;

/**
 * Sets Weft's base URL for every usePlaidLink and PlaidLink on the page that is not given its own
 * `weftUrl`. This is the one line an app that aliases react-plaid-link to this package adds (its
 * components keep calling usePlaidLink as they did); call it before the first render.
 */
export function configure(options: { weftUrl?: string | null }): void {
  configuredUrl = options.weftUrl ?? undefined;
}

/** The URL of Weft's link-initialize.js for a base URL (same origin when empty). */
export function linkScriptUrl(weftUrl = ''): string {
  return `${weftUrl.replace(/\/+$/, '')}/link/link-initialize.js`;
}

const LINK_SCRIPT = /\/link-initialize\.js(?:[?#]|$)/;

/**
 * Which link-initialize.js a hook loads: its own `weftUrl`, else the one given to `configure`,
 * else a link-initialize.js already on the page (a `<script>` tag the app put in its HTML, so the
 * HTML alone can say where Weft is), else the page's own origin.
 */
export function resolveLinkScript(
  weftUrl: string | undefined,
  pageScripts: Iterable<{ src: string }>,
): string {
  const base = weftUrl ?? configuredUrl;
  if (base !== undefined) return linkScriptUrl(base);
  for (const script of pageScripts) if (LINK_SCRIPT.test(script.src)) return script.src;
  return linkScriptUrl();
}
