import type { Institution } from '../institution';
import { drawLogo } from '../logos';

/** A sandbox institution: Plaid's sandbox-only ids and names, with what each is for. */
export type SandboxInstitution = Institution;

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
/** Plaid's sandbox payroll provider serves Payroll Income only. */
const PAYROLL_PRODUCTS = ['income_verification', 'employment'];

type Options = Partial<Omit<SandboxInstitution, 'institution_id' | 'name' | 'logo'>> & {
  country?: string;
  url: string;
  primary_color: string;
};

function inst(institution_id: string, name: string, opts: Options): SandboxInstitution {
  const country = opts.country ?? 'US';
  return {
    institution_id,
    name,
    products:
      opts.products ?? (country === 'US' ? US_PRODUCTS : country === 'CA' ? CA_PRODUCTS : UK_PRODUCTS),
    country_codes: opts.country_codes ?? [country],
    url: opts.url,
    primary_color: opts.primary_color,
    logo: drawLogo(name, opts.primary_color),
    routing_numbers: opts.routing_numbers ?? [],
    oauth: opts.oauth ?? false,
    popular: opts.popular ?? false,
    health: opts.health ?? 'HEALTHY',
    supported: opts.supported ?? true,
  };
}

/**
 * Every institution Plaid documents for its Sandbox (the "Sandbox institutions" page, plus the
 * payroll provider its Payroll Income guide names), with Plaid's ids and names. Logos are drawn
 * once, at load.
 */
export const SANDBOX_INSTITUTIONS: readonly SandboxInstitution[] = [
  inst('ins_109508', 'First Platypus Bank', {
    popular: true,
    url: 'https://www.firstplatypusbank.example',
    primary_color: '#1f1f1f',
    routing_numbers: ['011401533', '021000021'],
  }),
  inst('ins_130016', 'First Platypus Balance Bank', {
    url: 'https://balance.firstplatypusbank.example',
    primary_color: '#3d3d3d',
    routing_numbers: ['011401533'],
  }),
  inst('ins_109509', 'First Gingham Credit Union', {
    popular: true,
    url: 'https://www.firstgingham.example',
    primary_color: '#006e4f',
    routing_numbers: ['011000138'],
  }),
  inst('ins_109510', 'Tattersall Federal Credit Union', {
    popular: true,
    url: 'https://www.tattersallfcu.example',
    primary_color: '#b31b1b',
    routing_numbers: ['021000089'],
  }),
  inst('ins_109511', 'Tartan Bank', {
    popular: true,
    url: 'https://www.tartanbank.example',
    primary_color: '#254a9a',
    routing_numbers: ['011000028'],
  }),
  // Plaid's own example response for this bank lists exactly these four products.
  inst('ins_109512', 'Houndstooth Bank', {
    products: ['auth', 'balance', 'identity', 'transactions'],
    url: 'https://www.houndstoothbank.example',
    primary_color: '#4a4a4a',
    routing_numbers: ['021000021'],
  }),
  inst('ins_43', 'Tartan-Dominion Bank of Canada', {
    country: 'CA',
    url: 'https://www.tartandominion.example',
    primary_color: '#00703c',
  }),
  inst('ins_116834', 'Flexible Platypus Open Banking', {
    country: 'GB',
    oauth: true,
    url: 'https://www.flexibleplatypus.example',
    primary_color: '#2c3e50',
  }),
  inst('ins_117650', 'Royal Bank of Plaid', {
    country: 'GB',
    country_codes: ['GB', 'FR', 'ES', 'NL', 'IE', 'DE'],
    oauth: true,
    popular: true,
    url: 'https://www.royalbankofplaid.example',
    primary_color: '#0b2a4a',
  }),
  inst('ins_127287', 'Platypus OAuth Bank', {
    oauth: true,
    popular: true,
    url: 'https://oauth.platypusbank.example',
    primary_color: '#6b2fa0',
  }),
  inst('ins_132241', 'First Platypus OAuth App2App Bank', {
    oauth: true,
    url: 'https://app2app.firstplatypusbank.example',
    primary_color: '#8e44ad',
  }),
  // Plaid names its QR-code OAuth bank exactly like ins_116834; only the id tells them apart.
  inst('ins_117181', 'Flexible Platypus Open Banking', {
    country: 'GB',
    oauth: true,
    url: 'https://qr.flexibleplatypus.example',
    primary_color: '#34495e',
  }),
  // Instant Micro-deposits only: no Instant Auth, so `auth` is not among its products.
  inst('ins_135858', 'Windowpane Bank', {
    products: ['balance', 'transactions'],
    url: 'https://www.windowpanebank.example',
    primary_color: '#1b6f8a',
    routing_numbers: ['333333334'],
  }),
  inst('ins_132363', 'Unhealthy Platypus Bank - Degraded', {
    health: 'DEGRADED',
    url: 'https://degraded.platypusbank.example',
    primary_color: '#b7791f',
  }),
  inst('ins_132361', 'Unhealthy Platypus Bank - Down', {
    health: 'DOWN',
    url: 'https://down.platypusbank.example',
    primary_color: '#9b2c2c',
  }),
  inst('ins_133402', 'Unsupported Platypus Bank - Institution Not Supported', {
    supported: false,
    url: 'https://unsupported.platypusbank.example',
    primary_color: '#718096',
  }),
  inst('ins_133502', 'Platypus Bank RUX Auth', {
    url: 'https://rux-auth.platypusbank.example',
    primary_color: '#2f855a',
  }),
  inst('ins_133503', 'Platypus Bank RUX Match', {
    url: 'https://rux-match.platypusbank.example',
    primary_color: '#276749',
  }),
  // The institution Plaid's Payroll Income guide uses with /sandbox/public_token/create.
  inst('ins_135842', 'Platypus Payroll', {
    products: PAYROLL_PRODUCTS,
    url: 'https://www.platypuspayroll.example',
    primary_color: '#c05621',
  }),
];

const BY_ID = new Map(SANDBOX_INSTITUTIONS.map((i) => [i.institution_id, i]));

/** Looks up a sandbox institution by id. */
export function findInstitution(id: string): SandboxInstitution | undefined {
  return BY_ID.get(id);
}
