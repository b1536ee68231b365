/**
 * The normalized statement every file parser produces. Parsers know file formats; the importer that
 * writes Items knows only this model. Money is integer minor units with its currency; dates are
 * ISO `YYYY-MM-DD` strings as the file states them (no time zone shifting).
 */

import type { StatementInvestments } from './parse-ofx-investments';

/** File formats Weft reads. QFX is OFX with Intuit extras and reported as `ofx`. */
export type StatementFormat = 'ofx' | 'qif' | 'csv' | 'camt' | 'mt940';

/** Plaid's account types (the subset a statement file can describe). */
export type PlaidAccountType = 'depository' | 'credit' | 'loan' | 'investment' | 'other';

/** One account found in a file, with its transactions. */
export interface StatementAccount {
  /**
   * Stable across files of the same account: built from what identifies the account in the file
   * (IBAN, account id, number + type), never from its position in the file.
   */
  key: string;
  name: string;
  /** Last 4 characters of the account number, when the file carries one. */
  mask: string | null;
  type: PlaidAccountType;
  subtype: string | null;
  currency: string;
  /** Account number as the file gives it (OFX ACCTID, MT940 :25:, camt Othr/Id). */
  accountNumber: string | null;
  /** Bank routing number (OFX BANKID) where the file carries one. */
  routingNumber: string | null;
  /** Branch (OFX BRANCHID). */
  branch: string | null;
  iban: string | null;
  bic: string | null;
  /**
   * Ledger balance in minor units in Plaid's sign (positive = the account holds money, or for
   * credit and loans the amount owed), or null when the file gives none: the importer computes it.
   */
  balance: { current: number; date: string | null } | null;
  /** Available balance where the file gives one. */
  available: number | null;
  transactions: StatementTransaction[];
  /** An investment statement's securities, positions and trades, where the file carries them. */
  investments?: StatementInvestments;
}

/** One transaction, with its amount already in Plaid's sign convention. */
export interface StatementTransaction {
  /**
   * Stable id: the file's own id (OFX FITID, camt AcctSvcrRef/NtryRef) when it has one, else a
   * content hash (see `idSource`). Unique within its account in one statement.
   */
  id: string;
  idSource: 'file' | 'hash';
  /** Date the bank booked it. */
  date: string;
  /** Date and time with offset, when the file gives a time. */
  datetime: string | null;
  /** Date the customer made it (OFX DTUSER, CSV transaction date), when distinct from `date`. */
  authorizedDate: string | null;
  /** Value date (camt ValDt, MT940 value date, OFX DTAVAIL). */
  valueDate: string | null;
  /**
   * Minor units in PLAID's convention: positive = money out of the account, negative = money in.
   * Files mostly say the opposite; `assemble.ts` converts, once, for every format.
   */
  amount: number;
  currency: string;
  name: string;
  memo: string | null;
  payee: string | null;
  checkNumber: string | null;
  pending: boolean;
  /** The file's own transaction type code: OFX TRNTYPE, camt BkTxCd, MT940 type code, QIF action. */
  fileType: string | null;
}

/** A parsed file. */
export interface Statement {
  format: StatementFormat;
  /** Character encoding the bytes were decoded with. */
  encoding: 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';
  /** Institution name or id where the file states one (OFX FI/ORG, camt servicer BIC). */
  institution: string | null;
  accounts: StatementAccount[];
  /** Things the parser had to guess (ambiguous dates, defaulted currency, skipped rows). */
  warnings: string[];
}

/** Why a file could not be read. */
export type StatementErrorCode =
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'MALFORMED_FILE'
  | 'NO_ACCOUNTS'
  | 'INVALID_OPTIONS';

/** A typed parse failure; `line` is 1-based, null when the problem is not tied to a line. */
export interface StatementError {
  code: StatementErrorCode;
  message: string;
  line: number | null;
}

/** The result of `parseStatement`: never thrown, always returned. */
export type ParseResult = { ok: true; statement: Statement } | { ok: false; error: StatementError };

/**
 * Thrown inside parsers to abort with a typed error; `parseStatement` catches it (and anything
 * else) so no exception leaves the module.
 */
export class StatementParseError extends Error {
  constructor(
    readonly code: StatementErrorCode,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'StatementParseError';
  }
}

/** Shorthand to abort parsing with a typed error. */
export function fail(code: StatementErrorCode, message: string, line: number | null = null): never {
  throw new StatementParseError(code, message, line);
}
