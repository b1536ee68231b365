import { type Static, Type } from '@sinclair/typebox';
import { NonEmpty, Nullable, Opaque, plaidBody } from '../../http/schema-kit';

/**
 * Amount as Plaid sends it; currency and value rules are the payments engine's. Lengths here and
 * below are the spec's maxima.
 */
const Amount = Type.Object({ currency: Type.String({ maxLength: 3 }), value: Type.Number() });

const Bacs = Type.Object({
  account: Type.Optional(Type.String({ maxLength: 10 })),
  sort_code: Type.Optional(Type.String({ maxLength: 6 })),
});

/** A payment or consent reference; its other rules are the payments engine's. */
const Reference = () => Type.String({ maxLength: 18 });

/** PaymentInitiationAddress. */
export const Address = Type.Object({
  street: Type.Array(NonEmpty(), { minItems: 1 }),
  city: NonEmpty({ maxLength: 35 }),
  postal_code: NonEmpty({ maxLength: 16 }),
  country: Type.String({ minLength: 2, maxLength: 2 }),
});
export type Address = Static<typeof Address>;

/** /payment_initiation/recipient/create */
export const RecipientCreateBody = plaidBody({
  name: NonEmpty(),
  iban: Type.Optional(Nullable(Type.String({ minLength: 15, maxLength: 34 }))),
  bacs: Type.Optional(Nullable(Bacs)),
  address: Type.Optional(Nullable(Address)),
});
export type RecipientCreateBody = Static<typeof RecipientCreateBody>;

/** /payment_initiation/recipient/get */
export const RecipientGetBody = plaidBody({ recipient_id: NonEmpty() });

/** /payment_initiation/recipient/list */
export const RecipientListBody = plaidBody({
  count: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  cursor: Type.Optional(Type.String({ maxLength: 256 })),
});

/** /payment_initiation/payment/create */
export const PaymentCreateBody = plaidBody({
  recipient_id: NonEmpty(),
  reference: Reference(),
  amount: Amount,
  schedule: Type.Optional(
    Nullable(
      Type.Object({
        interval: Type.String(),
        interval_execution_day: Type.Integer(),
        start_date: Type.String(),
        end_date: Type.Optional(Nullable(Type.String())),
        adjusted_start_date: Type.Optional(Nullable(Type.String())),
      }),
    ),
  ),
  options: Type.Optional(
    Nullable(
      Type.Object({
        request_refund_details: Type.Optional(Nullable(Type.Boolean())),
        iban: Type.Optional(Nullable(Type.String({ minLength: 15, maxLength: 34 }))),
        bacs: Type.Optional(Nullable(Bacs)),
        scheme: Type.Optional(Nullable(Type.String())),
      }),
    ),
  ),
  /** Weft extension: a retry key so a repeated create returns the first payment. */
  idempotency_key: Type.Optional(NonEmpty({ maxLength: 128 })),
});
export type PaymentCreateBody = Static<typeof PaymentCreateBody>;

/** /payment_initiation/payment/get */
export const PaymentGetBody = plaidBody({ payment_id: NonEmpty() });

/** /payment_initiation/payment/list */
export const PaymentListBody = plaidBody({
  count: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200 }))),
  cursor: Type.Optional(Nullable(Type.String())),
  consent_id: Type.Optional(Nullable(Type.String())),
});

/** /payment_initiation/payment/reverse */
export const PaymentReverseBody = plaidBody({
  payment_id: NonEmpty(),
  idempotency_key: NonEmpty({ maxLength: 128 }),
  reference: Reference(),
  amount: Type.Optional(Nullable(Amount)),
  counterparty_date_of_birth: Type.Optional(Nullable(Type.String())),
  counterparty_address: Type.Optional(Nullable(Address)),
});
export type PaymentReverseBody = Static<typeof PaymentReverseBody>;

const PeriodicAmount = Type.Object({
  amount: Amount,
  interval: Type.Union(['DAY', 'WEEK', 'MONTH', 'YEAR'].map((v) => Type.Literal(v))),
  alignment: Type.Union(['CALENDAR', 'CONSENT'].map((v) => Type.Literal(v))),
});

/** /payment_initiation/consent/create */
export const ConsentCreateBody = plaidBody({
  recipient_id: NonEmpty(),
  reference: Reference(),
  scopes: Type.Optional(
    Type.Array(Type.Union([Type.Literal('ME_TO_ME'), Type.Literal('EXTERNAL')]), {
      minItems: 1,
      uniqueItems: true,
    }),
  ),
  type: Type.Optional(Type.Union([Type.Literal('SWEEPING'), Type.Literal('COMMERCIAL')])),
  constraints: Type.Object({
    valid_date_time: Type.Optional(
      Nullable(
        Type.Object({
          from: Type.Optional(Nullable(Type.String())),
          to: Type.Optional(Nullable(Type.String())),
        }),
      ),
    ),
    max_payment_amount: Amount,
    periodic_amounts: Type.Array(PeriodicAmount, { minItems: 1 }),
  }),
  options: Type.Optional(
    Nullable(
      Type.Object({
        request_refund_details: Type.Optional(Nullable(Type.Boolean())),
        iban: Type.Optional(Nullable(Type.String({ minLength: 15, maxLength: 34 }))),
        bacs: Type.Optional(Nullable(Bacs)),
      }),
    ),
  ),
  payer_details: Type.Optional(
    Nullable(
      Type.Object({
        name: NonEmpty(),
        numbers: Type.Optional(Opaque()),
        address: Type.Optional(Nullable(Opaque())),
        date_of_birth: Type.Optional(Nullable(Type.String())),
        phone_numbers: Type.Optional(Type.Array(Type.String())),
        emails: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});
export type ConsentCreateBody = Static<typeof ConsentCreateBody>;

/** /payment_initiation/consent/get and /revoke */
export const ConsentIdBody = plaidBody({ consent_id: NonEmpty() });

/** /payment_initiation/consent/payment/execute */
export const ConsentExecuteBody = plaidBody({
  consent_id: NonEmpty(),
  amount: Amount,
  idempotency_key: NonEmpty({ maxLength: 128 }),
  reference: Type.Optional(Nullable(Reference())),
  scope: Type.Optional(Nullable(Type.String())),
  processing_mode: Type.Optional(Type.Union([Type.Literal('ASYNC'), Type.Literal('IMMEDIATE')])),
});
export type ConsentExecuteBody = Static<typeof ConsentExecuteBody>;

/** /sandbox/payment/simulate */
export const SandboxPaymentSimulateBody = plaidBody({
  payment_id: NonEmpty(),
  webhook: Type.String(),
  status: NonEmpty(),
});
export type SandboxPaymentSimulateBody = Static<typeof SandboxPaymentSimulateBody>;

/** /weft/sandbox/payment_consent/authorise: the user authorises a consent at a sandbox bank. */
export const WeftConsentAuthoriseBody = plaidBody({
  consent_id: NonEmpty(),
  institution_id: Type.Optional(NonEmpty()),
  webhook: Type.Optional(Nullable(Type.String())),
  decision: Type.Optional(Type.Union([Type.Literal('approve'), Type.Literal('reject')])),
});
export type WeftConsentAuthoriseBody = Static<typeof WeftConsentAuthoriseBody>;
