import type { WeftApp, WeftContext } from '../../app-context';
import { transactionsService } from '../transactions/transactions.routes';
import { ClockAdvanceBody } from './sandbox-clock.schemas';

/**
 * The sandbox clock (a Weft extension): advancing an Item's time by N days makes new transactions
 * appear, pendings post or drop, balances move, and SYNC_UPDATES_AVAILABLE go to the outbox.
 */
export async function sandboxClockRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const transactions = transactionsService(ctx);

  app.post('/weft/sandbox/clock/advance', { schema: { body: ClockAdvanceBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await transactions.advance(client.clientId, req.body.access_token, req.body.days);
    return {
      item_id: r.item.item_id,
      simulated_date: r.simDate,
      clock_offset_days: r.offsetDays,
      added: r.added,
      modified: r.modified,
      removed: r.removed,
    };
  });
}
