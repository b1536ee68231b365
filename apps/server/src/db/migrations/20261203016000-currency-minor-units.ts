import { type Kysely, sql } from 'kysely';

/**
 * Money columns held hundredths of every currency until now; from here they hold each currency's
 * own minor units (lib/money.ts). Only currencies whose minor unit is not a hundredth move: yen
 * and the other zero-decimal currencies were stored 100× and divide exactly; three- and
 * four-decimal currencies were rounded to hundredths on the way in and scale up (the digits that
 * rounding dropped are gone; a fresh import restores them). Liabilities (US dollars only) and
 * payments (two-decimal currencies only) never held such amounts.
 *
 * The currencies are written out here rather than read from lib/money.ts: a migration must do
 * the same thing forever, whatever later versions of that table say.
 */
const SCALED: Readonly<Record<string, number>> = {
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
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const MONEY_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  accounts: ['balance_current', 'balance_available', 'balance_limit'],
  transactions: ['amount'],
  investment_securities: ['close_price'],
  investment_holdings: ['price', 'value', 'cost_basis'],
  investment_transactions: ['price', 'amount', 'fees'],
};

/** Rescales every stored amount from hundredths to its currency's minor units (`up`) or back. */
async function rescale(db: Kysely<unknown>, toMinorUnits: boolean): Promise<void> {
  for (const [currency, places] of Object.entries(SCALED)) {
    const factor = 10 ** Math.abs(places - 2);
    // Up: zero-decimal currencies divide, finer ones multiply; down is the reverse.
    const multiply = places > 2 === toMinorUnits;
    for (const [table, columns] of Object.entries(MONEY_COLUMNS)) {
      const set = columns.map((c) =>
        multiply
          ? sql`${sql.ref(c)} = ${sql.ref(c)} * ${sql.lit(factor)}`
          : sql`${sql.ref(c)} = ${sql.ref(c)} / ${sql.lit(factor)}`,
      );
      await sql`UPDATE ${sql.table(table)} SET ${sql.join(set)} WHERE iso_currency_code = ${currency}`.execute(
        db,
      );
    }
  }
}

/** Stored money becomes each currency's own minor units. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rescale(db, true);
}

/** Stored money goes back to hundredths of every currency. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rescale(db, false);
}
