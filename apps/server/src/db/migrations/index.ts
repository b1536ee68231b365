import type { Migration } from 'kysely';
import * as core from './20261128000100-core';
import * as transactions from './20261128001000-transactions';
import * as linkSession from './20261128002000-link-session';
import * as linkSessionEvents from './20261128002100-link-session-events';
import * as webhooks from './20261128003000-webhooks';
import * as payments from './20261128005000-payments';
import * as clientKeyStatus from './20261203000100-client-key-status';
import * as statementFiles from './20261203002000-statement-files';
import * as transactionsUpdateStatus from './20261203003000-transactions-update-status';
import * as settings from './20261203004000-settings';
import * as linkTokenExpiry from './20261203004100-link-token-expiry';
import * as clientRedirectUris from './20261203005000-client-redirect-uris';
import * as changeNotify from './20261203005100-change-notify';
import * as rateLimitCounters from './20261203005200-rate-limit-counters';
import * as clientEnv from './20261203006000-client-env';
import * as accountDetails from './20261203007000-account-details';
import * as outboxStreams from './20261203008000-outbox-streams';
import * as investments from './20261203009000-investments';
import * as investmentNumbers from './20261203009100-investment-numbers';
import * as liabilities from './20261203010000-liabilities';
import * as signal from './20261203011000-signal';
import * as watchlistScreening from './20261203012000-watchlist-screening';
import * as assetReports from './20261203013000-asset-reports';
import * as statements from './20261203014000-statements';
import * as income from './20261203015000-income';
import * as payrollIncome from './20261203015100-payroll-income';
import * as currencyMinorUnits from './20261203016000-currency-minor-units';
import * as identityVerification from './20261203017000-identity-verification';
import * as liveRefreshes from './20261203018000-live-refreshes';
import * as signalReads from './20261203020000-signal-reads';
import * as dashboard from './20261203021000-dashboard';

/**
 * Every migration, in order. Names are timestamps; add new ones at the end, never edit a landed
 * one. Each must run on SQLite and PostgreSQL; dialect-specific SQL goes behind an explicit branch.
 */
export const migrations: Record<string, Migration> = {
  '20261128000100-core': core,
  '20261128001000-transactions': transactions,
  '20261128002000-link-session': linkSession,
  '20261128002100-link-session-events': linkSessionEvents,
  '20261128003000-webhooks': webhooks,
  '20261128005000-payments': payments,
  '20261203000100-client-key-status': clientKeyStatus,
  '20261203002000-statement-files': statementFiles,
  '20261203003000-transactions-update-status': transactionsUpdateStatus,
  '20261203005000-client-redirect-uris': clientRedirectUris,
  '20261203004000-settings': settings,
  '20261203004100-link-token-expiry': linkTokenExpiry,
  '20261203006000-client-env': clientEnv,
  '20261203005100-change-notify': changeNotify,
  '20261203005200-rate-limit-counters': rateLimitCounters,
  '20261203007000-account-details': accountDetails,
  '20261203008000-outbox-streams': outboxStreams,
  '20261203009000-investments': investments,
  '20261203009100-investment-numbers': investmentNumbers,
  '20261203010000-liabilities': liabilities,
  '20261203011000-signal': signal,
  '20261203016000-currency-minor-units': currencyMinorUnits,
  '20261203013000-asset-reports': assetReports,
  '20261203014000-statements': statements,
  '20261203015000-income': income,
  '20261203015100-payroll-income': payrollIncome,
  '20261203012000-watchlist-screening': watchlistScreening,
  '20261203017000-identity-verification': identityVerification,
  '20261203018000-live-refreshes': liveRefreshes,
  '20261203020000-signal-reads': signalReads,
  '20261203021000-dashboard': dashboard,
};
