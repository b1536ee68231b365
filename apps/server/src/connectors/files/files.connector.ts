import { PlaidError } from '../../http/errors';
import type {
  AccountDetails,
  Connector,
  LinkResult,
  SourceHealth,
  SourceRefresh,
  StoredAccountRef,
} from '../connector';
import type { Institution } from '../institution';
import type { SourceAccount, SourceData, SourceNumbers, SourceTransaction } from '../source-data';
import { FILES_INSTITUTION } from './files.institution';
import { type FileInvestments, filesInvestments } from './files.investments';
import { parseStatement, type StatementAccount, type StatementError } from './index';
import type { StatementFormat } from './statement';

/** What reading one file gave: the data for the store, or why the file cannot be read. */
export type FileReading =
  | {
      ok: true;
      format: StatementFormat;
      data: SourceData;
      transactionCount: number;
      /** Securities, positions and trades of the file's investment accounts, in store units. */
      investments: FileInvestments[];
    }
  | { ok: false; error: StatementError };

/**
 * Statement files as a data source. Reading a file is pure (the parsers in this folder): it turns
 * a statement into the accounts, numbers, balances and transactions the store writer applies to
 * an Item. There is nothing to log into and nothing to fetch again: a files Item changes only when
 * another file is imported.
 */
export class FilesConnector implements Connector {
  readonly id = 'files';
  readonly institutions: readonly Institution[] = [FILES_INSTITUTION];
  /** Statement uploads are found by id, never listed among banks. */
  readonly listed = false;
  // A user's own statements are real data, and sandbox keys may try the importer with test files.
  readonly environments = ['sandbox', 'production'] as const;
  readonly investments = filesInvestments;

  /** Files are uploaded, never logged into. */
  async link(): Promise<LinkResult> {
    return {
      status: 'error',
      error: new PlaidError('INVALID_INSTITUTION', 'statement files are imported, not logged into'),
    };
  }

  /** A files Item's data lives only in the store: there is no source to ask again. */
  async refresh(): Promise<SourceRefresh> {
    return { accounts: [], transactions: [], owners: {} };
  }

  /**
   * Always healthy: a statement upload has no login to lose and no consent to expire. What it holds
   * changes only when another file is imported.
   */
  async health(): Promise<SourceHealth> {
    return { status: 'healthy' };
  }

  /** Stated numbers are in the store already (written with the file); files name no owners. */
  async details(_source: unknown, accounts: readonly StoredAccountRef[]): Promise<AccountDetails[]> {
    return accounts.map(() => ({ numbers: null, owners: null }));
  }

  /** Reads one file into source data, or the parser's typed error. */
  read(bytes: Uint8Array, fileName: string): FileReading {
    const parsed = parseStatement(bytes, { fileName });
    if (!parsed.ok) return parsed;
    const accounts: SourceAccount[] = [];
    const transactions: SourceTransaction[] = [];
    const investments: FileInvestments[] = [];
    for (const a of parsed.statement.accounts) {
      accounts.push(sourceAccount(a));
      if (a.investments) investments.push({ accountKey: a.key, data: a.investments });
      for (const t of a.transactions)
        transactions.push({
          accountKey: a.key,
          id: t.id,
          date: t.date,
          authorizedDate: t.authorizedDate,
          datetime: utcInstant(t.datetime),
          amount: t.amount,
          currency: t.currency,
          description: (t.name || t.payee || t.memo || 'TRANSACTION').trim(),
          pending: t.pending,
          checkNumber: t.checkNumber,
        });
    }
    return {
      ok: true,
      format: parsed.statement.format,
      data: { accounts, transactions },
      transactionCount: transactions.length,
      investments,
    };
  }
}

function sourceAccount(a: StatementAccount): SourceAccount {
  const lastDate = a.transactions.reduce<string | null>(
    (max, t) => (max && max >= t.date ? max : t.date),
    null,
  );
  return {
    key: a.key,
    name: a.name,
    officialName: null,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    current: a.balance ? a.balance.current : null,
    available: a.available,
    limit: null,
    currency: a.currency,
    balanceStated: a.balance !== null,
    balanceDate: a.balance?.date ?? lastDate,
    numbers: numbersOf(a),
  };
}

function numbersOf(a: StatementAccount): SourceNumbers | null {
  if (!a.accountNumber && !a.iban) return null;
  return {
    account: a.accountNumber,
    routing: a.routingNumber,
    wireRouting: null,
    branch: a.branch,
    iban: a.iban,
    bic: a.bic,
  };
}

/** A file's date-time with offset as Plaid's UTC instant (`2026-11-02T17:00:00Z`). */
function utcInstant(datetime: string | null): string | null {
  if (!datetime) return null;
  const ms = Date.parse(datetime);
  return Number.isNaN(ms) ? null : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
