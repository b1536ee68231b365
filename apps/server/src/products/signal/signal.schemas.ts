import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, Nullable, plaidBody } from '../../http/schema-kit';

/** Plaid's client_transaction_id: 1-36 characters. */
const ClientTransactionId = () => Type.String({ minLength: 1, maxLength: 36 });
const NullableString = () => Type.Optional(Nullable(Type.String()));
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** SignalUser: what the app knows of its user (Weft compares it across evaluations). */
const SignalUser = Type.Object({
  name: Type.Optional(
    Nullable(
      Type.Object({
        prefix: NullableString(),
        given_name: NullableString(),
        middle_name: NullableString(),
        family_name: NullableString(),
        suffix: NullableString(),
      }),
    ),
  ),
  phone_number: NullableString(),
  email_address: NullableString(),
  address: Type.Optional(
    Nullable(
      Type.Object({
        city: Type.Optional(Type.String()),
        region: NullableString(),
        street: Type.Optional(Type.String()),
        postal_code: NullableString(),
        country: NullableString(),
      }),
    ),
  ),
});

/** SignalDevice. */
const SignalDevice = Type.Object({ ip_address: NullableString(), user_agent: NullableString() });

/** /signal/evaluate */
export const SignalEvaluateBody = plaidBody({
  access_token: AccessTokenField,
  account_id: NonEmpty(),
  client_transaction_id: ClientTransactionId(),
  amount: Type.Number(),
  user_present: Type.Optional(Nullable(Type.Boolean())),
  client_user_id: Type.Optional(Type.String()),
  is_recurring: Type.Optional(Nullable(Type.Boolean())),
  default_payment_method: NullableString(),
  user: Type.Optional(SignalUser),
  device: Type.Optional(SignalDevice),
  risk_profile_key: NullableString(),
  ruleset_key: NullableString(),
});
export type SignalEvaluateBody = Static<typeof SignalEvaluateBody>;

/** /signal/schedule */
export const SignalScheduleBody = plaidBody({
  access_token: AccessTokenField,
  account_id: NonEmpty(),
  client_transaction_id: ClientTransactionId(),
  amount: Type.Number(),
  default_payment_method: Type.Optional(
    literals(['SAME_DAY_ACH', 'STANDARD_ACH', 'MULTIPLE_PAYMENT_METHODS']),
  ),
});
export type SignalScheduleBody = Static<typeof SignalScheduleBody>;

/** /signal/decision/report */
export const SignalDecisionReportBody = plaidBody({
  client_transaction_id: ClientTransactionId(),
  initiated: Type.Boolean(),
  days_funds_on_hold: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  decision_outcome: Type.Optional(
    Nullable(literals(['APPROVE', 'REVIEW', 'REJECT', 'TAKE_OTHER_RISK_MEASURES', 'NOT_EVALUATED'])),
  ),
  payment_method: Type.Optional(
    Nullable(literals(['SAME_DAY_ACH', 'NEXT_DAY_ACH', 'STANDARD_ACH', 'MULTIPLE_PAYMENT_METHODS'])),
  ),
  amount_instantly_available: Type.Optional(Nullable(Type.Number())),
  submitted_at: Type.Optional(Type.String()),
});
export type SignalDecisionReportBody = Static<typeof SignalDecisionReportBody>;

/** /signal/return/report */
export const SignalReturnReportBody = plaidBody({
  client_transaction_id: ClientTransactionId(),
  return_code: Type.String(),
  returned_at: NullableString(),
});
export type SignalReturnReportBody = Static<typeof SignalReturnReportBody>;

/** /signal/prepare */
export const SignalPrepareBody = plaidBody({ access_token: AccessTokenField });
export type SignalPrepareBody = Static<typeof SignalPrepareBody>;
