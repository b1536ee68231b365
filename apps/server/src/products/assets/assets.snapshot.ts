import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * What a built asset report holds, as stored (JSON in asset_reports.report / fast_report): the
 * Items and accounts as they stood when the report was built, money in minor units of each
 * account's currency. Presenters turn it into Plaid's shapes; the PDF reads the same snapshot, so
 * the two always show the same numbers.
 */
const SnapshotTransaction = Type.Object({
  transactionId: Type.String(),
  date: Type.String(),
  authorizedDate: Type.Union([Type.String(), Type.Null()]),
  /** Minor units, Plaid's sign (positive when money leaves the account). */
  amount: Type.Integer(),
  currency: Type.String(),
  description: Type.String(),
  merchantName: Type.Union([Type.String(), Type.Null()]),
  checkNumber: Type.Union([Type.String(), Type.Null()]),
  paymentChannel: Type.String(),
  pfcPrimary: Type.String(),
  pfcDetailed: Type.String(),
  /** Plaid's location and payment_meta objects, as the transactions store holds them. */
  location: Type.Record(Type.String(), Type.Unknown()),
  paymentMeta: Type.Record(Type.String(), Type.Unknown()),
});

/** An investment account's positions and trades (the investments add-on), as the store holds them. */
const SnapshotInvestments = Type.Object({
  holdings: Type.Array(
    Type.Object({
      securityId: Type.String(),
      /** Millionths of a unit. */
      quantity: Type.Integer(),
      price: Type.Integer(),
      priceAsOf: Type.Union([Type.String(), Type.Null()]),
      value: Type.Integer(),
      costBasis: Type.Union([Type.Integer(), Type.Null()]),
      currency: Type.String(),
    }),
  ),
  securities: Type.Array(
    Type.Object({
      securityId: Type.String(),
      name: Type.String(),
      ticker: Type.Union([Type.String(), Type.Null()]),
      type: Type.String(),
    }),
  ),
  transactions: Type.Array(
    Type.Object({
      investmentTransactionId: Type.String(),
      securityId: Type.Union([Type.String(), Type.Null()]),
      date: Type.String(),
      name: Type.String(),
      type: Type.String(),
      subtype: Type.String(),
      quantity: Type.Integer(),
      price: Type.Integer(),
      amount: Type.Integer(),
      fees: Type.Union([Type.Integer(), Type.Null()]),
      currency: Type.String(),
    }),
  ),
});

const SnapshotAccount = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  officialName: Type.Union([Type.String(), Type.Null()]),
  mask: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  subtype: Type.Union([Type.String(), Type.Null()]),
  verificationStatus: Type.Union([Type.String(), Type.Null()]),
  persistentAccountId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  current: Type.Union([Type.Integer(), Type.Null()]),
  available: Type.Union([Type.Integer(), Type.Null()]),
  limit: Type.Union([Type.Integer(), Type.Null()]),
  balanceUpdatedAt: Type.String(),
  daysAvailable: Type.Integer(),
  /** The owners' JSON as the account-details store holds it (read with parseOwners). */
  owners: Type.String(),
  /** End-of-day current balance for each day of the report, newest first. */
  historicalBalances: Type.Array(Type.Object({ date: Type.String(), current: Type.Integer() })),
  /** Posted transactions of the report's days, newest first. */
  transactions: Type.Array(SnapshotTransaction),
  /** With the investments add-on, an investment account's holdings and trades. */
  investments: Type.Optional(SnapshotInvestments),
});

const SnapshotItem = Type.Object({
  itemId: Type.String(),
  institutionId: Type.String(),
  institutionName: Type.String(),
  dateLastUpdated: Type.String(),
  accounts: Type.Array(SnapshotAccount),
});

const SnapshotWarning = Type.Object({
  code: Type.Union([
    Type.Literal('OWNERS_UNAVAILABLE'),
    Type.Literal('INVESTMENTS_UNAVAILABLE'),
    Type.Literal('TRANSACTIONS_UNAVAILABLE'),
  ]),
  itemId: Type.String(),
  errorType: Type.String(),
  errorCode: Type.String(),
  errorMessage: Type.String(),
});

const Snapshot = Type.Object({
  /** The day the report's data stands at (YYYY-MM-DD) and the days it covers back from it. */
  asOf: Type.String(),
  startDate: Type.String(),
  items: Type.Array(SnapshotItem),
  /** Data of the report's Items that is missing from it (Plaid's ASSET_REPORT_WARNING). */
  warnings: Type.Optional(Type.Array(SnapshotWarning)),
});

export type SnapshotTransaction = Static<typeof SnapshotTransaction>;
export type SnapshotAccount = Static<typeof SnapshotAccount>;
export type SnapshotInvestments = Static<typeof SnapshotInvestments>;
export type SnapshotItem = Static<typeof SnapshotItem>;
export type ReportSnapshot = Static<typeof Snapshot>;
export type SnapshotWarning = Static<typeof SnapshotWarning>;

/** Reads a stored snapshot; throws on one that does not match the schema. */
export function parseSnapshot(json: string): ReportSnapshot {
  const value: unknown = JSON.parse(json);
  if (!Value.Check(Snapshot, value)) throw new Error('asset report snapshot is malformed');
  return value;
}

/** A stored JSON list of strings (item ids, add-ons, excluded accounts). */
export function parseStringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Value.Check(Type.Array(Type.String()), value)) throw new Error('expected a JSON list of strings');
  return value;
}

const UserSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]));

/** The stored options.user. */
export function parseUser(json: string): Record<string, string | null> {
  const value: unknown = JSON.parse(json);
  if (!Value.Check(UserSchema, value)) throw new Error('asset report user is malformed');
  return value;
}

/** A JSON object column of the transactions store (location, payment_meta). */
export function parseObject(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return Value.Check(Type.Record(Type.String(), Type.Unknown()), value) ? value : {};
}

const StoredError = Type.Object({ error_code: Type.String(), error_message: Type.String() });

/** The code and message of a failed build's stored error; null when it cannot be read. */
export function parseStoredError(json: string): Static<typeof StoredError> | null {
  const value: unknown = JSON.parse(json);
  return Value.Check(StoredError, value) ? value : null;
}
