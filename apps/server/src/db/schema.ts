import type { Kysely, Transaction } from 'kysely';
import type { AccountDataTables } from './tables/account-data';
import type { AssetReportTables } from './tables/asset-reports';
import type { CoreTables } from './tables/core';
import type { IdentityVerificationTables } from './tables/identity-verification';
import type { IncomeTables } from './tables/income';
import type { InvestmentsTables } from './tables/investments';
import type { LiabilitiesTables } from './tables/liabilities';
import type { LinkSessionTables } from './tables/link-session';
import type { LiveRefreshesTables } from './tables/live-refreshes';
import type { PaymentTables } from './tables/payments';
import type { SettingsTables } from './tables/settings';
import type { SignalTables } from './tables/signal';
import type { StatementFilesTables } from './tables/statement-files';
import type { StatementsTables } from './tables/statements';
import type { TransactionsTables } from './tables/transactions';
import type { WatchlistScreeningTables } from './tables/watchlist-screening';
import type { WebhookTables } from './tables/webhooks';

/** The whole database: one interface per feature, merged here. */
export interface Database
  extends CoreTables,
    AccountDataTables,
    AssetReportTables,
    IdentityVerificationTables,
    IncomeTables,
    InvestmentsTables,
    LiabilitiesTables,
    LinkSessionTables,
    LiveRefreshesTables,
    PaymentTables,
    SettingsTables,
    SignalTables,
    StatementFilesTables,
    StatementsTables,
    TransactionsTables,
    WatchlistScreeningTables,
    WebhookTables {}

/** A database handle or an open transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
