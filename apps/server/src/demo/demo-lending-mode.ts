import type { AccountAssets, AssetReport, CountryCode, PlaidApi, Products } from 'plaid';
import { PlaidError } from '../http/errors';
import type { DemoMode } from './demo-modes';
import { relay, upstreamError } from './demo-plaid';
import type { DemoSession } from './demo-sessions';
import type { DemoSection } from './demo-tables';
import { money, text } from './demo-tables';

/** Where the page downloads the session's Asset Report PDF (served by demo.routes.ts). */
export const LENDING_PDF_PATH = '/demo/api/asset_report/pdf';
/** Days of history the demo's report covers. */
const DAYS_REQUESTED = 60;
/** How long the success page waits for the report's build before showing it as still building. */
const WAIT_MS = 20_000;
const POLL_MS = 200;

/**
 * Lending: the visitor links a bank for Assets, and the demo's server asks for an Asset Report of
 * it (as a lender checks an applicant's assets), waits for it to be built and shows its summary,
 * with a link to the report's PDF. The report is made once per linked Item and kept in the session.
 */
export const lendingMode: DemoMode = {
  id: 'lending',
  label: 'Lending (assets)',
  description: 'Link a bank account and build an Asset Report of its balances and history, with its PDF.',
  hint: { institution: 'First Platypus Bank', username: 'user_good', password: 'pass_good' },
  countryCodes: ['US'] as CountryCode[],
  async linkToken() {
    return { products: ['assets'] as Products[] };
  },
  async result(api, session) {
    const accessToken = session.accessToken;
    if (!accessToken) return { item: null, sections: [], skipped: [] };
    const { item } = (await api.itemGet({ access_token: accessToken })).data;
    const head = {
      item_id: item.item_id,
      institution_id: item.institution_id ?? null,
      institution_name: item.institution_name ?? null,
    };
    const token = await reportToken(api, session, accessToken);
    const report = await builtReport(api, token);
    return {
      item: head,
      lead: 'You have completed Link. The lender’s Asset Report of the linked accounts is below.',
      sections: [report ? summarySection(report) : buildingSection()],
      skipped: [],
    };
  },
};

/** The session's report token, asking for the report the first time. */
async function reportToken(api: PlaidApi, session: DemoSession, accessToken: string): Promise<string> {
  const known = session.extras.assetReportToken;
  if (known) return known;
  const created = (
    await api
      .assetReportCreate({
        access_tokens: [accessToken],
        days_requested: DAYS_REQUESTED,
        options: { client_report_id: 'weft-quickstart', user: { client_user_id: 'quickstart-applicant' } },
      })
      .catch(relay)
  ).data;
  session.extras.assetReportToken = created.asset_report_token;
  return created.asset_report_token;
}

/** The built report, or null while it is still building after the page's wait. */
async function builtReport(api: PlaidApi, token: string): Promise<AssetReport | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return (await api.assetReportGet({ asset_report_token: token })).data.report;
    } catch (e) {
      if (upstreamError(e)?.error_code !== 'PRODUCT_NOT_READY') throw e;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

function summarySection(report: AssetReport): DemoSection {
  const rows = report.items.flatMap((item) =>
    item.accounts.map((a: AccountAssets) => ({
      account: a.mask ? `${a.name} ••${a.mask}` : a.name,
      institution: item.institution_name,
      type: text(a.subtype ?? a.type),
      balance: money(a.balances.current, a.balances.iso_currency_code),
      oldest: money(a.historical_balances.at(-1)?.current, a.balances.iso_currency_code),
      days: String(a.days_available),
      transactions: String(a.transactions.length),
      owner: text(a.owners[0]?.names[0]),
    })),
  );
  return {
    id: 'asset-report',
    product: 'assets',
    endpoint: 'POST /asset_report/get',
    title: 'Asset Report',
    description: `Report ${report.asset_report_id}, generated ${report.date_generated}, covering ${report.days_requested} days: each account's balance now and at the start, its owner and its history.`,
    table: {
      columns: [
        { key: 'account', label: 'Account' },
        { key: 'institution', label: 'Institution' },
        { key: 'type', label: 'Type' },
        { key: 'balance', label: 'Balance', numeric: true },
        { key: 'oldest', label: `Balance ${report.days_requested} days ago`, numeric: true },
        { key: 'days', label: 'Days available', numeric: true },
        { key: 'transactions', label: 'Transactions', numeric: true },
        { key: 'owner', label: 'Owner' },
      ],
      rows,
    },
    link: { href: LENDING_PDF_PATH, label: 'Download the Asset Report PDF' },
  };
}

function buildingSection(): DemoSection {
  return {
    id: 'asset-report',
    product: 'assets',
    endpoint: 'POST /asset_report/get',
    title: 'Asset Report',
    description: 'The report is still being built; reload the page in a moment.',
    error: { error_code: 'PRODUCT_NOT_READY', error_message: 'the requested Asset Report is not yet ready' },
  };
}

/** The PDF of the session's Asset Report (for the page's download link). */
export async function lendingPdf(api: PlaidApi, session: DemoSession | null): Promise<Buffer> {
  const token = session?.extras.assetReportToken;
  if (!token)
    throw new PlaidError('DEMO_NOT_LINKED', 'build an Asset Report first', {
      type: 'INVALID_REQUEST',
      status: 409,
    });
  const res = await api
    .assetReportPdfGet({ asset_report_token: token }, { responseType: 'arraybuffer' })
    .catch(relay);
  return Buffer.from(res.data as unknown as ArrayBuffer);
}
