import type { StatementsRefreshResponse } from 'plaid';
import type { WeftApp, WeftContext } from '../../app-context';
import type { Reply } from '../../http/reply';
import { transactionsService } from '../transactions/transactions.routes';
import { renderStatement } from './statements.pdf';
import { presentStatementsList } from './statements.presenter';
import { StatementsDownloadBody, StatementsListBody, StatementsRefreshBody } from './statements.schemas';
import { StatementsService } from './statements.service';
import { StatementsStore } from './statements.store';
import { StatementsRefreshWorker } from './statements.worker';

/**
 * /statements/list, /statements/download and /statements/refresh; records the statement window of
 * every new Item that asks for statements, and completes refreshes in the background.
 */
export async function statementsProductRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const store = new StatementsStore(ctx.db, ctx.connectors, ctx.clock);
  const transactions = transactionsService(ctx);
  const statements = new StatementsService(ctx.db, ctx.items, ctx.clock, transactions, store);
  ctx.items.onItemCreated((trx, item, accounts, options) =>
    store.onItemCreated(trx, item, accounts, options.statements, options.daysRequested),
  );
  ctx.workers.push(new StatementsRefreshWorker(ctx.db, store, transactions, app.log));

  app.post('/statements/list', { schema: { body: StatementsListBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentStatementsList(await statements.list(client.clientId, req.body.access_token));
  });

  app.post('/statements/download', { schema: { body: StatementsDownloadBody } }, async (req, reply) => {
    const client = await ctx.auth.authenticate(req);
    const view = await statements.download(client.clientId, req.body.access_token, req.body.statement_id);
    const { pdf, sha256 } = await renderStatement(view.statement, view.account, view.institutionName);
    return reply.type('application/pdf').header('Plaid-Content-Hash', sha256).send(pdf);
  });

  app.post('/statements/refresh', { schema: { body: StatementsRefreshBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { access_token, start_date, end_date } = req.body;
    await statements.refresh(client.clientId, access_token, start_date, end_date);
    return {} satisfies Reply<StatementsRefreshResponse>;
  });
}
