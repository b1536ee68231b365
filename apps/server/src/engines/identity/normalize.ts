import {
  ADDRESS_ABBREVIATIONS,
  BUSINESS_WORDS,
  NAME_NOISE,
  REGION_CODES,
  UNIT_WORDS,
} from './address-terms.data';

/**
 * Normalisation for identity matching: case, accents, punctuation, name noise, phone numbers to
 * E.164, email aliases, and address abbreviations. Pure string functions.
 */

/** Lower case, accents stripped, punctuation turned into spaces, whitespace collapsed. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019`]/g, '')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

/** A personal or business name as comparable tokens. */
export interface NameTokens {
  tokens: string[];
  first: string;
  last: string;
  middle: string[];
  business: boolean;
}

/**
 * Splits a name into tokens without titles or suffixes. "Charleson, Alberta B." (last name first,
 * as some banks print it) is turned around.
 */
export function nameTokens(raw: string): NameTokens {
  const business = fold(raw)
    .split(' ')
    .some((t) => BUSINESS_WORDS.has(t));
  const commaFirst = !business && /^[^,]+,[^,]+$/.test(raw.trim());
  const all = fold(commaFirst ? raw.split(',').reverse().join(' ') : raw)
    .split(' ')
    .filter(Boolean);
  const tokens = business ? all : all.filter((t) => !NAME_NOISE.has(t));
  return {
    tokens,
    first: tokens[0] ?? '',
    last: tokens.length > 1 ? tokens[tokens.length - 1]! : '',
    middle: tokens.slice(1, -1),
    business,
  };
}

/** A phone number in E.164 with its extension, or null when there are too few digits. */
export interface Phone {
  e164: string;
  national: string;
  extension: string | null;
}

/** Calling codes by country, for numbers written without one. */
const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '1',
  CA: '1',
  GB: '44',
  FR: '33',
  DE: '49',
  ES: '34',
  NL: '31',
  IE: '353',
  IT: '39',
  BE: '32',
  AT: '43',
  PT: '351',
};

/**
 * Parses a phone number written in any common way ("+1 (415) 745-2130 ext. 12", "415.745.2130",
 * "07700 900123", "0044 7700 900123") into E.164, assuming `country` when no calling code is given.
 */
export function parsePhone(raw: string, country = 'US'): Phone | null {
  const extMatch = /(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i.exec(raw);
  const extension = extMatch ? extMatch[1]! : null;
  // "+44 (0)20 …" repeats the national trunk prefix inside an international number.
  const body = (extMatch ? raw.slice(0, extMatch.index) : raw).replace(/\(0\)/g, '');
  const plus = body.trim().startsWith('+');
  let digits = body.replace(/\D/g, '');
  if (digits.length < 7) return null;
  const cc = CALLING_CODES[country] ?? '1';
  let code: string;
  let national: string;
  if (plus || digits.startsWith('00')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    code = knownCodePrefix(digits);
    national = digits.slice(code.length);
  } else if (cc === '1' && digits.length === 11 && digits.startsWith('1')) {
    code = '1';
    national = digits.slice(1);
  } else {
    code = cc;
    // National trunk prefix "0" (UK, EU) is dropped in international form.
    national = cc !== '1' && digits.startsWith('0') ? digits.slice(1) : digits;
  }
  return { e164: `+${code}${national}`, national, extension };
}

function knownCodePrefix(digits: string): string {
  const codes = [...new Set(Object.values(CALLING_CODES))].sort((a, b) => b.length - a.length);
  return codes.find((c) => digits.startsWith(c)) ?? digits.slice(0, digits.length > 11 ? 2 : 1);
}

/** Providers that ignore dots in the local part. */
const DOT_INSENSITIVE = new Set(['gmail.com', 'googlemail.com']);

/** An email address split for matching. */
export interface Email {
  exact: string;
  /** Without "+tag" and, for providers that ignore them, without dots. */
  base: string;
  local: string;
  domain: string;
}

/** Parses an email address; null when it has no "@". */
export function parseEmail(raw: string): Email | null {
  const exact = raw.trim().toLowerCase();
  const at = exact.lastIndexOf('@');
  if (at <= 0 || at === exact.length - 1) return null;
  const local = exact.slice(0, at);
  const domain = exact.slice(at + 1).replace(/^googlemail\.com$/, 'gmail.com');
  let base = local.split('+')[0]!;
  if (DOT_INSENSITIVE.has(domain)) base = base.replace(/\./g, '');
  return { exact, base: `${base}@${domain}`, local: base, domain };
}

/** An address as comparable parts. */
export interface NormalAddress {
  houseNumber: string | null;
  streetWords: string[];
  unit: string | null;
  city: string | null;
  region: string | null;
  postal: string | null;
  country: string | null;
}

/** Normalises an address: abbreviations, unit markers, region names, postal code shape. */
export function normalizeAddress(a: {
  street?: string | null;
  city?: string | null;
  region?: string | null;
  postal_code?: string | null;
  country?: string | null;
}): NormalAddress {
  const words = fold((a.street ?? '').replace(/#\s*/g, ' # '))
    .split(' ')
    .filter(Boolean)
    .map((w) => ADDRESS_ABBREVIATIONS[w] ?? w);
  let unit: string | null = null;
  const unitAt = words.findIndex((w) => UNIT_WORDS.has(w));
  const kept = unitAt >= 0 ? words.slice(0, unitAt) : words;
  if (unitAt >= 0) unit = words.slice(unitAt + 1).join(' ') || null;
  const houseNumber = kept[0] && /^\d+[a-z]?$/.test(kept[0]) ? kept[0] : null;
  const streetWords = houseNumber ? kept.slice(1) : kept;
  const country = a.country ? a.country.trim().toUpperCase() : null;
  return {
    houseNumber,
    streetWords,
    unit,
    city: a.city ? fold(a.city) || null : null,
    region: a.region ? regionCode(a.region) : null,
    postal: a.postal_code ? postalCode(a.postal_code, country) : null,
    country,
  };
}

function regionCode(region: string): string | null {
  const f = fold(region);
  return REGION_CODES[f] ?? (f || null);
}

/** US ZIP+4 compares on its first five digits; elsewhere spaces and case are ignored. */
export function postalCode(raw: string, country: string | null): string | null {
  const compact = raw.replace(/[\s-]+/g, '').toUpperCase();
  if (!compact) return null;
  if ((country === 'US' || country === null) && /^\d{9}$/.test(compact)) return compact.slice(0, 5);
  return compact;
}
