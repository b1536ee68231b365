import { PLATFORM_ENDPOINTS, SERVED_PRODUCTS } from './served-products';

/** The markers around the README's generated endpoint list. */
export const ENDPOINTS_START = '<!-- endpoints:start -->';
export const ENDPOINTS_END = '<!-- endpoints:end -->';

/** Prefixes of Weft's own routes (Link's session API, the demo, health), which are not Plaid's API. */
const NOT_PLAID = ['/weft/', '/link/api/', '/demo/', '/dashboard/'];

/**
 * The Plaid endpoints among a built app's routes (`METHOD /path`): Plaid's API is POST only, so
 * Link's static files and the demo page drop out with Weft's own prefixes and `/health`.
 */
export function plaidEndpoints(routes: readonly string[]): string[] {
  const paths = routes
    .filter((r) => r.startsWith('POST '))
    .map((r) => r.slice('POST '.length))
    .filter((p) => p !== '/health' && !NOT_PLAID.some((prefix) => p.startsWith(prefix)));
  return [...new Set(paths)];
}

/** The groups of the README's list, products first: a label and the endpoints that belong to it. */
function groups(): { label: string; endpoints: readonly string[] }[] {
  return [
    ...SERVED_PRODUCTS.map((p) => ({ label: `\`${p.product}\``, endpoints: p.endpoints })),
    ...PLATFORM_ENDPOINTS.map((g) => ({ label: g.group, endpoints: g.endpoints })),
  ];
}

/** Registered Plaid endpoints that no served product or platform group claims. */
export function unclaimedEndpoints(routes: readonly string[]): string[] {
  const claimed = new Set(groups().flatMap((g) => g.endpoints));
  return plaidEndpoints(routes).filter((p) => !claimed.has(p));
}

/** Endpoints the served-products table names that the app does not register. */
export function unregisteredEndpoints(routes: readonly string[]): string[] {
  const registered = new Set(plaidEndpoints(routes));
  return groups()
    .flatMap((g) => g.endpoints)
    .filter((p) => !registered.has(p));
}

/**
 * The README block listing every Plaid endpoint the app registers, grouped by the product (or
 * platform group) that brings it. An endpoint no group claims gets a row of its own, so the block
 * changes, and the README check fails, until the table places it.
 */
export function renderEndpointsBlock(routes: readonly string[]): string {
  const registered = new Set(plaidEndpoints(routes));
  const rows = groups()
    .map((g) => ({ label: g.label, endpoints: g.endpoints.filter((p) => registered.has(p)) }))
    .filter((g) => g.endpoints.length > 0);
  const unclaimed = unclaimedEndpoints(routes);
  if (unclaimed.length > 0) rows.push({ label: 'not in served-products.ts', endpoints: unclaimed });
  return [
    ENDPOINTS_START,
    '<!-- Generated from the routes Weft registers and apps/server/src/products/served-products.ts; run `npm run docs:endpoints` after changing either. -->',
    '',
    '| product | endpoints |',
    '| --- | --- |',
    ...rows.map((r) => `| ${r.label} | ${r.endpoints.map((p) => `\`${p}\``).join(', ')} |`),
    '',
    ENDPOINTS_END,
  ].join('\n');
}

/** The block between the markers of a README, markers included; null when they are missing. */
export function readEndpointsBlock(readme: string): string | null {
  const start = readme.indexOf(ENDPOINTS_START);
  const end = readme.indexOf(ENDPOINTS_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start, end + ENDPOINTS_END.length);
}

/** The README with its endpoint block replaced; throws if the markers are missing. */
export function replaceEndpointsBlock(readme: string, block: string): string {
  const current = readEndpointsBlock(readme);
  if (current === null) throw new Error(`README has no ${ENDPOINTS_START} … ${ENDPOINTS_END} block`);
  return readme.replace(current, () => block);
}
