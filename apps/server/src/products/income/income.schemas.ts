import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { NonEmpty, plaidBody } from '../../http/schema-kit';

/** /credit/bank_income/get */
export const BankIncomeGetBody = plaidBody({
  user_token: Type.Optional(NonEmpty()),
  user_id: Type.Optional(NonEmpty()),
  options: Type.Optional(Type.Object({ count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) })),
});
export type BankIncomeGetBody = Static<typeof BankIncomeGetBody>;

/** /credit/bank_income/pdf/get */
export const BankIncomePdfGetBody = plaidBody({
  user_token: NonEmpty(),
  user_id: Type.Optional(NonEmpty()),
});
export type BankIncomePdfGetBody = Static<typeof BankIncomePdfGetBody>;

/** /credit/bank_income/refresh */
export const BankIncomeRefreshBody = plaidBody({
  user_token: NonEmpty(),
  user_id: Type.Optional(NonEmpty()),
  options: Type.Optional(
    Type.Object({ days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 731 })) }),
  ),
});
export type BankIncomeRefreshBody = Static<typeof BankIncomeRefreshBody>;

/** /credit/payroll_income/get */
export const PayrollIncomeGetBody = plaidBody({
  user_token: Type.Optional(NonEmpty()),
  user_id: Type.Optional(NonEmpty()),
  options: Type.Optional(Type.Object({ item_ids: Type.Optional(Type.Array(NonEmpty())) })),
});
export type PayrollIncomeGetBody = Static<typeof PayrollIncomeGetBody>;

/** /credit/employment/get */
export const EmploymentGetBody = plaidBody({ user_token: NonEmpty() });
export type EmploymentGetBody = Static<typeof EmploymentGetBody>;

/** /sandbox/income/fire_webhook */
export const SandboxIncomeFireWebhookBody = plaidBody({
  item_id: NonEmpty(),
  user_id: Type.Optional(NonEmpty()),
  webhook: NonEmpty(),
  verification_status: Type.Optional(
    Type.Union([
      Type.Literal('VERIFICATION_STATUS_PROCESSING_COMPLETE'),
      Type.Literal('VERIFICATION_STATUS_PROCESSING_FAILED'),
      Type.Literal('VERIFICATION_STATUS_PENDING_APPROVAL'),
    ]),
  ),
  webhook_code: Type.Union([
    Type.Literal('INCOME_VERIFICATION'),
    Type.Literal('INCOME_VERIFICATION_RISK_SIGNALS'),
  ]),
});
export type SandboxIncomeFireWebhookBody = Static<typeof SandboxIncomeFireWebhookBody>;
