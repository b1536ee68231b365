import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { assetItems, assetsWorker, createReport, waitForReport } from './assets.test-kit';

type Err = { error_code: string; error_type: string };

/** Tenant isolation: a client reaches only its own reports; an audit copy only its named auditor. */
describe('Asset Reports belong to their client', () => {
  let w: TestWeft;
  let clientC: ClientKeys;
  let tokensA: string[];
  let reportA: { token: string; id: string };

  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date('2026-11-18T12:00:00Z')) });
    clientC = await w.ctx.clients.create('client-c');
    await assetsWorker(w).start();
    tokensA = await assetItems(w, w.clientA);
    reportA = await createReport(w, w.clientA, { access_tokens: tokensA, days_requested: 30 });
    expect((await waitForReport(w, w.clientA, reportA.token)).status).toBe(200);
  });
  afterAll(() => w.close());

  const call = <T = Err>(keys: ClientKeys, path: string, body: Record<string, unknown>) =>
    post<T>(w, path, { ...auth(keys), ...body });

  it("client B cannot create a report over A's Items, nor get, PDF, refresh, filter, audit-copy or remove A's report", async () => {
    const create = await call(w.clientB, '/asset_report/create', {
      access_tokens: tokensA,
      days_requested: 30,
    });
    expect([create.status, create.body.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);
    const asB: [string, Record<string, unknown>][] = [
      ['/asset_report/get', {}],
      ['/asset_report/get', { fast_report: false, include_insights: true }],
      ['/asset_report/pdf/get', {}],
      ['/asset_report/refresh', {}],
      ['/asset_report/filter', { account_ids_to_exclude: [] }],
      ['/asset_report/audit_copy/create', { auditor_id: w.clientB.clientId }],
      ['/asset_report/remove', {}],
    ];
    for (const [path, extra] of asB) {
      const r = await call(w.clientB, path, { asset_report_token: reportA.token, ...extra });
      expect([r.status, r.body.error_type, r.body.error_code], path).toEqual([
        400,
        'INVALID_INPUT',
        'INVALID_ASSET_REPORT_TOKEN',
      ]);
    }
    // Nothing B tried changed A's report, and B made no report of its own.
    const still = await waitForReport(w, w.clientA, reportA.token);
    expect(still.status).toBe(200);
    expect(still.body.report.asset_report_id).toBe(reportA.id);
    const rows = await w.ctx.db.selectFrom('asset_reports').select(['client_id']).execute();
    expect(rows.filter((r) => r.client_id === w.clientB.clientId)).toEqual([]);
  });

  it('only the named auditor reads an audit copy; only its maker removes it', async () => {
    const made = await call<{ audit_copy_token: string }>(w.clientA, '/asset_report/audit_copy/create', {
      asset_report_token: reportA.token,
      auditor_id: w.clientB.clientId,
    });
    expect(made.status).toBe(200);
    const copy = made.body.audit_copy_token;
    expect(copy).toMatch(/^a-sandbox-/);

    const read = await call<{ report: { asset_report_id: string } }>(
      w.clientB,
      '/asset_report/audit_copy/get',
      {
        audit_copy_token: copy,
      },
    );
    expect(read.status).toBe(200);
    expect(read.body.report.asset_report_id).toBe(reportA.id);
    const own = await waitForReport(w, w.clientA, reportA.token);
    expect(read.body).toMatchObject({ report: own.body.report, warnings: [] });

    for (const keys of [w.clientA, clientC]) {
      for (const path of ['/asset_report/audit_copy/get', '/asset_report/audit_copy/pdf/get']) {
        const r = await call(keys, path, { audit_copy_token: copy });
        expect([r.status, r.body.error_type, r.body.error_code], path).toEqual([
          400,
          'INVALID_INPUT',
          'INVALID_AUDIT_COPY_TOKEN',
        ]);
      }
    }
    // The auditor and strangers cannot remove it; its maker can, and then the auditor cannot read it.
    for (const keys of [w.clientB, clientC]) {
      const r = await call(keys, '/asset_report/audit_copy/remove', { audit_copy_token: copy });
      expect([r.status, r.body.error_code]).toEqual([400, 'INVALID_AUDIT_COPY_TOKEN']);
    }
    expect((await call(w.clientB, '/asset_report/audit_copy/get', { audit_copy_token: copy })).status).toBe(
      200,
    );
    const removed = await call<{ removed: boolean }>(w.clientA, '/asset_report/audit_copy/remove', {
      audit_copy_token: copy,
    });
    expect([removed.status, removed.body.removed]).toEqual([200, true]);
    const after = await call(w.clientB, '/asset_report/audit_copy/get', { audit_copy_token: copy });
    expect([after.status, after.body.error_code]).toEqual([400, 'INVALID_AUDIT_COPY_TOKEN']);
    // The report itself stays.
    expect((await waitForReport(w, w.clientA, reportA.token)).status).toBe(200);
  });

  it('an audit copy needs a built report and an auditor', async () => {
    const pending = await createReport(w, w.clientA, { access_tokens: tokensA, days_requested: 0 });
    const noAuditor = await call(w.clientA, '/asset_report/audit_copy/create', {
      asset_report_token: pending.token,
    });
    expect([noAuditor.status, noAuditor.body.error_code]).toEqual([400, 'MISSING_FIELDS']);
    const malformed = await call(w.clientB, '/asset_report/audit_copy/get', { audit_copy_token: 'nope' });
    expect([malformed.status, malformed.body.error_code]).toEqual([400, 'INVALID_AUDIT_COPY_TOKEN']);
  });
});
