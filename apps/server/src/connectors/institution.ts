/** An institution a connector serves, with Plaid's id and name and what it offers. */
export interface Institution {
  institution_id: string;
  name: string;
  products: string[];
  country_codes: string[];
  url: string;
  /** `#rrggbb`, as Plaid returns it. */
  primary_color: string;
  /** A 152x152 PNG, base64-encoded without a `data:` prefix (Plaid's `logo`). */
  logo: string;
  routing_numbers: string[];
  oauth: boolean;
  /** Shown first in Link's institution pane. */
  popular: boolean;
  /** What `/institutions/get_by_id` with `include_status` reports (Plaid's unhealthy test banks). */
  health: 'HEALTHY' | 'DEGRADED' | 'DOWN';
  /** False for an institution that is listed but whose logins fail (Plaid's unsupported test bank). */
  supported: boolean;
  /**
   * What Link's credentials pane asks for: a username and password unless this says otherwise
   * (`setup_token`: one pasted token, e.g. a SimpleFIN Bridge setup token, sent as the password).
   */
  credentials?: 'setup_token';
}

/**
 * The country an Item's accounts are held in: their currency decides (a GBP account at a
 * multi-country bank is a UK account), then the institution's first non-UK country.
 */
export function accountCountry(countryCodes: readonly string[], currency: string | null): string {
  if (currency === 'USD') return 'US';
  if (currency === 'CAD') return 'CA';
  if (currency === 'GBP') return 'GB';
  return countryCodes.find((c) => c !== 'GB') ?? countryCodes[0] ?? 'US';
}
