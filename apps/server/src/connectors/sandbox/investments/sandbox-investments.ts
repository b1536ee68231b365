import { createHash } from 'node:crypto';
import { type GenAccount, personaFor, rolesOf } from '../../../engines/transactions-generator/events';
import { dayNumber } from '../../../lib/days';
import type { LinkedSource, NormalizedAccount, StoredAccountRef } from '../../connector';
import {
  type AcatsNumbers,
  type InvestmentsRead,
  type InvestmentsSource,
  positionValue,
  type SourceHolding,
  type SourceSecurity,
} from '../../investments';
import { currencyFor, goodUserAccounts } from '../accounts';
import { type CustomUserConfig, customAccounts } from '../custom-user';
import { findInstitution } from '../institutions';
import { listedInvestments, readListed } from './custom-investments';
import { type PortfolioPlan, simulatePortfolio } from './portfolio';
import { identifiersOf, priceOn, SECURITIES } from './securities';

/** Employer plans hold funds; every other investment account is self-directed. */
const PLAN_SUBTYPES = new Set(['401k', '403B', '457b', '401a', 'thrift savings plan', 'profit sharing plan']);

const SELF_DIRECTED: PortfolioPlan['weights'] = [
  ['WFTX', 0.2],
  ['ORBF', 0.15],
  ['WTMK', 0.3],
  ['UST-2032', 0.15],
  ['BTC', 0.05],
  ['CASH', 0.1],
];
const EMPLOYER_PLAN: PortfolioPlan['weights'] = [
  ['WTDFX', 0.6],
  ['WIDXX', 0.3],
  ['CASH', 0.07],
];

/** The accounts the sandbox states for a login, in the store's order (their balances size each plan). */
function statedAccounts(source: LinkedSource): NormalizedAccount[] {
  const currency = currencyFor(findInstitution(source.institutionId)?.country_codes ?? ['US']);
  const custom = source.login.extra?.custom as CustomUserConfig | undefined;
  return custom ? customAccounts(custom, currency) : goodUserAccounts(currency);
}

/**
 * Each investment account's plan. The first one is funded from checking: its monthly contribution
 * is the login's monthly transfer out of checking (the transactions generator's persona), on the
 * same day, so the two sides match; other accounts are paid into by payroll.
 */
function plansOf(source: LinkedSource, accounts: readonly StoredAccountRef[]): PortfolioPlan[] {
  const stated = statedAccounts(source);
  const gen: GenAccount[] = accounts
    .filter((a) => a.type === 'depository' || a.type === 'credit' || a.type === 'loan')
    .map((a) => ({ id: String(a.position), type: a.type, subtype: a.subtype, current: 0, mask: a.mask }));
  const checking = rolesOf(gen).checking;
  const monthlyTransfer = personaFor(source.login.seed, gen).investment;
  const investment = accounts.filter((a) => a.type === 'investment');
  return investment.map((a, i) => {
    const balance = Math.max(stated[a.position]?.current ?? 0, 0);
    const employer = PLAN_SUBTYPES.has(a.subtype ?? '');
    const fromChecking = i === 0 && checking !== null;
    return {
      account: a.position,
      currency: a.currency ?? 'USD',
      // One split day per login, so a security has one price on a day across its accounts.
      seed: source.login.seed,
      weights: employer ? EMPLOYER_PLAN : SELF_DIRECTED,
      openingOnly: employer ? [] : [['WFTX-C200', 1]],
      // A self-directed account opens with enough to hold a share of everything it buys.
      opening: employer ? Math.round(balance * 0.75) : Math.max(Math.round(balance * 0.75), 12_000_00),
      monthly: fromChecking ? monthlyTransfer : Math.max(Math.round(balance / 100), 50_00),
      contributionName: fromChecking
        ? `CONTRIBUTION FROM CHECKING ...${checking.mask ?? ''}`
        : 'PAYROLL CONTRIBUTION',
      fee: employer
        ? { subtype: 'management fee', flat: 0, rate: 0.0005 }
        : { subtype: 'account fee', flat: 7_50, rate: 0 },
      splits: employer ? [] : [['ORBF', 2]],
    } satisfies PortfolioPlan;
  });
}

