import { expect } from 'vitest';
import { auth, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';

/** A valid UK recipient (BACS) and a valid euro recipient (IBAN), as Plaid's examples use. */
export const UK_RECIPIENT = {
  name: 'Wonder Wallet',
  bacs: { account: '31926819', sort_code: '601613' },
  address: {
    street: ['96 Guild Street', '9th Floor'],
    city: 'London',
    postal_code: 'SE14 8JW',
    country: 'GB',
  },
};
export const EU_RECIPIENT = { name: 'Tuinwinkel BV', iban: 'NL91ABNA0417164300' };

/** Creates a recipient and returns its id. */
export async function recipient(w: TestWeft, keys: ClientKeys, body: object = UK_RECIPIENT): Promise<string> {
  const r = await post<{ recipient_id: string }>(w, '/payment_initiation/recipient/create', {
    ...auth(keys),
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.recipient_id;
}

/** Creates a GBP payment and returns its id. */
export async function payment(
  w: TestWeft,
  keys: ClientKeys,
  recipientId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await post<{ payment_id: string }>(w, '/payment_initiation/payment/create', {
    ...auth(keys),
    recipient_id: recipientId,
    reference: 'Account Funding 99',
    amount: { currency: 'GBP', value: 100 },
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.payment_id;
}

/**
 * The error_type Plaid's error pages give each code these tests expect. Written out here rather
 * than read from Weft's registry, so a wrong type in the registry fails a test.
 */
const DOCUMENTED_TYPE: Readonly<Record<string, string>> = {
  INVALID_FIELD: 'INVALID_REQUEST',
  MISSING_FIELDS: 'INVALID_REQUEST',
  SANDBOX_ONLY: 'INVALID_REQUEST',
  PAYMENT_INVALID_RECIPIENT: 'PAYMENT_ERROR',
  PAYMENT_INVALID_REFERENCE: 'PAYMENT_ERROR',
  PAYMENT_INVALID_SCHEDULE: 'PAYMENT_ERROR',
  PAYMENT_SCHEME_NOT_SUPPORTED: 'PAYMENT_ERROR',
  PAYMENT_CONSENT_INVALID_CONSTRAINTS: 'PAYMENT_ERROR',
  NONIDENTICAL_REQUEST: 'TRANSACTION_ERROR',
};

/** Expects a Plaid error with this code, its documented error_type and the HTTP status. */
export function expectError(
  r: { status: number; body: Record<string, unknown> },
  code: string,
  status = 400,
): void {
  const type = DOCUMENTED_TYPE[code];
  if (!type) throw new Error(`add the documented error_type of ${code} to DOCUMENTED_TYPE`);
  expect({ error_type: r.body.error_type, error_code: r.body.error_code }, JSON.stringify(r.body)).toEqual({
    error_type: type,
    error_code: code,
  });
  expect(r.status).toBe(status);
}

/** Current balance (major units) of an Item's first account. */
export async function balance(
  w: TestWeft,
  keys: ClientKeys,
  accessToken: string,
  accountId: string,
): Promise<number> {
  const r = await post<{ accounts: { account_id: string; balances: { current: number } }[] }>(
    w,
    '/accounts/balance/get',
    { ...auth(keys), access_token: accessToken },
  );
  return r.body.accounts.find((a) => a.account_id === accountId)!.balances.current;
}

/** Outbox rows for payment webhooks of a client, oldest first. */
export async function paymentEvents(w: TestWeft, clientId: string) {
  const rows = await w.ctx.db
    .selectFrom('outbox')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('webhook_type', '=', 'PAYMENT_INITIATION')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, body: JSON.parse(r.payload) as Record<string, unknown> }));
}
