import { type GenAccount, TransactionsGenerator } from '../../../engines/transactions-generator/generator';
import type { LinkedSource } from '../../connector';
import type { LiabilitiesSource, LiabilityAccountRef, NormalizedLiability } from '../../liabilities';
import { listedTransactions } from '../simulation';
import { CARD_DUE_DAY, creditLiability } from './credit-card';
import { type LiabilityOverride, withOverride } from './custom-liability';
import { loanHistory, monthDay } from './ledger';
import { mortgageLiability } from './mortgage';
import { studentLiability } from './student-loan';

/** Months of history read back: a year of payments, and the statement before the first of them. */
const MONTHS_BACK = 13;

/** The accounts the transactions pull hands the generator, in the same order and with the same balances. */
function genAccounts(accounts: readonly LiabilityAccountRef[]): GenAccount[] {
  return accounts
    .filter((a) => a.type === 'depository' || a.type === 'credit' || a.type === 'loan')
    .map((a) => ({
      id: a.accountId,
      type: a.type,
      subtype: a.subtype,
      current: a.current ?? 0,
      mask: a.mask,
    }));
}

/**
 * A custom user's `liability` of each account, by position (its place in `override_accounts`);
 * the connector checked each one when the user linked.
 */
function customOverrides(source: LinkedSource): (LiabilityOverride | undefined)[] {
  const custom = source.login.extra?.custom as { override_accounts?: unknown } | undefined;
  if (!Array.isArray(custom?.override_accounts)) return [];
  return custom.override_accounts.map((a: unknown) => {
    const liability = (a as { liability?: { type?: unknown } } | null)?.liability;
    return liability?.type === 'credit' || liability?.type === 'student'
      ? (liability as LiabilityOverride)
      : undefined;
  });
}

/**
 * The sandbox's liabilities: derived from the login's seed and from the very events its
 * transactions are generated from, so statements, payments and interest agree with what
 * /transactions/get shows on the card, the loans and checking. A custom user that lists its own
 * transactions has no generated movements, so its accounts show no payments; its accounts'
 * `liability` overrides are laid over what is derived.
 */
export const sandboxLiabilities: LiabilitiesSource = {
  liabilities(
    source: LinkedSource,
    accounts: readonly LiabilityAccountRef[],
    asOf: string,
  ): NormalizedLiability[] {
    const gen = new TransactionsGenerator(source.login.seed, genAccounts(accounts));
    const lastDue = monthDay(asOf, 0, CARD_DUE_DAY);
    const events = listedTransactions(source)
      ? []
      : gen.eventsBetween(monthDay(asOf, -MONTHS_BACK, 1), asOf > lastDue ? asOf : lastDue);
    const overrides = customOverrides(source);
    const out: NormalizedLiability[] = [];
    for (const a of accounts) {
      const account = { id: a.accountId, mask: a.mask, current: a.current ?? 0 };
      if (a.type === 'credit' && a.subtype === 'credit card')
        out.push({
          accountId: a.accountId,
          kind: 'credit',
          data: creditLiability(source.login.seed, account, events, asOf),
        });
      else if (a.type === 'loan' && a.subtype === 'mortgage')
        out.push({
          accountId: a.accountId,
          kind: 'mortgage',
          data: mortgageLiability(
            source.login.seed,
            gen.profile,
            account,
            loanHistory(events, a.accountId, asOf),
            asOf,
          ),
        });
      else if (a.type === 'loan' && a.subtype === 'student')
        out.push({
          accountId: a.accountId,
          kind: 'student',
          data: studentLiability(
            source.login.seed,
            gen.profile,
            account,
            loanHistory(events, a.accountId, asOf),
            asOf,
          ),
        });
    }
    return out.map((l) => {
      const position = accounts.find((a) => a.accountId === l.accountId)?.position;
      const override = position === undefined ? undefined : overrides[position];
      return override ? withOverride(l, override) : l;
    });
  },
};
