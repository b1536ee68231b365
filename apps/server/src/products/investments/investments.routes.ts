import type { WeftApp, WeftContext } from '../../app-context';
import {
  presentHoldings,
  presentInvestmentsAuth,
  presentInvestmentTransactions,
} from './investments.presenter';
import {
  HoldingsGetBody,
  InvestmentsAuthGetBody,
  InvestmentsRefreshBody,
  InvestmentTransactionsGetBody,
} from './investments.schemas';
import { InvestmentsService } from './investments.service';

/** The investments service a module shares. */
export function investmentsService(ctx: WeftContext): InvestmentsService {
  return new InvestmentsService(ctx.db, ctx.clock, ctx.items, ctx.connectors);
}

/** /investments/*; starts the pull of every new Item that asks for investments. */
export async function investmentsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const investments = investmentsService(ctx);
  ctx.items.onItemCreated((trx, item, accounts) => investments.onItemCreated(trx, item, accounts));

  app.post('/investments/holdings/get', { schema: { body: HoldingsGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await investments.holdings(
      client.clientId,
      req.body.access_token,
      req.body.options?.account_ids,
    );
    return presentHoldings(r);
  });

  app.post(
    '/investments/transactions/get',
    { schema: { body: InvestmentTransactionsGetBody } },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      const { access_token, start_date, end_date, options } = req.body;
      const r = await investments.transactions(client.clientId, access_token, {
        start: start_date,
        end: end_date,
        accountIds: options?.account_ids,
        count: options?.count ?? 100,
        offset: options?.offset ?? 0,
      });
      return presentInvestmentTransactions(r);
    },
  );

  app.post('/investments/auth/get', { schema: { body: InvestmentsAuthGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await investments.auth(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentInvestmentsAuth(r);
  });

  app.post('/investments/refresh', { schema: { body: InvestmentsRefreshBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await investments.refresh(client.clientId, req.body.access_token);
    return {};
  });
}
