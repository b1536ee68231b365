import type { InvestmentsRead } from '../../connectors/investments';
import type { Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { InvestmentTransactionsTable } from '../../db/tables/investments';
import { dateOf, dayNumber } from '../../lib/days';
import { seededId } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { InvestmentsRepository } from './investments.repository';

/** How long after a pull starts its data is served (until then: PRODUCT_NOT_READY). */
export const INVESTMENTS_READY_DELAY_MS = 1_000;
/** Days of investment history an Item starts with (24 months). */
export const INVESTMENTS_HISTORY_DAYS = 730;

/** What one pull wrote: holdings and transactions in all, and how many of each are new. */
export interface PullCounts {
  holdings: number;
  newHoldings: number;
  newTransactions: number;
}

/** Plaid's security id for a source's security: the same security has the same id in every Item. */
export function securityId(key: string): string {
  return seededId(`security|${key}`);
}

/**
 * Writes what a source read into the store for an Item, in the caller's transaction: securities,
 * holdings and transactions replace the Item's previous ones (ids are stable, so a transaction
 * read again keeps its id), and each investment account's current balance becomes its holdings'
 * value plus its cash. `accounts` are all the Item's accounts, in the store's order.
 */
export async function writeInvestments(
  trx: Db,
  item: ItemsTable,
  accounts: readonly AccountsTable[],
  read: InvestmentsRead,
  now: string,
): Promise<PullCounts> {
  const repo = new InvestmentsRepository(trx);
  const byPosition = new Map(accounts.map((a) => [a.position, a]));
  const accountOf = (position: number) => {
    const a = byPosition.get(position);
    if (!a) throw new Error(`investments source named account ${position}, which the Item does not have`);
    return a.account_id;
  };
  const before = await repo.holdings(
    item.item_id,
    accounts.map((a) => a.account_id),
  );
  const known = await repo.transactionIds(item.item_id);
  const held = new Set(before.map((h) => `${h.account_id}|${h.security_id}`));

  const holdings = read.holdings.map((h) => ({
    item_id: item.item_id,
    account_id: accountOf(h.account),
    security_id: securityId(h.securityKey),
    quantity: h.quantity,
    price: h.price,
    price_as_of: h.priceAsOf,
    value: h.value,
    cost_basis: h.costBasis,
    iso_currency_code: h.currency,
    updated_at: now,
  }));
  const transactions: InvestmentTransactionsTable[] = read.transactions.map((t) => ({
    investment_transaction_id: seededId(`${item.item_id}|investment|${t.id}`),
    item_id: item.item_id,
    account_id: accountOf(t.account),
    security_id: t.securityKey === null ? null : securityId(t.securityKey),
    date: t.date,
    name: t.name,
    type: t.type,
    subtype: t.subtype,
    quantity: t.quantity,
    price: t.price,
    amount: t.amount,
    fees: t.fees,
    iso_currency_code: t.currency,
    created_at: now,
  }));
  await repo.replace(item.item_id, {
    securities: read.securities.map((s) => ({
      item_id: item.item_id,
      security_id: securityId(s.key),
      name: s.name,
      ticker_symbol: s.tickerSymbol,
      cusip: s.cusip,
      isin: s.isin,
      sedol: s.sedol,
      institution_security_id: null,
      type: s.type,
      subtype: s.subtype,
      is_cash_equivalent: s.isCashEquivalent ? 1 : 0,
      close_price: s.closePrice,
      close_price_as_of: s.closePriceAsOf,
      iso_currency_code: s.currency,
      market_identifier_code: s.marketIdentifierCode,
      option_contract: s.option ? JSON.stringify(s.option) : null,
      fixed_income: s.fixedIncome ? JSON.stringify(s.fixedIncome) : null,
      updated_at: now,
    })),
    holdings,
    transactions,
  });

  await repo.replaceNumbers(
    item.item_id,
    [...read.numbers].map(([position, n]) => ({
      account_id: accountOf(position),
      item_id: item.item_id,
      account: n.account,
      dtc_numbers: JSON.stringify(n.dtcNumbers),
      updated_at: now,
    })),
  );
  const values = new Map<string, number>();
  for (const h of holdings) values.set(h.account_id, (values.get(h.account_id) ?? 0) + h.value);
  for (const [position, cash] of read.cash) {
    const a = byPosition.get(position);
    if (!a) continue;
    const current = (values.get(a.account_id) ?? 0) + cash;
    await new AccountsRepository(trx).setBalances(
      item.item_id,
      a.account_id,
      { current, available: a.balance_available },
      now,
    );
  }
  return {
    holdings: holdings.length,
    newHoldings: holdings.filter((h) => !held.has(`${h.account_id}|${h.security_id}`)).length,
    newTransactions: transactions.filter((t) => !known.has(t.investment_transaction_id)).length,
  };
}

/** The first day of an Item's investment history, for an Item made on `today`. */
export function historyStartOf(today: string): string {
  return dateOf(dayNumber(today) - INVESTMENTS_HISTORY_DAYS);
}

/**
 * HOLDINGS DEFAULT_UPDATE and INVESTMENTS_TRANSACTIONS `code` (DEFAULT_UPDATE, or HISTORICAL_UPDATE
 * after the first pull) for a pull's counts, due at `at`, in the caller's transaction.
 */
export async function notifyInvestments(
  trx: Db,
  item: ItemsTable,
  counts: PullCounts,
  code: 'DEFAULT_UPDATE' | 'HISTORICAL_UPDATE',
  at: string,
): Promise<void> {
  const outbox = new OutboxRepository(trx);
  const event = (webhookType: string, webhookCode: string, fields: Record<string, unknown>) =>
    outbox.enqueue(
      {
        clientId: item.client_id,
        itemId: item.item_id,
        webhookType,
        webhookCode,
        payload: { item_id: item.item_id, error: null, ...fields, environment: item.env },
      },
      at,
      Boolean(item.webhook),
    );
  await event('HOLDINGS', 'DEFAULT_UPDATE', {
    new_holdings: counts.newHoldings,
    updated_holdings: counts.holdings - counts.newHoldings,
  });
  await event('INVESTMENTS_TRANSACTIONS', code, {
    new_investments_transactions: counts.newTransactions,
    cancelled_investments_transactions: 0,
  });
}
