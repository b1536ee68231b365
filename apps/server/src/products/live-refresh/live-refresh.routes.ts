import type { WeftApp, WeftContext } from '../../app-context';
import { ItemsRepository } from '../items/items.repository';
import { itemErrorOf } from '../items/items.service';
import { LiveRefreshService } from './live-refresh.service';
import { LIVE_SCAN_MS, LiveRefreshWorker } from './live-refresh.worker';

const services = new WeakMap<WeftContext, LiveRefreshService>();

/** The live refresh service of one Weft (its state lives in the database; one per context). */
export function liveRefresher(ctx: WeftContext): LiveRefreshService {
  let s = services.get(ctx);
  if (!s) {
    s = new LiveRefreshService(ctx.db, ctx.clock, ctx.connectors);
    services.set(ctx, s);
  }
  return s;
}

/**
 * For an app's on-demand read (/transactions/refresh, /accounts/balance/get): reads a live
 * source's Item now, within its source's limits, and fails the call as Plaid would when the read
 * found the login refused. Returns false for an Item of any other source (nothing done).
 */
export async function readLiveSource(
  ctx: WeftContext,
  clientId: string,
  accessToken: string,
): Promise<boolean> {
  const item = await ctx.items.resolveHealthy(clientId, accessToken);
  const live = liveRefresher(ctx);
  if (!live.isLive(item)) return false;
  if ((await live.readNow(item)) === 'failed') {
    const after = await new ItemsRepository(ctx.db).find(clientId, item.item_id);
    if (after?.error) throw itemErrorOf(after);
  }
  return true;
}

/** Live sources: each new live Item's schedule, and the worker reading them again. */
export async function liveRefreshRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const live = liveRefresher(ctx);
  ctx.items.onItemCreated((trx, item) => live.onItemCreated(trx, item));
  ctx.workers.push(new LiveRefreshWorker(live, LIVE_SCAN_MS, app.log));
}
