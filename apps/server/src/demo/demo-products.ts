import { setTimeout as sleep } from 'node:timers/promises';
import type {
  AccountBase,
  AuthGetResponse,
  IdentityGetResponse,
  InvestmentsHoldingsGetResponse,
  InvestmentsTransactionsGetResponse,
  LiabilitiesGetResponse,
  PlaidApi,
  Security,
  Transaction,
} from 'plaid';
import { toDecimal, toMinor } from '../lib/money';
import { upstreamError } from './demo-plaid';
import { listStatements } from './demo-statements';
import { accountIndex, accountLabel, type DemoTable, money, text } from './demo-tables';

/** How the success page gets and shows one product. */
export interface ProductSource {
  /** Plaid product name gating the call; `balance` is shown for every Item. */
  product: string;
  /** The section's id where a product has more than one (the product name otherwise). */
  id?: string;
  endpoint: string;
  title: string;
  description: string;
  always?: boolean;
  load(api: PlaidApi, accessToken: string): Promise<DemoTable>;
}

const RECENT_TRANSACTIONS = 10;
const SYNC_PAGE_LIMIT = 20;
const NOT_READY_RETRIES = 10;
const NOT_READY_WAIT_MS = 500;

/** Balances: one row per account. */
export function balanceTable(accounts: AccountBase[]): DemoTable {
  return {
    columns: [
      { key: 'name', label: 'Account' },
      { key: 'type', label: 'Type' },
      { key: 'available', label: 'Available', numeric: true },
      { key: 'current', label: 'Current', numeric: true },
      { key: 'limit', label: 'Limit', numeric: true },
    ],
    rows: accounts.map((a) => ({
      name: accountLabel(a, a.account_id),
      type: a.subtype ? `${a.type} · ${a.subtype}` : a.type,
      available: money(a.balances.available, a.balances.iso_currency_code),
      current: money(a.balances.current, a.balances.iso_currency_code),
      limit: money(a.balances.limit, a.balances.iso_currency_code),
    })),
  };
}

/** Account and routing numbers, whichever schemes the institution uses. */
export function authTable(data: Pick<AuthGetResponse, 'accounts' | 'numbers'>): DemoTable {
  const byId = accountIndex(data.accounts);
  const rows: Record<string, string>[] = [];
  const add = (id: string, scheme: string, account: string, routing: string) =>
    rows.push({ name: accountLabel(byId.get(id), id), scheme, account, routing });
  for (const n of data.numbers.ach ?? [])
    add(n.account_id, 'ACH', n.account, `${n.routing} (wire ${text(n.wire_routing)})`);
  for (const n of data.numbers.eft ?? []) add(n.account_id, 'EFT', n.account, `${n.institution}-${n.branch}`);
  for (const n of data.numbers.international ?? []) add(n.account_id, 'IBAN', n.iban, n.bic);
  for (const n of data.numbers.bacs ?? []) add(n.account_id, 'BACS', n.account, n.sort_code);
  return {
    columns: [
      { key: 'name', label: 'Account' },
      { key: 'scheme', label: 'Scheme' },
      { key: 'account', label: 'Account number' },
      { key: 'routing', label: 'Routing / sort code' },
    ],
    rows,
  };
}

/** Account owners; each distinct owner once, with the accounts they hold. */
export function identityTable(data: Pick<IdentityGetResponse, 'accounts'>): DemoTable {
  const owners = new Map<string, Record<string, string>>();
  for (const account of data.accounts) {
    for (const o of account.owners) {
      const address = o.addresses.find((a) => a.primary) ?? o.addresses[0];
      const row = {
        names: o.names.join(', ') || '—',
        emails: text(o.emails.find((e) => e.primary)?.data ?? o.emails[0]?.data),
        phones: text(o.phone_numbers.find((p) => p.primary)?.data ?? o.phone_numbers[0]?.data),
        address: address
          ? [address.data.street, address.data.city, address.data.region, address.data.postal_code]
              .filter(Boolean)
              .join(', ')
          : '—',
        accounts: '',
      };
      const key = JSON.stringify(row);
      const seen = owners.get(key) ?? row;
      seen.accounts = [seen.accounts, account.mask ? `••${account.mask}` : account.name]
        .filter(Boolean)
        .join(' ');
      owners.set(key, seen);
    }
  }
  return {
    columns: [
      { key: 'names', label: 'Name' },
      { key: 'emails', label: 'Email' },
      { key: 'phones', label: 'Phone' },
      { key: 'address', label: 'Address' },
      { key: 'accounts', label: 'Accounts' },
    ],
    rows: [...owners.values()],
  };
}

