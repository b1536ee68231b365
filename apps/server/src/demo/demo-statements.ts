import { setTimeout as sleep } from 'node:timers/promises';
import type { PlaidApi, StatementsListResponse } from 'plaid';
import { upstreamError } from './demo-plaid';
import type { DemoTable } from './demo-tables';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const NOT_READY_RETRIES = 10;
const NOT_READY_WAIT_MS = 500;

/** "Oct 2026" for a statement's month. */
function period(s: { month: number; year: number }): string {
  return `${MONTHS[s.month - 1] ?? s.month} ${s.year}`;
}

/** Monthly statements: one row per account, with how many it has and its first and latest. */
export function statementsTable(data: Pick<StatementsListResponse, 'accounts'>): DemoTable {
  return {
    columns: [
      { key: 'name', label: 'Account' },
      { key: 'count', label: 'Statements', numeric: true },
      { key: 'first', label: 'First' },
      { key: 'latest', label: 'Latest' },
      { key: 'posted', label: 'Latest posted' },
    ],
    rows: data.accounts.map((a) => {
      const first = a.statements[0];
      const latest = a.statements.at(-1);
      return {
        name: `${a.account_name}${a.account_mask ? ` ••${a.account_mask}` : ''}`,
        count: String(a.statements.length),
        first: first ? period(first) : '—',
        latest: latest ? period(latest) : '—',
        posted: latest?.date_posted ?? '—',
      };
    }),
  };
}

/** /statements/list, asked again while the Item's ledger is still on its way (PRODUCT_NOT_READY). */
export async function listStatements(api: PlaidApi, accessToken: string): Promise<DemoTable> {
  for (let attempt = 0; ; attempt++) {
    try {
      return statementsTable((await api.statementsList({ access_token: accessToken })).data);
    } catch (e) {
      if (upstreamError(e)?.error_code !== 'PRODUCT_NOT_READY' || attempt >= NOT_READY_RETRIES) throw e;
    }
    await sleep(NOT_READY_WAIT_MS);
  }
}
