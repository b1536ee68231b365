import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * A bank income report as the store keeps it: what Weft found in each Item's deposits when the
 * report was generated, money in minor units of each transaction's currency. The schema is the
 * one description of that JSON; reports are read back through it.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const OwnerSchema = Type.Object({
  names: Type.Array(Type.String()),
  phone_numbers: Type.Array(
    Type.Object({ data: Type.String(), primary: Type.Boolean(), type: Type.String() }),
  ),
  emails: Type.Array(Type.Object({ data: Type.String(), primary: Type.Boolean(), type: Type.String() })),
  addresses: Type.Array(
    Type.Object({
      data: Type.Object({
        city: Nullable(Type.String()),
        region: Nullable(Type.String()),
        street: Type.String(),
        postal_code: Nullable(Type.String()),
        country: Nullable(Type.String()),
      }),
      primary: Type.Boolean(),
    }),
  ),
});

/** A deposit counted as income. `amount` is positive minor units. */
const IncomeTransactionSchema = Type.Object({
  transaction_id: Type.String(),
  date: Day,
  amount: Type.Integer(),
  name: Type.String(),
  pending: Type.Boolean(),
  check_number: Nullable(Type.String()),
});

const MonthSchema = Type.Object({
  start_date: Day,
  end_date: Day,
  total: Type.Integer(),
  transactions: Type.Array(IncomeTransactionSchema),
});

const SourceSchema = Type.Object({
  income_source_id: Type.String(),
  account_id: Type.String(),
  description: Type.String(),
  category: Type.String(),
  pay_frequency: Type.String(),
  start_date: Day,
  end_date: Day,
  next_pay_date: Nullable(Day),
  currency: Type.String(),
  total: Type.Integer(),
  transaction_count: Type.Integer(),
  months: Type.Array(MonthSchema),
});

const AccountSchema = Type.Object({
  account_id: Type.String(),
  mask: Nullable(Type.String()),
  name: Type.String(),
  official_name: Nullable(Type.String()),
  subtype: Type.String(),
  currency: Type.String(),
  owners: Type.Array(OwnerSchema),
});

const ItemSchema = Type.Object({
  item_id: Type.String(),
  institution_id: Type.String(),
  institution_name: Type.String(),
  last_updated_time: Type.String(),
  accounts: Type.Array(AccountSchema),
  sources: Type.Array(SourceSchema),
  /** The Item's error when the report was made (its data then is what the store last had). */
  error: Nullable(
    Type.Object({
      error_type: Type.String(),
      error_code: Type.String(),
      error_message: Type.String(),
      display_message: Nullable(Type.String()),
    }),
  ),
});

export const BankIncomeReportSchema = Type.Object({
  window: Type.Object({ start: Day, end: Day }),
  items: Type.Array(ItemSchema),
});

/** The stored content of a bank income report. */
export type BankIncomeReportData = Static<typeof BankIncomeReportSchema>;
export type ReportItem = BankIncomeReportData['items'][number];
export type ReportSource = ReportItem['sources'][number];
export type ReportMonth = ReportSource['months'][number];
export type ReportOwner = Static<typeof OwnerSchema>;

/** Parses a stored report; one that does not match the schema is a broken store. */
export function parseReport(json: string): BankIncomeReportData {
  const data: unknown = JSON.parse(json);
  if (!Value.Check(BankIncomeReportSchema, data))
    throw new Error('bank_income_reports holds a malformed report');
  return data;
}
