/**
 * Check-digit arithmetic for bank identifiers: ABA routing numbers (US) and IBANs (ISO 13616).
 * Pure functions; the data table of IBAN layouts sits beside them.
 */

/** ABA weights, repeating over the nine digits. */
const ABA_WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1];

/** The ninth digit that makes eight routing digits a valid ABA number. */
export function abaCheckDigit(first8: string): number {
  if (!/^\d{8}$/.test(first8)) throw new Error('ABA check digit needs exactly eight digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * ABA_WEIGHTS[i]!;
  return (10 - (sum % 10)) % 10;
}

/** True when a routing number has nine digits and a correct ABA checksum. */
export function isValidAba(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(routing[i]) * ABA_WEIGHTS[i]!;
  return sum % 10 === 0;
}

/**
 * BBAN layouts by country, from the IBAN registry: each part is a length and a character class
 * (`n` digits, `a` upper-case letters, `c` letters or digits). The IBAN is country + 2 check
 * digits + BBAN, so its length is 4 + the sum of the parts.
 */
export const BBAN_LAYOUTS: Readonly<Record<string, readonly (readonly [number, 'n' | 'a' | 'c'])[]>> = {
  AT: [[16, 'n']],
  BE: [[12, 'n']],
  DE: [[18, 'n']],
  DK: [[14, 'n']],
  EE: [[16, 'n']],
  ES: [[20, 'n']],
  FI: [[14, 'n']],
  FR: [
    [10, 'n'],
    [11, 'c'],
    [2, 'n'],
  ],
  GB: [
    [4, 'a'],
    [14, 'n'],
  ],
  IE: [
    [4, 'a'],
    [14, 'n'],
  ],
  IT: [
    [1, 'a'],
    [10, 'n'],
    [12, 'c'],
  ],
  LT: [[16, 'n']],
  LV: [
    [4, 'a'],
    [13, 'c'],
  ],
  NL: [
    [4, 'a'],
    [10, 'n'],
  ],
  NO: [[11, 'n']],
  PL: [[24, 'n']],
  PT: [[21, 'n']],
  SE: [[20, 'n']],
};

/** Total IBAN length for a country, or undefined when Weft does not know its layout. */
export function ibanLength(country: string): number | undefined {
  const layout = BBAN_LAYOUTS[country];
  return layout ? 4 + layout.reduce((n, [len]) => n + len, 0) : undefined;
}

/** True when a BBAN fits its country's layout. */
export function bbanFitsLayout(country: string, bban: string): boolean {
  const layout = BBAN_LAYOUTS[country];
  if (!layout) return false;
  let at = 0;
  for (const [len, cls] of layout) {
    const part = bban.slice(at, at + len);
    const re = cls === 'n' ? /^\d+$/ : cls === 'a' ? /^[A-Z]+$/ : /^[A-Z0-9]+$/;
    if (part.length !== len || !re.test(part)) return false;
    at += len;
  }
  return at === bban.length;
}

/** ISO 7064 mod 97-10 of an alphanumeric string (letters count as 10..35), computed piecewise. */
export function mod97(value: string): number {
  let rem = 0;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem;
}

/** The two IBAN check digits for a country and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rem = mod97(`${bban}${country}00`);
  return String(98 - rem).padStart(2, '0');
}

/** Builds an IBAN from a country and a BBAN. */
export function buildIban(country: string, bban: string): string {
  return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

/** True when an IBAN (spaces allowed) has its country's length and layout and passes mod-97. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  const country = iban.slice(0, 2);
  if (!/^[A-Z]{2}\d{2}/.test(iban) || iban.length !== ibanLength(country)) return false;
  if (!bbanFitsLayout(country, iban.slice(4))) return false;
  return mod97(`${iban.slice(4)}${iban.slice(0, 4)}`) === 1;
}

/** True when a BIC has the 8 or 11 character SWIFT shape (bank, country, location, branch). */
export function isValidBic(bic: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic);
}

/**
 * Countries whose BBAN ends in national check digits, and how many. Account masks go just before
 * them so the check digits can be recomputed after the mask is placed.
 */
export const NATIONAL_TRAILING_CHECK: Readonly<Record<string, number>> = {
  BE: 2,
  FI: 1,
  FR: 2,
  NO: 1,
  PT: 2,
};

const ES_WEIGHTS = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
const NO_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** French RIB: letters in the account number count as digits (A/J=1 … I/R=9, S=2 … Z=9). */
function ribDigits(s: string): string {
  return s.replace(/[A-Z]/g, (ch) => {
    const c = ch.charCodeAt(0) - 64;
    return String(c <= 9 ? c : c <= 18 ? c - 9 : c - 17);
  });
}

function esDigit(ten: string): string {
  const sum = [...ten].reduce((n, d, i) => n + Number(d) * ES_WEIGHTS[i]!, 0);
  const d = 11 - (sum % 11);
  return String(d === 11 ? 0 : d === 10 ? 1 : d);
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * The BBAN with its national check digits recomputed, for the countries where Weft knows the
 * scheme (BE, ES, FI, FR, NO, PT); other BBANs are returned unchanged. For Norway, whose mod-11
 * scheme has no digit for remainder 1, an account digit before the mask is nudged until one exists.
 */
export function withNationalCheck(country: string, bban: string): string {
  switch (country) {
    case 'BE': {
      const r = Number(bban.slice(0, 10)) % 97;
      return `${bban.slice(0, 10)}${String(r === 0 ? 97 : r).padStart(2, '0')}`;
    }
    case 'FR': {
      const bank = Number(bban.slice(0, 5));
      const branch = Number(bban.slice(5, 10));
      const account = Number(ribDigits(bban.slice(10, 21)));
      const key = 97 - ((89 * bank + 15 * branch + 3 * (account % 97)) % 97);
      return `${bban.slice(0, 21)}${String(key).padStart(2, '0')}`;
    }
    case 'ES':
      return `${bban.slice(0, 8)}${esDigit(`00${bban.slice(0, 8)}`)}${esDigit(bban.slice(10, 20))}${bban.slice(10)}`;
    case 'PT':
      return `${bban.slice(0, 19)}${String(98 - mod97(`${bban.slice(0, 19)}00`)).padStart(2, '0')}`;
    case 'FI':
      return `${bban.slice(0, 13)}${luhnDigit(bban.slice(0, 13))}`;
    case 'NO': {
      let body = bban.slice(0, 10);
      for (;;) {
        const r = [...body].reduce((n, d, i) => n + Number(d) * NO_WEIGHTS[i]!, 0) % 11;
        if (r !== 1) return `${body}${r === 0 ? 0 : 11 - r}`;
        // Digit 6 has weight 6, coprime with 11, so one or two nudges always leave remainder 1.
        body = `${body.slice(0, 5)}${(Number(body[5]) + 1) % 10}${body.slice(6)}`;
      }
    }
    default:
      return bban;
  }
}

/** True when a BBAN's national check digits are right (or the country has none Weft knows). */
export function hasValidNationalCheck(country: string, bban: string): boolean {
  return withNationalCheck(country, bban) === bban;
}
