/**
 * Money inside Weft is an integer count of a currency's minor units (cents, yen, fils…) beside its
 * ISO 4217 code. Plaid's wire speaks decimals; these helpers are the only place the two meet.
 */

/** ISO 4217 minor units that differ from the usual 2. */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  HUF: 2,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
  // ISO's "no currency" code: anonymised files use it; treat like the common case.
  XXX: 2,
};

/**
 * Number of decimal places of a currency's minor unit (ISO 4217; 2 when not listed, and for a
 * null code, as for Plaid's `unofficial_currency_code` amounts such as cryptocurrencies).
 */
export function minorUnits(currency: string | null | undefined): number {
  if (!currency) return 2;
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

const SCALE = [1, 10, 100, 1000, 10000] as const;

/** The decimal Plaid sends for `minor` units of `currency` (exact to the currency's places). */
export function toDecimal(minor: number, currency: string | null | undefined): number {
  const places = minorUnits(currency);
  // Rounding to the places undoes binary float noise (e.g. 1005 / 100 = 10.049999…).
  return Number((minor / SCALE[places]!).toFixed(places));
}

/** `toDecimal` for a nullable amount. */
export function toDecimalOrNull(minor: number | null, currency: string | null | undefined): number | null {
  return minor === null ? null : toDecimal(minor, currency);
}

/** Minor units of `currency` for a decimal amount, rounded half away from zero. */
export function toMinor(amount: number, currency: string | null | undefined): number {
  const scaled = Math.abs(amount) * SCALE[minorUnits(currency)]!;
  // toPrecision(15) drops float noise (1.005 * 100 = 100.49999…) before rounding.
  const minor = Math.round(Number(scaled.toPrecision(15)));
  return amount < 0 && minor !== 0 ? -minor : minor;
}
