import type { CreditBankIncomeRefreshResponse, SandboxIncomeFireWebhookResponse } from 'plaid';
import type { WeftApp, WeftContext } from '../../app-context';
import { PlaidError } from '../../http/errors';
import { UsersService } from '../users/users.service';
import { renderBankIncomePdf } from './bank-income.pdf';
import { presentBankIncome } from './bank-income.presenter';
import { BankIncomeService } from './bank-income.service';
import { attachIncomeItem } from './income.links';
import { fireIncomeWebhook } from './income.sandbox';
import {
  BankIncomeGetBody,
  BankIncomePdfGetBody,
  BankIncomeRefreshBody,
  EmploymentGetBody,
  PayrollIncomeGetBody,
  SandboxIncomeFireWebhookBody,
} from './income.schemas';
import { presentEmployment, presentPayrollIncome } from './payroll-income.presenter';
import { PayrollIncomeRepository } from './payroll-income.repository';

/**
 * Income: Bank Income (reports of the income found in a user's linked bank Items) and Payroll
 * Income (paystubs and W-2s of a user's payroll Items), both read by the user's token.
 */
export async function incomeRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const users = new UsersService(ctx.db, ctx.clock);
  const bank = new BankIncomeService(ctx.db, ctx.clock, ctx.connectors);
  ctx.items.onItemCreated((trx, item, accounts, options) =>
    attachIncomeItem(trx, ctx, item, accounts, options),
  );

  app.post('/credit/bank_income/get', { schema: { body: BankIncomeGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, req.body);
    return presentBankIncome(await bank.get(user, req.body.options?.count ?? 1));
  });

  app.post('/credit/bank_income/pdf/get', { schema: { body: BankIncomePdfGetBody } }, async (req, reply) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, req.body);
    const [latest] = await bank.get(user, 1);
    if (!latest) throw new PlaidError('PRODUCT_NOT_READY', 'the user has no Item linked for bank income');
    return reply.type('application/pdf').send(await renderBankIncomePdf(latest));
  });

  app.post('/credit/bank_income/refresh', { schema: { body: BankIncomeRefreshBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, req.body);
    await bank.refresh(user, req.body.options?.days_requested);
    return {} satisfies Omit<CreditBankIncomeRefreshResponse, 'request_id'>;
  });
  app.post('/credit/payroll_income/get', { schema: { body: PayrollIncomeGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, req.body);
    const wanted = req.body.options?.item_ids;
    const items = (await new PayrollIncomeRepository(ctx.db).forUser(user)).filter(
      (p) => !wanted || wanted.includes(p.itemId),
    );
    return presentPayrollIncome(items);
  });

  app.post('/credit/employment/get', { schema: { body: EmploymentGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, req.body);
    return presentEmployment(await new PayrollIncomeRepository(ctx.db).forUser(user));
  });
  app.post(
    '/sandbox/income/fire_webhook',
    { schema: { body: SandboxIncomeFireWebhookBody } },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      await fireIncomeWebhook(ctx.db, ctx.clock, client, req.body);
      return {} satisfies Omit<SandboxIncomeFireWebhookResponse, 'request_id'>;
    },
  );
}
