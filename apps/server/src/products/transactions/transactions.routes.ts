import type { BackgroundWorker, WeftApp, WeftContext } from '../../app-context';
import { detectStreams } from '../../engines/recurring/recurring';
import { PlaidError } from '../../http/errors';
import { isoDate } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { readLiveSource } from '../live-refresh/live-refresh.routes';
import { presentEnriched, presentGet, presentRecurring, presentSync } from './transactions.presenter';
import { enrichEngine } from './transactions.rows';
import {
  ExplainBody,
  RecurringGetBody,
  SandboxTransactionsCreateBody,
  TransactionsEnrichBody,
  TransactionsGetBody,
  TransactionsRefreshBody,
  TransactionsSyncBody,
} from './transactions.schemas';
import { TransactionsService } from './transactions.service';

/** The transactions service a module shares (the sandbox clock uses it too). */
export function transactionsService(ctx: WeftContext): TransactionsService {
  return new TransactionsService(ctx.db, ctx.clock, ctx.items, ctx.connectors);
}

/** Completes due historical pulls every second, so their webhooks go out without a read. */
function historyWorker(transactions: TransactionsService): BackgroundWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  return {
    name: 'transactions-history',
    async start() {
      timer = setInterval(() => {
        if (running) return;
        running = transactions
          .loadDueHistories()
          .then(() => undefined)
          .catch(() => undefined)
          .finally(() => {
            running = null;
          });
      }, 1000);
      // Background work must not keep a process alive on its own.
      timer.unref();
    },
    /** Stops the timer and waits for a pull in progress, so a shutdown never closes the database under it. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** /transactions/* and /sandbox/transactions/create; starts every new Item's transactions pull. */
export async function transactionsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const transactions = transactionsService(ctx);
  ctx.items.onItemCreated((trx, item, accounts, options) =>
    transactions.onItemCreated(trx, item, accounts, options.daysRequested),
  );
  ctx.workers.push(historyWorker(transactions));

  app.post('/transactions/sync', { schema: { body: TransactionsSyncBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { access_token, cursor, count, options } = req.body;
    const page = await transactions.sync(
      client.clientId,
      access_token,
      cursor,
      count ?? 100,
      options?.account_id,
      options?.days_requested,
    );
    return presentSync(page, {
      version: options?.personal_finance_category_version ?? 'v2',
      includeOriginalDescription: options?.include_original_description === true,
    });
  });

  app.post('/transactions/get', { schema: { body: TransactionsGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { access_token, start_date, end_date, options } = req.body;
    const r = await transactions.get(client.clientId, access_token, {
      start: start_date,
      end: end_date,
      accountIds: options?.account_ids,
      count: options?.count ?? 100,
      offset: options?.offset ?? 0,
      daysRequested: options?.days_requested,
    });
    return presentGet(r, {
      version: options?.personal_finance_category_version ?? 'v2',
      includeOriginalDescription: options?.include_original_description === true,
    });
  });

  app.post('/transactions/refresh', { schema: { body: TransactionsRefreshBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    // A live source is read within its request limits, never inside a pull's transaction.
    if (await readLiveSource(ctx, client.clientId, req.body.access_token)) return {};
    await transactions.refresh(client.clientId, req.body.access_token);
    return {};
  });

  app.post('/transactions/recurring/get', { schema: { body: RecurringGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await transactions.forRecurring(client.clientId, req.body.access_token, req.body.account_ids);
    const streams = detectStreams(
      r.transactions.map((t) => ({
        id: t.transaction_id,
        accountId: t.account_id,
        date: t.date,
        amount: t.amount,
        description: t.name,
        merchantName: t.merchant_name,
        category: { primary: t.pfc_primary, detailed: t.pfc_detailed },
        pending: t.pending === 1,
      })),
      isoDate(ctx.clock.now()),
    );
    const currency = new Map(r.accounts.map((a) => [a.account_id, a.iso_currency_code]));
    return presentRecurring(
      r.item.item_id,
      streams,
      (id) => currency.get(id) ?? 'USD',
      r.updatedAt,
      req.body.options?.personal_finance_category_version ?? 'v2',
    );
  });

  app.post('/transactions/enrich', { schema: { body: TransactionsEnrichBody } }, async (req) => {
    await ctx.auth.authenticate(req);
    const { account_type, transactions: txs, options } = req.body;
    const ids = new Set(txs.map((t) => t.id));
    if (ids.size !== txs.length) throw new PlaidError('INVALID_FIELD', 'transaction ids must be unique');
    const enriched = txs.map((input) => ({
      input,
      enrichment: enrichEngine.enrich({
        description: input.description,
        amount: input.direction === 'OUTFLOW' ? input.amount : -input.amount,
        direction: input.direction,
        accountType: input.account_type ?? account_type,
        mcc: input.mcc ?? null,
      }),
    }));
    return presentEnriched(account_type, enriched, {
      version: options?.personal_finance_category_version ?? 'v2',
      legacy: options?.include_legacy_category === true,
    });
  });

  // Weft extension: the engine's verdict on one descriptor, with the table entry that decided it.
  app.post('/weft/transactions/explain', { schema: { body: ExplainBody } }, async (req) => {
    await ctx.auth.authenticate(req);
    const { description, amount, account_type, mcc } = req.body;
    const e = enrichEngine.enrich({
      description,
      // The explainer's thresholds are in cents of a two-decimal currency.
      amount: toMinor(amount, null),
      accountType: account_type,
      mcc: mcc ?? null,
    });
    return {
      merchant_name: e.merchantName,
      website: e.website,
      payment_channel: e.paymentChannel,
      personal_finance_category: { ...e.category },
      counterparties: e.counterparties,
      explanation: e.explanation,
    };
  });

  app.post(
    '/sandbox/transactions/create',
    { schema: { body: SandboxTransactionsCreateBody } },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      await transactions.createSandbox(client.clientId, req.body.access_token, req.body.transactions);
      return {};
    },
  );
}
