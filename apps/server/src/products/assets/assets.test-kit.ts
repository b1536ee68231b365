import type { AssetReportGetResponse } from 'plaid';
import { expect } from 'vitest';
import { auth, createItem, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import type { AssetReportWorker } from './assets.jobs';

/** Items linked for Assets at two sandbox banks for a client; returns their access tokens. */
export async function assetItems(w: TestWeft, keys: ClientKeys, webhook?: string): Promise<string[]> {
  const out: string[] = [];
  for (const institution_id of ['ins_109508', 'ins_109509'])
    out.push(
      (
        await createItem(w, keys, {
          institution_id,
          initial_products: ['assets'],
          ...(webhook ? { options: { webhook } } : {}),
        })
      ).accessToken,
    );
  return out;
}

/** The assets worker of a test Weft. */
export function assetsWorker(w: TestWeft): AssetReportWorker {
  return w.ctx.workers.find((x) => x.name === 'asset-reports') as AssetReportWorker;
}

/** /asset_report/create for a client; expects success and returns the token and id. */
export async function createReport(
  w: TestWeft,
  keys: ClientKeys,
  body: Record<string, unknown>,
): Promise<{ token: string; id: string }> {
  const r = await post<{ asset_report_token: string; asset_report_id: string }>(w, '/asset_report/create', {
    ...auth(keys),
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { token: r.body.asset_report_token, id: r.body.asset_report_id };
}

/**
 * Polls /asset_report/get until the report is built (or fails): the last response. The worker must
 * be running.
 */
export async function waitForReport(
  w: TestWeft,
  keys: ClientKeys,
  token: string,
  extra: Record<string, unknown> = {},
  timeoutMs = 60_000,
): Promise<{ status: number; body: AssetReportGetResponse & { error_code?: string; error_type?: string } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await post<AssetReportGetResponse & { error_code?: string; error_type?: string }>(
      w,
      '/asset_report/get',
      { ...auth(keys), asset_report_token: token, ...extra },
    );
    if (r.status === 200 || r.body.error_code !== 'PRODUCT_NOT_READY' || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** ASSETS events the outbox holds for a report, oldest first. */
export async function assetHooks(w: TestWeft, reportId: string) {
  const rows = await w.ctx.db
    .selectFrom('outbox')
    .selectAll()
    .where('webhook_type', '=', 'ASSETS')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => ({ row: r, json: JSON.parse(r.payload) as Record<string, unknown> }))
    .filter((h) => h.json.asset_report_id === reportId);
}
