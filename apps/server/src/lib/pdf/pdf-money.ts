import { minorUnits, toDecimal } from '../money';

/**
 * An amount of `minor` units of `currency` as printed in Weft's PDFs: the currency's own number of
 * decimals, thousands grouped with commas, a leading minus for negatives ("-1,234.56").
 */
export function formatAmount(minor: number, currency: string | null | undefined): string {
  const places = minorUnits(currency);
  const decimal = toDecimal(Math.abs(minor), currency);
  const [whole, fraction] = decimal.toFixed(places).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** `formatAmount` followed by the currency code ("1,234.56 USD"); the code alone is left off when null. */
export function formatMoney(minor: number, currency: string | null | undefined): string {
  const amount = formatAmount(minor, currency);
  return currency ? `${amount} ${currency.toUpperCase()}` : amount;
}

/**
 * Reads back an amount printed by `formatAmount` (for tests comparing a PDF with JSON): the
 * decimal it stands for.
 */
export function parseAmount(printed: string): number {
  return Number(printed.replace(/,/g, ''));
}
