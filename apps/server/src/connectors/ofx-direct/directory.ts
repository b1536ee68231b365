import type { Institution } from '../institution';
import { drawLogo } from '../logos';
import type { OfxServerOverride, OfxVersion } from './settings';

/** Where and how one institution's OFX server is reached. */
export interface OfxServer {
  url: string;
  /** The FI's ORG and FID, sent in every signon. */
  org: string;
  fid: string;
  /** 1.0.2 SGML or 2.2.0 XML; 1.0.2 is what most servers accept. */
  version: OfxVersion;
}

/** One bank in the bundled directory: a Weft institution and its server. */
export interface OfxDirectoryEntry {
  institutionId: string;
  name: string;
  homepage: string;
  color: string;
  server: OfxServer;
  /** Card issuers state no routing numbers, so they offer no Auth. */
  cardsOnly: boolean;
}

/**
 * Weft's ids are `ins_weft_ofx_<name>`: Plaid's are `ins_<digits>`, so no Plaid id can collide
 * with one, and an institution id names an OFX Direct Connect bank at a glance.
 */
const PREFIX = 'ins_weft_ofx_';

/** Weft's institution for a server the user names (URL, ORG, FID) instead of a directory bank. */
export const OFX_SERVER_INSTITUTION_ID = `${PREFIX}server`;

/**
 * A starter directory: a few well-known US banks' OFX Direct Connect servers as public OFX
 * directories (OFX Home, GnuCash's and ofxtools' lists) publish them. These are facts about each
 * bank's server, nothing more; banks move, restrict or retire their servers, and an operator
 * corrects an entry with WEFT_OFX_SERVERS without waiting for a release.
 */
export const OFX_DIRECTORY: readonly OfxDirectoryEntry[] = [
  {
    institutionId: `${PREFIX}chase`,
    name: 'Chase (OFX Direct Connect)',
    homepage: 'https://www.chase.com',
    color: '#117aca',
    server: { url: 'https://ofx.chase.com', org: 'B1', fid: '10898', version: '220' },
    cardsOnly: false,
  },
  {
    institutionId: `${PREFIX}wells_fargo`,
    name: 'Wells Fargo (OFX Direct Connect)',
    homepage: 'https://www.wellsfargo.com',
    color: '#d71e28',
    server: { url: 'https://ofxdc.wellsfargo.com/ofx/process.ofx', org: 'WF', fid: '3000', version: '102' },
    cardsOnly: false,
  },
  {
    institutionId: `${PREFIX}bank_of_america`,
    name: 'Bank of America (OFX Direct Connect)',
    homepage: 'https://www.bankofamerica.com',
    color: '#e31837',
    server: {
      url: 'https://eftx.bankofamerica.com/eftxweb/access.ofx',
      org: 'HAN',
      fid: '5959',
      version: '102',
    },
    cardsOnly: false,
  },
  {
    institutionId: `${PREFIX}usaa`,
    name: 'USAA (OFX Direct Connect)',
    homepage: 'https://www.usaa.com',
    color: '#003a63',
    server: { url: 'https://service2.usaa.com/ofx/OFXServlet', org: 'USAA', fid: '24591', version: '102' },
    cardsOnly: false,
  },
  {
    institutionId: `${PREFIX}american_express`,
    name: 'American Express (OFX Direct Connect)',
    homepage: 'https://www.americanexpress.com',
    color: '#006fcf',
    server: {
      url: 'https://online.americanexpress.com/myca/ofxdl/desktop/desktopDownload.do?request_type=nl_ofxdownload',
      org: 'AMEX',
      fid: '3101',
      version: '102',
    },
    cardsOnly: true,
  },
  {
    institutionId: `${PREFIX}discover`,
    name: 'Discover Card (OFX Direct Connect)',
    homepage: 'https://www.discover.com',
    color: '#ff6000',
    server: {
      url: 'https://ofx.discovercard.com',
      org: 'Discover Financial Services',
      fid: '7101',
      version: '102',
    },
    cardsOnly: true,
  },
];

/** Statement downloads give balances and posted transactions; a bank's statements state numbers. */
const BANK_PRODUCTS = ['auth', 'balance', 'transactions', 'recurring_transactions'];
const CARD_PRODUCTS = ['balance', 'transactions', 'recurring_transactions'];

function institutionOf(
  id: string,
  name: string,
  url: string,
  color: string,
  products: readonly string[],
): Institution {
  return {
    institution_id: id,
    name,
    products: [...products],
    country_codes: ['US'],
    url,
    primary_color: color,
    logo: drawLogo(name, color),
    routing_numbers: [],
    oauth: false,
    popular: false,
    health: 'HEALTHY',
    supported: true,
  };
}

/** The directory's banks as institutions, listed among banks for production keys. */
export const OFX_DIRECTORY_INSTITUTIONS: readonly Institution[] = OFX_DIRECTORY.map((e) =>
  institutionOf(e.institutionId, e.name, e.homepage, e.color, e.cardsOnly ? CARD_PRODUCTS : BANK_PRODUCTS),
);

/** The institution of Items linked to a server the user named; found by id, never listed. */
export const OFX_SERVER_INSTITUTION: Institution = institutionOf(
  OFX_SERVER_INSTITUTION_ID,
  'Your bank (OFX Direct Connect)',
  'https://www.ofx.net',
  '#4a5d23',
  BANK_PRODUCTS,
);

/** A directory bank's server, with the operator's corrections (WEFT_OFX_SERVERS) applied. */
export function directoryServer(
  institutionId: string,
  overrides: Readonly<Record<string, OfxServerOverride>>,
): OfxServer | undefined {
  const entry = OFX_DIRECTORY.find((e) => e.institutionId === institutionId);
  if (!entry) return undefined;
  return { ...entry.server, ...overrides[institutionId] };
}
