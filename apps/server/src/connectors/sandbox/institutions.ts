/** A sandbox institution: Plaid's sandbox-only ids and names, with what each is for. */
export interface SandboxInstitution {
  institution_id: string;
  name: string;
  products: string[];
  country_codes: string[];
  url: string | null;
  primary_color: string | null;
  routing_numbers: string[];
  oauth: boolean;
  /** Shown first in Link's institution pane. */
  popular: boolean;
}

const US_PRODUCTS = [
  'assets',
  'auth',
  'balance',
  'identity',
  'identity_match',
  'investments',
  'liabilities',
  'transactions',
  'income_verification',
  'recurring_transactions',
  'signal',
  'statements',
];
const UK_PRODUCTS = ['auth', 'balance', 'identity', 'payment_initiation', 'transactions'];
const CA_PRODUCTS = ['auth', 'balance', 'identity', 'transactions', 'investments', 'liabilities'];

function inst(
  institution_id: string,
  name: string,
  opts: Partial<SandboxInstitution> & { country?: string },
): SandboxInstitution {
  const country = opts.country ?? 'US';
  return {
    institution_id,
    name,
    products:
      opts.products ?? (country === 'US' ? US_PRODUCTS : country === 'CA' ? CA_PRODUCTS : UK_PRODUCTS),
    country_codes: opts.country_codes ?? [country],
    url: opts.url ?? null,
    primary_color: opts.primary_color ?? null,
    routing_numbers: opts.routing_numbers ?? [],
    oauth: opts.oauth ?? false,
    popular: opts.popular ?? false,
  };
}

/** Plaid's sandbox-only institutions, with their real ids and names. */
export const SANDBOX_INSTITUTIONS: readonly SandboxInstitution[] = [
  inst('ins_109508', 'First Platypus Bank', {
    popular: true,
    url: 'https://www.platypus.example',
    primary_color: '#1f1f1f',
    routing_numbers: ['011401533', '021000021'],
  }),
  inst('ins_130016', 'First Platypus Balance Bank', { routing_numbers: ['011401533'] }),
  inst('ins_109509', 'First Gingham Credit Union', {
    popular: true,
    primary_color: '#006e4f',
    routing_numbers: ['011000138'],
  }),
  inst('ins_109510', 'Tattersall Federal Credit Union', {
    popular: true,
    primary_color: '#b31b1b',
    routing_numbers: ['021000089'],
  }),
  inst('ins_109511', 'Tartan Bank', {
    popular: true,
    primary_color: '#254a9a',
    routing_numbers: ['011000028'],
  }),
  inst('ins_109512', 'Houndstooth Bank', {
    products: ['auth', 'balance', 'identity', 'transactions'],
    primary_color: '#4a4a4a',
    routing_numbers: ['021000021'],
  }),
  inst('ins_43', 'Tartan-Dominion Bank of Canada', { country: 'CA', primary_color: '#00703c' }),
  inst('ins_116834', 'Flexible Platypus Open Banking', {
    country: 'GB',
    oauth: true,
    primary_color: '#2c3e50',
  }),
  inst('ins_117650', 'Royal Bank of Plaid', {
    country: 'GB',
    country_codes: ['GB', 'FR', 'ES', 'NL', 'IE', 'DE'],
    oauth: true,
    popular: true,
    primary_color: '#0b2a4a',
  }),
  inst('ins_127287', 'Platypus OAuth Bank', { oauth: true, popular: true, primary_color: '#6b2fa0' }),
  inst('ins_132241', 'First Platypus OAuth App2App Bank', { oauth: true, primary_color: '#6b2fa0' }),
  inst('ins_117181', 'Flexible Platypus Open Banking (QR)', { country: 'GB', oauth: true }),
];

const BY_ID = new Map(SANDBOX_INSTITUTIONS.map((i) => [i.institution_id, i]));

/** Looks up a sandbox institution by id. */
export function findInstitution(id: string): SandboxInstitution | undefined {
  return BY_ID.get(id);
}