/** The most recent transactions, newest first. */
export function transactionsTable(added: Transaction[], accounts: AccountBase[]): DemoTable {
  const byId = accountIndex(accounts);
  const recent = [...added]
    .sort((a, b) => b.date.localeCompare(a.date) || a.transaction_id.localeCompare(b.transaction_id))
    .slice(0, RECENT_TRANSACTIONS);
  return {
    columns: [
      { key: 'date', label: 'Date' },
      { key: 'name', label: 'Description' },
      { key: 'category', label: 'Category' },
      { key: 'account', label: 'Account' },
      { key: 'amount', label: 'Amount', numeric: true },
    ],
    rows: recent.map((t) => ({
      date: t.pending ? `${t.date} (pending)` : t.date,
      name: t.merchant_name || t.name,
      category: text(t.personal_finance_category?.primary?.replaceAll('_', ' ').toLowerCase()),
      account: accountLabel(byId.get(t.account_id), t.account_id),
      amount: money(t.amount, t.iso_currency_code),
    })),
    note:
      added.length > recent.length
        ? `The ${recent.length} most recent of ${added.length} transactions.`
        : `${added.length} transaction${added.length === 1 ? '' : 's'}.`,
  };
}

/** A security's name with its ticker, as the tables show it. */
function securityLabel(s: Pick<Security, 'name' | 'ticker_symbol'> | undefined): string {
  return s?.ticker_symbol ? `${s.name ?? s.ticker_symbol} (${s.ticker_symbol})` : text(s?.name);
}

/** Holdings with their security names, and the gain or loss on what they cost. */
export function holdingsTable(
  data: Pick<InvestmentsHoldingsGetResponse, 'accounts' | 'holdings' | 'securities'>,
): DemoTable {
  const byId = accountIndex(data.accounts);
  const securities = new Map(data.securities.map((s) => [s.security_id, s]));
  return {
    columns: [
      { key: 'security', label: 'Security' },
      { key: 'account', label: 'Account' },
      { key: 'quantity', label: 'Quantity', numeric: true },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'gain', label: 'Gain / loss', numeric: true },
    ],
    rows: data.holdings.map((h) => {
      const cost = h.cost_basis ?? null;
      // Computed in minor units, so the difference of two decimal amounts shows no floating error.
      const c = h.iso_currency_code;
      const gain = cost === null ? null : toDecimal(toMinor(h.institution_value, c) - toMinor(cost, c), c);
      const percent =
        gain !== null && cost ? ` (${gain >= 0 ? '+' : ''}${((gain / cost) * 100).toFixed(1)}%)` : '';
      return {
        security: securityLabel(securities.get(h.security_id)),
        account: accountLabel(byId.get(h.account_id), h.account_id),
        quantity: String(h.quantity),
        value: money(h.institution_value, h.iso_currency_code),
        gain: gain === null ? text(null) : `${money(gain, h.iso_currency_code)}${percent}`,
      };
    }),
  };
}

/** The most recent investment transactions, newest first, as the endpoint returns them. */
export function investmentTransactionsTable(
  data: Pick<
    InvestmentsTransactionsGetResponse,
    'accounts' | 'securities' | 'investment_transactions' | 'total_investment_transactions'
  >,
): DemoTable {
  const byId = accountIndex(data.accounts);
  const securities = new Map(data.securities.map((s) => [s.security_id, s]));
  const shown = data.investment_transactions;
  return {
    columns: [
      { key: 'date', label: 'Date' },
      { key: 'name', label: 'Description' },
      { key: 'kind', label: 'Type' },
      { key: 'security', label: 'Security' },
      { key: 'account', label: 'Account' },
      { key: 'quantity', label: 'Quantity', numeric: true },
      { key: 'amount', label: 'Amount', numeric: true },
    ],
    rows: shown.map((t) => ({
      date: t.date,
      name: t.name,
      kind: String(t.subtype) === String(t.type) ? t.type : `${t.type} · ${t.subtype}`,
      security: t.security_id ? securityLabel(securities.get(t.security_id)) : text(null),
      account: accountLabel(byId.get(t.account_id), t.account_id),
      quantity: t.quantity === 0 ? text(null) : String(t.quantity),
      amount: money(t.amount, t.iso_currency_code),
    })),
    note: `The ${shown.length} most recent of ${data.total_investment_transactions} investment transactions.`,
  };
}

/**
 * Calls an endpoint until its product is ready: an Item linked without the product starts its
 * first pull on the first call, which answers PRODUCT_NOT_READY until the pull is done.
 */
async function whenReady<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (upstreamError(e)?.error_code !== 'PRODUCT_NOT_READY' || attempt >= NOT_READY_RETRIES) throw e;
    }
    await sleep(NOT_READY_WAIT_MS);
  }
}