/**
 * The sandbox's investments: each investment account simulated from the history's start to the
 * day asked, seeded by the login, with prices of the sandbox's market on that day.
 */
export const sandboxInvestments: InvestmentsSource = {
  read(
    source: LinkedSource,
    accounts: readonly StoredAccountRef[],
    from: string,
    asOf: string,
  ): InvestmentsRead {
    const custom = source.login.extra?.custom as CustomUserConfig | undefined;
    // A custom user holds exactly what its configuration lists, as Plaid's sandbox does.
    if (custom)
      return readListed(listedInvestments(custom.override_accounts ?? []), asOf, (p) =>
        acatsNumbers(source, p),
      );
    const asOfDay = dayNumber(asOf);
    const country = findInstitution(source.institutionId)?.country_codes[0] ?? 'US';
    const read: InvestmentsRead = {
      securities: [],
      holdings: [],
      transactions: [],
      cash: new Map(),
      numbers: new Map(),
    };
    const used = new Map<string, SourceSecurity>();
    for (const plan of plansOf(source, accounts)) {
      const sim = simulatePortfolio(plan, dayNumber(from), asOfDay);
      read.transactions.push(...sim.transactions);
      read.cash.set(plan.account, sim.cash);
      read.numbers.set(plan.account, acatsNumbers(source, plan.account));
      for (const [key, held] of sim.positions) {
        if (held.quantity <= 0) continue;
        const spec = SECURITIES[key]!;
        const price = priceOn(spec, asOfDay, sim.splitDays.get(key));
        read.holdings.push({
          account: plan.account,
          securityKey: key,
          quantity: held.quantity,
          price,
          priceAsOf: asOf,
          value: positionValue(held.quantity, price),
          costBasis: held.cost,
          currency: plan.currency,
        } satisfies SourceHolding);
        used.set(key, securityOf(key, country, { price, asOf, currency: plan.currency }));
      }
    }
    for (const t of read.transactions)
      if (t.securityKey && !used.has(t.securityKey))
        used.set(
          t.securityKey,
          securityOf(t.securityKey, country, { price: null, asOf: null, currency: t.currency }),
        );
    read.securities = [...used.values()];
    return read;
  },
};

/**
 * An investment account's brokerage number and its firm's DTC number, from the login's seed: the
 * same login always has the same numbers, and the account number ends in the account's mask.
 */
function acatsNumbers(source: LinkedSource, position: number): AcatsNumbers {
  const digest = createHash('sha256').update(`${source.login.seed}|acats|${position}`).digest();
  const mask = statedAccounts(source)[position]?.mask ?? '';
  const body = String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  const dtc = String(
    1000 + (createHash('sha256').update(source.institutionId).digest().readUInt16BE(0) % 9000),
  );
  return { account: `${body}${mask}`, dtcNumbers: [dtc] };
}

/** A security of the master as Weft's model states it, with its close price on the day read. */
function securityOf(
  key: string,
  country: string,
  close: { price: number | null; asOf: string | null; currency: string },
): SourceSecurity {
  const spec = SECURITIES[key]!;
  const { cusip, isin } = identifiersOf(spec, country);
  return {
    key,
    name: spec.name,
    tickerSymbol: spec.ticker,
    cusip,
    isin,
    sedol: null,
    type: spec.type,
    subtype: spec.subtype,
    isCashEquivalent: spec.type === 'cash',
    closePrice: close.price,
    closePriceAsOf: close.asOf,
    currency: close.currency,
    marketIdentifierCode: spec.type === 'equity' || spec.type === 'etf' ? 'XNAS' : null,
    option: spec.option ?? null,
    fixedIncome: spec.fixedIncome ?? null,
  };
}
