import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import {
  b64,
  CAMT_NOVEMBER,
  camtStatement,
  csvExport,
  OFX_NOVEMBER,
  OFX_OCTOBER,
  ofxChecking,
} from './statement-fixtures.test-kit';

interface FileLine {
  file: string;
  item_id?: string;
  accounts?: number;
  transactions?: number;
  added?: number;
  skipped?: number;
  error?: { code: string; message: string; line: number | null };
}
interface ImportBody {
  item_id: string | null;
  public_token?: string;
  files: FileLine[];
}
interface Tx {
  transaction_id: string;
  pending: boolean;
  pending_transaction_id: string | null;
  account_id: string;
  amount: number;
  date: string;
  name: string;
  merchant_name: string | null;
  personal_finance_category: { primary: string } | null;
}

const OCTOBER = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
const NOVEMBER = ofxChecking(OFX_NOVEMBER);

describe('/weft/statements/import', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-12-01T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function importFiles(
    keys: ClientKeys,
    files: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) {
    return post<ImportBody>(w, '/weft/statements/import', {
      ...auth(keys),
      ...extra,
      files: Object.entries(files).map(([name, text]) => ({ name, content_base64: b64(text) })),
    });
  }

  async function newItem(
    keys: ClientKeys,
    files: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) {
    const r = await importFiles(keys, files, extra);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const ex = await post<{ access_token: string; item_id: string }>(w, '/item/public_token/exchange', {
      ...auth(keys),
      public_token: r.body.public_token,
    });
    expect(ex.status).toBe(200);
    expect(ex.body.item_id).toBe(r.body.item_id);
    return { token: ex.body.access_token, itemId: ex.body.item_id, body: r.body };
  }

  async function syncAll(keys: ClientKeys, token: string, cursor = '') {
    const added: Tx[] = [];
    let modified = 0;
    let removed = 0;
    const removedIds: string[] = [];
    let next = cursor;
    for (;;) {
      const r = await post<{
        added: Tx[];
        modified: Tx[];
        removed: Tx[];
        next_cursor: string;
        has_more: boolean;
      }>(w, '/transactions/sync', { ...auth(keys), access_token: token, cursor: next, count: 3 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      added.push(...r.body.added);
      modified += r.body.modified.length;
      removed += r.body.removed.length;
      removedIds.push(...r.body.removed.map((t) => t.transaction_id));
      next = r.body.next_cursor;
      if (!r.body.has_more) return { added, modified, removed, removedIds, cursor: next };
    }
  }

  async function balances(keys: ClientKeys, token: string) {
    const r = await post<{
      accounts: { account_id: string; balances: { current: number; available: number | null } }[];
    }>(w, '/accounts/balance/get', { ...auth(keys), access_token: token });
    expect(r.status).toBe(200);
    return r.body.accounts.map((a) => a.balances);
  }

  it('makes an OFX file an Item whose accounts, balances, numbers and enriched transactions read as Plaid returns them', async () => {
    const { token, itemId, body } = await newItem(w.clientA, { 'october.ofx': OCTOBER });
    expect(body.public_token).toMatch(/^public-sandbox-/);
    expect(body.files).toEqual([
      { file: 'october.ofx', item_id: itemId, accounts: 1, transactions: 5, added: 5, skipped: 0 },
    ]);

    const accounts = await post<{ accounts: Record<string, unknown>[]; item: Record<string, unknown> }>(
      w,
      '/accounts/get',
      { ...auth(w.clientA), access_token: token },
    );
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts).toHaveLength(1);
    expect(accounts.body.accounts[0]).toMatchObject({
      name: 'Checking 3210',
      mask: '3210',
      type: 'depository',
      subtype: 'checking',
      balances: { current: 1234.56, available: 1234.56, iso_currency_code: 'USD' },
    });
    expect(accounts.body.item).toMatchObject({
      institution_id: 'ins_weft_files',
      products: ['transactions'],
    });

    const sync = await syncAll(w.clientA, token);
    expect(sync.added).toHaveLength(5);
    const coffee = sync.added.find((t) => t.name === 'STARBUCKS STORE 1234')!;
    expect(coffee).toMatchObject({ amount: 4.75, date: '2026-10-03', merchant_name: 'Starbucks' });
    expect(coffee.personal_finance_category?.primary).toBe('FOOD_AND_DRINK');
    expect(sync.added.find((t) => t.name === 'PAYROLL ACME CORP')!.amount).toBe(-2500);

    const authGet = await post<{ numbers: { ach: Record<string, unknown>[] }; accounts: unknown[] }>(
      w,
      '/auth/get',
      { ...auth(w.clientA), access_token: token },
    );
    expect(authGet.status, JSON.stringify(authGet.body)).toBe(200);
    expect(authGet.body.numbers.ach).toEqual([
      {
        account_id: (accounts.body.accounts[0] as { account_id: string }).account_id,
        account: '9876543210',
        routing: '011000015',
        wire_routing: null,
      },
    ]);

    // A statement names no owners: files Items do not offer Identity.
    const identity = await post(w, '/identity/get', { ...auth(w.clientA), access_token: token });
    expect(identity.body).toMatchObject({ error_code: 'PRODUCTS_NOT_SUPPORTED' });

    const item = await post<{ item: Record<string, unknown> }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: token,
    });
    expect(item.body.item).toMatchObject({
      institution_id: 'ins_weft_files',
      institution_name: 'Upload statement files',
    });
    const inst = await post<{ institution: Record<string, unknown> }>(w, '/institutions/get_by_id', {
      ...auth(w.clientA),
      institution_id: 'ins_weft_files',
      country_codes: ['DE'],
    });
    expect(inst.status).toBe(200);
    expect(inst.body.institution).toMatchObject({ name: 'Upload statement files' });
    const listed = await post<{ institutions: { institution_id: string }[] }>(w, '/institutions/search', {
      ...auth(w.clientA),
      query: 'Upload statement',
      country_codes: ['US'],
    });
    expect(listed.body.institutions.map((i) => i.institution_id)).not.toContain('ins_weft_files');

    const get = await post<{ transactions: Tx[]; total_transactions: number }>(w, '/transactions/get', {
      ...auth(w.clientA),
      access_token: token,
      start_date: '2026-10-01',
      end_date: '2026-11-30',
    });
    expect(get.status).toBe(200);
    expect(get.body.total_transactions).toBe(5);
  });

  it('keeps each currency in its own minor units: yen without decimals, dinars with three', async () => {
    const yen = ofxChecking(
      [
        { fitid: 'Y1', date: '2026-11-02', amount: '-1200', name: 'LAWSON SHIBUYA' },
        { fitid: 'Y2', date: '2026-11-03', amount: '250000', name: 'SALARY' },
      ],
      { currency: 'JPY', acctId: '5550001', balance: { amount: '348800', date: '2026-11-05' } },
    );
    const dinar = ofxChecking(
      [
        { fitid: 'K1', date: '2026-11-02', amount: '-1.235', name: 'SULTAN CENTER' },
        { fitid: 'K2', date: '2026-11-04', amount: '-0.005', name: 'BANK FEE' },
      ],
      { currency: 'KWD', acctId: '5550002', balance: { amount: '12.345', date: '2026-11-05' } },
    );
    for (const [file, currency, current, amounts] of [
      ['yen.ofx', 'JPY', 348800, [-250000, 1200]],
      ['dinar.ofx', 'KWD', 12.345, [0.005, 1.235]],
    ] as const) {
      const { token } = await newItem(w.clientA, { [file]: file === 'yen.ofx' ? yen : dinar });
      expect(await balances(w.clientA, token)).toEqual([
        expect.objectContaining({ current, iso_currency_code: currency }),
      ]);
      const { added } = await syncAll(w.clientA, token);
      expect(added.map((t) => t.amount).sort((x, y) => x - y)).toEqual(amounts);
    }
  });

  it('adds only what an overlapping later file brings, never duplicates, and keeps the stated balance current', async () => {
    const { token, itemId } = await newItem(w.clientA, { 'october.ofx': OCTOBER });
    const first = await syncAll(w.clientA, token);

    const r = await importFiles(w.clientA, { 'november.ofx': NOVEMBER }, { access_token: token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      item_id: itemId,
      files: [{ file: 'november.ofx', item_id: itemId, accounts: 1, transactions: 4, added: 2, skipped: 2 }],
    });
    const next = await syncAll(w.clientA, token, first.cursor);
    expect(next.added.map((t) => t.name).sort()).toEqual(['NETFLIX.COM', 'UBER TRIP']);
    expect([next.modified, next.removed]).toEqual([0, 0]);
    // Only transactions after the stated balance's date (2026-11-05) move it.
    expect(await balances(w.clientA, token)).toEqual([
      expect.objectContaining({ current: 1195.97, available: 1195.97 }),
    ]);

    const again = await importFiles(w.clientA, { 'november.ofx': NOVEMBER }, { access_token: token });
    expect(again.body.files[0]).toMatchObject({ added: 0, skipped: 4 });
    const all = await syncAll(w.clientA, token);
    expect(all.added).toHaveLength(7);
    expect(new Set(all.added.map((t) => t.transaction_id)).size).toBe(7);
    const nothing = await syncAll(w.clientA, token, next.cursor);
    expect(nothing.added).toHaveLength(0);

    const files = await w.ctx.db
      .selectFrom('statement_files')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('id')
      .execute();
    expect(files.map((f) => [f.name, f.format, f.transactions, f.added])).toEqual([
      ['october.ofx', 'ofx', 5, 5],
      ['november.ofx', 'ofx', 4, 2],
    ]);
    // The bytes are kept sealed: unreadable at rest, the same file once opened with the key.
    expect(files[1]!.content_sealed).not.toContain('NETFLIX');
    expect(Buffer.from(w.ctx.secretBox.open(files[1]!.content_sealed), 'base64').toString('utf8')).toBe(
      NOVEMBER,
    );
  });

  it('keeps a newer statement’s balances when an older one arrives later, adding only its transactions', async () => {
    const newer = ofxChecking(OFX_NOVEMBER, {
      balance: { amount: '1195.97', date: '2026-11-30', available: '1150.00' },
    });
    const { token } = await newItem(w.clientA, { 'november.ofx': newer });
    const older = ofxChecking(OFX_OCTOBER, {
      balance: { amount: '1234.56', date: '2026-11-05', available: '1234.56' },
    });
    const r = await importFiles(w.clientA, { 'october.ofx': older }, { access_token: token });
    expect(r.body.files[0]).toMatchObject({ added: 3, skipped: 2 });
    expect(await balances(w.clientA, token)).toEqual([
      expect.objectContaining({ current: 1195.97, available: 1150 }),
    ]);
  });

  it('imports camt.053 with its IBAN and BIC for /auth/get, and a CSV without a balance computes one', async () => {
    const camt = await newItem(w.clientA, { 'november.xml': camtStatement() });
    expect(await balances(w.clientA, camt.token)).toEqual([
      expect.objectContaining({ current: 1500.25, iso_currency_code: 'EUR' }),
    ]);
    const numbers = await post<{ numbers: { international: Record<string, unknown>[]; ach: unknown[] } }>(
      w,
      '/auth/get',
      { ...auth(w.clientA), access_token: camt.token },
    );
    expect(numbers.status).toBe(200);
    expect(numbers.body.numbers.international).toEqual([
      expect.objectContaining({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }),
    ]);
    expect(numbers.body.numbers.ach).toEqual([]);

    const csv = await newItem(w.clientA, { 'export.csv': csvExport() });
    expect(await balances(w.clientA, csv.token)).toEqual([
      expect.objectContaining({ current: -40 + 100 - 12.35, iso_currency_code: 'USD' }),
    ]);
    const noNumbers = await post(w, '/auth/get', { ...auth(w.clientA), access_token: csv.token });
    expect(noNumbers.body).toMatchObject({ error_code: 'NO_AUTH_ACCOUNTS' });
  });

  it('replaces a pending transaction by its posted row when a later statement books it, as Plaid reports it', async () => {
    const coffee = { ref: 'E3', date: '2026-11-28', amount: '3.80', debit: true, info: 'BACKWERK 1120' };
    const intraday = camtStatement([...CAMT_NOVEMBER, { ...coffee, pending: true }], '2026-11-28T18:00:00');
    const { token, itemId } = await newItem(w.clientA, { 'intraday.xml': intraday });
    const first = await syncAll(w.clientA, token);
    const pending = first.added.find((t) => t.name === 'BACKWERK 1120')!;
    expect(pending).toMatchObject({ pending: true, amount: 3.8 });

    const booked = [
      CAMT_NOVEMBER[1]!,
      { ...coffee, date: '2026-11-29' },
      { ref: 'E4', date: '2026-11-30', amount: '12.00', debit: true, info: 'DB VERTRIEB GMBH' },
    ];
    const r = await importFiles(w.clientA, { 'booked.xml': camtStatement(booked) }, { access_token: token });
    expect(r.body.files[0]).toMatchObject({ transactions: 3, added: 2, skipped: 1 });
    const next = await syncAll(w.clientA, token, first.cursor);
    const posted = next.added.find((t) => t.name === 'BACKWERK 1120')!;
    expect(posted).toMatchObject({
      pending: false,
      date: '2026-11-29',
      pending_transaction_id: pending.transaction_id,
    });
    expect(posted.transaction_id).not.toBe(pending.transaction_id);
    expect(next.added).toHaveLength(2);
    expect(next.removedIds).toEqual([pending.transaction_id]);
    const hooks = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'payload'])
      .where('item_id', '=', itemId)
      .where('webhook_code', '=', 'TRANSACTIONS_REMOVED')
      .execute();
    expect(hooks.map((h) => JSON.parse(h.payload).removed_transactions)).toEqual([[pending.transaction_id]]);

    // The intraday report again, with a later creation time: its pending entry is booked already.
    const again = camtStatement([...CAMT_NOVEMBER, { ...coffee, pending: true }], '2026-11-28T19:00:00');
    const stale = await importFiles(w.clientA, { 'intraday-2.xml': again }, { access_token: token });
    expect(stale.body.files[0]).toMatchObject({ added: 0, skipped: 3 });
  });

  it('answers /transactions/refresh, the sandbox clock and /transactions/recurring/get on an imported Item without inventing data', async () => {
    const { token } = await newItem(w.clientA, { 'october.ofx': OCTOBER, 'november.ofx': NOVEMBER });
    const before = await syncAll(w.clientA, token);
    expect(before.added).toHaveLength(7);

    const refresh = await post(w, '/transactions/refresh', { ...auth(w.clientA), access_token: token });
    expect(refresh.status).toBe(200);
    expect(Object.keys(refresh.body)).toEqual(['request_id']);
    const advance = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: token,
      days: 10,
    });
    expect(advance.status).toBe(200);
    expect(advance.body).toMatchObject({ added: 0, modified: 0, removed: 0 });
    const after = await syncAll(w.clientA, token, before.cursor);
    expect(after.added).toHaveLength(0);
    expect(await balances(w.clientA, token)).toEqual([expect.objectContaining({ current: 1195.97 })]);

    const recurring = await post<{ outflow_streams: unknown[]; inflow_streams: unknown[] }>(
      w,
      '/transactions/recurring/get',
      { ...auth(w.clientA), access_token: token },
    );
    expect(recurring.status, JSON.stringify(recurring.body)).toBe(200);
    expect(Array.isArray(recurring.body.outflow_streams)).toBe(true);
  });

  it('queues the new Item’s updates, then SYNC_UPDATES_AVAILABLE and DEFAULT_UPDATE when a later file adds transactions', async () => {
    const { token, itemId } = await newItem(
      w.clientA,
      { 'october.ofx': OCTOBER },
      { webhook: 'https://app.example/hooks' },
    );
    const codes = async () =>
      (
        await w.ctx.db
          .selectFrom('outbox')
          .select(['webhook_code', 'payload'])
          .where('item_id', '=', itemId)
          .orderBy('id')
          .execute()
      ).map((r) => [
        r.webhook_code,
        (JSON.parse(r.payload) as { new_transactions?: number }).new_transactions,
      ]);
    expect(await codes()).toEqual([
      ['INITIAL_UPDATE', 5],
      ['HISTORICAL_UPDATE', 5],
      ['SYNC_UPDATES_AVAILABLE', undefined],
    ]);
    await importFiles(w.clientA, { 'october.ofx': OCTOBER }, { access_token: token });
    expect(await codes()).toHaveLength(3);
    await importFiles(w.clientA, { 'november.ofx': NOVEMBER }, { access_token: token });
    expect((await codes()).slice(3)).toEqual([
      ['SYNC_UPDATES_AVAILABLE', undefined],
      ['DEFAULT_UPDATE', 2],
    ]);
  });
});