/** Credit cards, student loans and mortgages: what is owed and when. */
export function liabilitiesTable(data: Pick<LiabilitiesGetResponse, 'accounts' | 'liabilities'>): DemoTable {
  const byId = accountIndex(data.accounts);
  const currency = (id: string | null) => (id ? byId.get(id)?.balances.iso_currency_code : null);
  const row = (
    kind: string,
    id: string | null,
    owed: number | null,
    minimum: number | null,
    due: string | null,
  ) => ({
    kind,
    account: accountLabel(id ? byId.get(id) : undefined, id),
    owed: money(owed, currency(id)),
    minimum: money(minimum, currency(id)),
    due: text(due),
  });
  const l = data.liabilities;
  return {
    columns: [
      { key: 'kind', label: 'Kind' },
      { key: 'account', label: 'Account' },
      { key: 'owed', label: 'Last statement', numeric: true },
      { key: 'minimum', label: 'Next payment', numeric: true },
      { key: 'due', label: 'Due' },
    ],
    rows: [
      ...(l.credit ?? []).map((c) =>
        row(
          'Credit card',
          c.account_id,
          c.last_statement_balance,
          c.minimum_payment_amount,
          c.next_payment_due_date,
        ),
      ),
      ...(l.student ?? []).map((s) =>
        row(
          'Student loan',
          s.account_id,
          s.last_statement_balance ?? null,
          s.minimum_payment_amount,
          s.next_payment_due_date,
        ),
      ),
      ...(l.mortgage ?? []).map((m) =>
        row('Mortgage', m.account_id, null, m.next_monthly_payment, m.next_payment_due_date),
      ),
    ],
  };
}

/**
 * Pages through /transactions/sync from the start. Right after linking the first pull may still be
 * running: Plaid answers with an empty cursor (or PRODUCT_NOT_READY), so wait a little and ask again.
 */
export async function syncAll(
  api: PlaidApi,
  accessToken: string,
): Promise<{ added: Transaction[]; accounts: AccountBase[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const added: Transaction[] = [];
      let accounts: AccountBase[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < SYNC_PAGE_LIMIT; page++) {
        const { data } = await api.transactionsSync({ access_token: accessToken, cursor, count: 500 });
        added.push(...data.added);
        accounts = data.accounts ?? accounts;
        cursor = data.next_cursor;
        if (!data.has_more) break;
      }
      if (cursor || attempt >= NOT_READY_RETRIES) return { added, accounts };
    } catch (e) {
      if (upstreamError(e)?.error_code !== 'PRODUCT_NOT_READY' || attempt >= NOT_READY_RETRIES) throw e;
    }
    await sleep(NOT_READY_WAIT_MS);
  }
}

/** Every product the demo knows how to show, in page order. */
export const PRODUCT_SOURCES: readonly ProductSource[] = [
  {
    product: 'balance',
    endpoint: 'POST /accounts/balance/get',
    title: 'Balances',
    description: 'Real-time balances of the accounts the user shared.',
    always: true,
    async load(api, accessToken) {
      const { data } = await api.accountsBalanceGet({ access_token: accessToken });
      return balanceTable(data.accounts);
    },
  },
  {
    product: 'auth',
    endpoint: 'POST /auth/get',
    title: 'Account and routing numbers',
    description: 'What an app needs to move money to or from these accounts.',
    async load(api, accessToken) {
      return authTable((await api.authGet({ access_token: accessToken })).data);
    },
  },
  {
    product: 'identity',
    endpoint: 'POST /identity/get',
    title: 'Account owners',
    description: 'Names and contact details the bank holds for the account owners.',
    async load(api, accessToken) {
      return identityTable((await api.identityGet({ access_token: accessToken })).data);
    },
  },
  {
    product: 'transactions',
    endpoint: 'POST /transactions/sync',
    title: 'Transactions',
    description: 'The transaction history, fetched incrementally with a cursor.',
    async load(api, accessToken) {
      const { added, accounts } = await syncAll(api, accessToken);
      return transactionsTable(added, accounts);
    },
  },
  {
    product: 'investments',
    endpoint: 'POST /investments/holdings/get',
    title: 'Investment holdings',
    description:
      'Securities held in investment accounts, with their value and the gain or loss on their cost.',
    async load(api, accessToken) {
      const { data } = await whenReady(() => api.investmentsHoldingsGet({ access_token: accessToken }));
      return holdingsTable(data);
    },
  },
  {
    product: 'investments',
    id: 'investments-transactions',
    endpoint: 'POST /investments/transactions/get',
    title: 'Investment transactions',
    description: 'Buys, sells, dividends, contributions and fees of the last 24 months, newest first.',
    async load(api, accessToken) {
      const end = new Date();
      const start = new Date(end.getTime() - 730 * 86_400_000);
      const { data } = await whenReady(() =>
        api.investmentsTransactionsGet({
          access_token: accessToken,
          start_date: start.toISOString().slice(0, 10),
          end_date: end.toISOString().slice(0, 10),
          options: { count: RECENT_TRANSACTIONS },
        }),
      );
      return investmentTransactionsTable(data);
    },
  },
  {
    product: 'liabilities',
    endpoint: 'POST /liabilities/get',
    title: 'Liabilities',
    description: 'Credit card, student loan and mortgage details.',
    async load(api, accessToken) {
      return liabilitiesTable((await api.liabilitiesGet({ access_token: accessToken })).data);
    },
  },
  {
    product: 'statements',
    endpoint: 'POST /statements/list',
    title: 'Statements',
    description: 'Monthly statements of each bank account and card, each a PDF from /statements/download.',
    load: listStatements,
  },
];
