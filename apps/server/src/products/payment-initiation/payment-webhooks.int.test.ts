import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { SPEC_PATH } from '../../test/spec-validator';
import { payment, paymentEvents, recipient } from './payment-test-kit';

type Json = Record<string, unknown>;
const SCHEMAS: Record<string, string> = {
  PAYMENT_STATUS_UPDATE: 'PaymentStatusUpdateWebhook',
  CONSENT_STATUS_UPDATE: 'PaymentInitiationConsentStatusUpdateWebhook',
};

describe.skipIf(!fs.existsSync(SPEC_PATH))('payment webhooks match Plaid’s spec', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('every PAYMENT_INITIATION event in the outbox validates, with no undeclared fields', async () => {
    const a = auth(w.clientA);
    const rid = await recipient(w, w.clientA);
    const ok = await payment(w, w.clientA, rid);
    await w.ctx.linkHooks.payment!.authorise(w.clientA.clientId, ok, 'ins_117650', {
      webhook: 'http://127.0.0.1:9/h',
    });
    await post(w, '/sandbox/payment/simulate', {
      ...a,
      payment_id: ok,
      status: 'PAYMENT_STATUS_EXECUTED',
      webhook: '',
    });
    const failed = await payment(w, w.clientA, rid);
    await post(w, '/sandbox/payment/simulate', {
      ...a,
      payment_id: failed,
      status: 'PAYMENT_STATUS_REJECTED',
      webhook: '',
    });
    const standing = await payment(w, w.clientA, rid, {
      schedule: { interval: 'WEEKLY', interval_execution_day: 3, start_date: '2099-01-03' },
    });
    await w.ctx.linkHooks.payment!.authorise(w.clientA.clientId, standing, 'ins_117650');
    const consent = await post<{ consent_id: string }>(w, '/payment_initiation/consent/create', {
      ...a,
      recipient_id: rid,
      reference: 'Sweep',
      type: 'SWEEPING',
      constraints: {
        max_payment_amount: { currency: 'GBP', value: 10 },
        periodic_amounts: [
          { amount: { currency: 'GBP', value: 20 }, interval: 'MONTH', alignment: 'CONSENT' },
        ],
      },
    });
    await w.ctx.linkHooks.payment!.authorise(w.clientA.clientId, consent.body.consent_id, 'ins_117650');
    await post(w, '/payment_initiation/consent/revoke', { ...a, consent_id: consent.body.consent_id });

    const spec = parse(fs.readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 }) as {
      components: { schemas: Record<string, Json> };
    };
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    for (const f of ['double', 'float', 'binary', 'url', '']) ajv.addFormat(f, true);
    ajv.addSchema({ $id: 'plaid', components: spec.components });

    const events = await paymentEvents(w, w.clientA.clientId);
    expect(new Set(events.map((e) => e.webhook_code))).toEqual(new Set(Object.keys(SCHEMAS)));
    expect(events.some((e) => e.body.adjusted_start_date === '2099-01-05')).toBe(true);
    expect(events.some((e) => (e.body.error as Json | undefined)?.error_code === 'PAYMENT_REJECTED')).toBe(
      true,
    );
    for (const e of events) {
      const name = SCHEMAS[e.webhook_code]!;
      const validate = ajv.compile({ $ref: `plaid#/components/schemas/${name}` });
      expect(validate(e.body), `${e.webhook_code}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const declared = Object.keys(spec.components.schemas[name]!.properties as Json);
      expect(Object.keys(e.body).filter((k) => !declared.includes(k))).toEqual([]);
    }
  });
});
