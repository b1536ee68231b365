import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { EU_RECIPIENT, payment, recipient, UK_RECIPIENT } from './payment-test-kit';

describe('payment initiation: the payer’s statement', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-25T10:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  it('an executed payment appears in the payer’s transactions, and its refund too', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      institution_id: 'ins_116834',
      initial_products: ['transactions'],
    });
    const rid = await recipient(w, w.clientA, { ...UK_RECIPIENT, name: 'Corner Shop' });
    const pid = await payment(w, w.clientA, rid, {
      reference: 'Order 77',
      amount: { currency: 'GBP', value: 12 },
    });
    await w.ctx.linkHooks.payment!.authorise(w.clientA.clientId, pid, 'ins_116834');
    const sim = (status: string) =>
      post(w, '/sandbox/payment/simulate', { ...auth(w.clientA), payment_id: pid, status, webhook: '' });
    await sim('PAYMENT_STATUS_EXECUTED');
    await sim('PAYMENT_STATUS_SETTLED');
    await post(w, '/payment_initiation/payment/reverse', {
      ...auth(w.clientA),
      payment_id: pid,
      idempotency_key: 'ledger-refund',
      reference: 'Refund77',
      amount: { currency: 'GBP', value: 2 },
    });
    const rows = await w.ctx.db
      .selectFrom('transactions')
      .select(['name', 'amount', 'pending', 'account_id'])
      .where('item_id', '=', itemId)
      .where('name', 'like', '%CORNER SHOP%')
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({ name: 'PAYMENT TO CORNER SHOP REF ORDER 77', amount: 1200, pending: 0 }),
      expect.objectContaining({ name: 'REFUND TO CORNER SHOP REF ORDER 77', amount: -200, pending: 0 }),
    ]);
    const payer = await w.ctx.db
      .selectFrom('payments')
      .select('payer_account_id')
      .where('payment_id', '=', pid)
      .executeTakeFirstOrThrow();
    expect(rows[0]!.account_id).toBe(payer.payer_account_id);
    // An app that syncs (once the Item's history is ready) sees both movements, on whatever page.
    clock.advance(60_000);
    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 50; page++) {
      const r = await post<{
        added: { name: string; amount: number }[];
        next_cursor: string;
        has_more: boolean;
      }>(w, '/transactions/sync', {
        ...auth(w.clientA),
        access_token: accessToken,
        count: 500,
        ...(cursor ? { cursor } : {}),
      });
      if (r.status !== 200) break;
      seen.push(...r.body.added.filter((t) => t.name.includes('CORNER SHOP')).map((t) => t.amount));
      cursor = r.body.next_cursor;
      if (!r.body.has_more) break;
    }
    expect(seen.sort((a, b) => a - b)).toEqual([-2, 12]);
  });

  it('moves only a simulated bank’s accounts: a payer read from a source waits for its refresh', async () => {
    const { itemId } = await createItem(w, w.clientB, {
      institution_id: 'ins_116834',
      initial_products: ['transactions'],
    });
    await w.ctx.db.updateTable('items').set({ connector: 'files' }).where('item_id', '=', itemId).execute();
    const balances = () =>
      w.ctx.db
        .selectFrom('accounts')
        .select(['account_id', 'balance_current', 'balance_available'])
        .where('item_id', '=', itemId)
        .orderBy('position')
        .execute();
    const before = await balances();
    const rid = await recipient(w, w.clientB, { ...UK_RECIPIENT, name: 'Read Source' });
    const pid = await payment(w, w.clientB, rid, {
      reference: 'Order 78',
      amount: { currency: 'GBP', value: 5 },
    });
    await w.ctx.linkHooks.payment!.authorise(w.clientB.clientId, pid, 'ins_116834');
    const executed = await post(w, '/sandbox/payment/simulate', {
      ...auth(w.clientB),
      payment_id: pid,
      status: 'PAYMENT_STATUS_EXECUTED',
      webhook: '',
    });
    expect(executed.status).toBe(200);
    const payer = await w.ctx.db
      .selectFrom('payments')
      .select('payer_item_id')
      .where('payment_id', '=', pid)
      .executeTakeFirstOrThrow();
    expect(payer.payer_item_id).toBe(itemId);
    expect(await balances()).toEqual(before);
    const rows = await w.ctx.db
      .selectFrom('transactions')
      .select('name')
      .where('item_id', '=', itemId)
      .where('name', 'like', '%READ SOURCE%')
      .execute();
    expect(rows).toEqual([]);
  });

  it('a euro payment from a sterling account is debited converted, and its statement line says so', async () => {
    const { itemId } = await createItem(w, w.clientA, {
      institution_id: 'ins_116834',
      initial_products: ['transactions'],
    });
    const rid = await recipient(w, w.clientA, EU_RECIPIENT);
    const pid = await payment(w, w.clientA, rid, {
      reference: 'Invoice 12',
      amount: { currency: 'EUR', value: 100 },
    });
    await w.ctx.linkHooks.payment!.authorise(w.clientA.clientId, pid, 'ins_116834');
    const { payer_account_id } = await w.ctx.db
      .selectFrom('payments')
      .select('payer_account_id')
      .where('payment_id', '=', pid)
      .executeTakeFirstOrThrow();
    const account = () =>
      w.ctx.db
        .selectFrom('accounts')
        .select(['balance_current', 'iso_currency_code'])
        .where('account_id', '=', payer_account_id!)
        .executeTakeFirstOrThrow();
    const before = await account();
    expect(before.iso_currency_code).toBe('GBP');

    for (const status of ['PAYMENT_STATUS_EXECUTED', 'PAYMENT_STATUS_SETTLED'])
      await post(w, '/sandbox/payment/simulate', {
        ...auth(w.clientA),
        payment_id: pid,
        status,
        webhook: '',
      });
    expect((await account()).balance_current).toBe(before.balance_current! - 85_00);

    await post(w, '/payment_initiation/payment/reverse', {
      ...auth(w.clientA),
      payment_id: pid,
      idempotency_key: 'eur-refund',
      reference: 'Refund12',
      amount: { currency: 'EUR', value: 10 },
    });
    expect((await account()).balance_current).toBe(before.balance_current! - 85_00 + 8_50);
    const rows = await w.ctx.db
      .selectFrom('transactions')
      .select(['name', 'amount', 'iso_currency_code'])
      .where('item_id', '=', itemId)
      .where('name', 'like', '%TUINWINKEL%')
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      {
        name: 'PAYMENT TO TUINWINKEL BV REF INVOICE 12 EUR 100.00 @ 0.8500',
        amount: 8500,
        iso_currency_code: 'GBP',
      },
      {
        name: 'REFUND TO TUINWINKEL BV REF INVOICE 12 EUR 10.00 @ 0.8500',
        amount: -850,
        iso_currency_code: 'GBP',
      },
    ]);
  });
});
