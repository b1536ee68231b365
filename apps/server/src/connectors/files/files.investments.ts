import type {
  InvestmentsRead,
  InvestmentsSource,
  SourceHolding,
  SourceInvestmentTransaction,
  SourceSecurity,
} from '../investments';
import type { StatementInvestments } from './parse-ofx-investments';

/** The investments one file holds for one of its accounts (by the account's source key). */
export interface FileInvestments {
  accountKey: string;
  data: StatementInvestments;
}

/**
 * A statement-file Item's investments are written into the store when a file is imported (see
 * `mergeFileInvestments`); a pull leaves them as they are, so its read holds nothing.
 */
export const filesInvestments: InvestmentsSource = {
  writtenOnArrival: true,
  read: () => ({ securities: [], holdings: [], transactions: [], cash: new Map(), numbers: new Map() }),
};

/**
 * Everything an Item's files say about its investment accounts, as one read for the store: every
 * transaction once (a FITID repeated by an overlapping later file is the same transaction), each
 * account's positions and cash from its latest statement (by DTASOF, a later file on a tie), and
 * each security's latest price. `files` are in import order; `positions` maps account keys to
 * the Item's account positions.
 */
export function mergeFileInvestments(
  files: readonly (readonly FileInvestments[])[],
  positions: ReadonlyMap<string, number>,
): InvestmentsRead {
  const securities = new Map<string, SourceSecurity>();
  const transactions = new Map<string, SourceInvestmentTransaction>();
  const latest = new Map<number, StatementInvestments>();
  for (const file of files) {
    const seen = new Map<string, number>();
    for (const { accountKey, data } of file) {
      const account = positions.get(accountKey);
      if (account === undefined) continue;
      for (const s of data.securities) {
        const prev = securities.get(s.key);
        if (prev && (prev.closePriceAsOf ?? '') > (s.priceAsOf ?? '')) continue;
        securities.set(s.key, toSecurity(s));
      }
      for (const t of data.transactions) {
        // One file may repeat an id for two real entries; an overlapping file repeats both.
        const n = (seen.get(`${account}|${t.id}`) ?? 0) + 1;
        seen.set(`${account}|${t.id}`, n);
        const id = `${accountKey}|${n === 1 ? t.id : `${t.id}~${n}`}`;
        if (!transactions.has(id))
          transactions.set(id, {
            account,
            id,
            securityKey: t.securityKey,
            date: t.date,
            name: t.name,
            type: t.type,
            subtype: t.subtype,
            quantity: t.quantity,
            price: t.price,
            amount: t.amount,
            fees: t.fees,
            currency: t.currency,
          });
      }
      const prev = latest.get(account);
      if (!prev || (data.asOf ?? '') >= (prev.asOf ?? '')) latest.set(account, data);
    }
  }
  const holdings: SourceHolding[] = [];
  const cash = new Map<number, number>();
  for (const [account, data] of latest) {
    cash.set(account, data.cash ?? 0);
    for (const p of data.positions)
      holdings.push({
        account,
        securityKey: p.securityKey,
        quantity: p.quantity,
        price: p.price,
        priceAsOf: p.priceAsOf,
        value: p.value,
        costBasis: null,
        currency: p.currency,
      });
  }
  return {
    securities: [...securities.values()],
    holdings: mergePositions(holdings),
    transactions: [...transactions.values()],
    cash,
    numbers: new Map(),
  };
}

/** A statement may list one security twice in an account (cash and margin); the store holds one. */
function mergePositions(holdings: SourceHolding[]): SourceHolding[] {
  const byKey = new Map<string, SourceHolding>();
  for (const h of holdings) {
    const key = `${h.account}|${h.securityKey}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...h });
    else {
      prev.quantity += h.quantity;
      prev.value += h.value;
    }
  }
  return [...byKey.values()];
}

function toSecurity(s: StatementInvestments['securities'][number]): SourceSecurity {
  return {
    key: s.key,
    name: s.name,
    tickerSymbol: s.ticker,
    cusip: s.cusip,
    isin: s.isin,
    sedol: null,
    type: s.type,
    subtype: null,
    isCashEquivalent: false,
    closePrice: s.price,
    closePriceAsOf: s.priceAsOf,
    currency: s.currency,
    marketIdentifierCode: null,
    option: null,
    fixedIncome: null,
  };
}
