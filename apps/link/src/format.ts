import type { LinkAmount } from '../../server/src/products/link-session/link-session.contract';

/** An amount as the user's language writes money (`$1,234.50`, `1.234,50 $`). */
export function formatAmount(amount: LinkAmount, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: amount.currency }).format(
      amount.value,
    );
  } catch {
    // A currency code Intl does not know: still show the figure and the code.
    return `${amount.value.toFixed(2)} ${amount.currency}`;
  }
}
