import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { NonEmpty, Nullable, plaidBody } from '../../http/schema-kit';

const Date8601 = () => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Phone = () => Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' });
const ClientUserId = () => NonEmpty({ maxLength: 128 });
const TemplateId = () => NonEmpty({ maxLength: 64 });
const Name = Type.Object({
  given_name: NonEmpty({ maxLength: 100 }),
  family_name: NonEmpty({ maxLength: 100 }),
});
const Address = Type.Object({
  street: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  street2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  postal_code: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  country: Type.String({ pattern: '^[A-Za-z]{2}$' }),
});
const IdNumber = Type.Object({
  value: NonEmpty({ maxLength: 64 }),
  type: NonEmpty({ maxLength: 32 }),
});
const userFields = {
  email_address: Type.Optional(Nullable(NonEmpty({ maxLength: 254 }))),
  phone_number: Type.Optional(Nullable(Phone())),
  date_of_birth: Type.Optional(Nullable(Date8601())),
  name: Type.Optional(Nullable(Name)),
  address: Type.Optional(Nullable(Address)),
  id_number: Type.Optional(Nullable(IdNumber)),
};

/** The user data an app may give (Plaid's IdentityVerificationCreateRequestUser). */
export const IdvUserInput = Type.Object({
  ...userFields,
  client_user_id: Type.Optional(Nullable(ClientUserId())),
});
export type IdvUserInput = Static<typeof IdvUserInput>;

/** /identity_verification/create */
export const IdvCreateBody = plaidBody({
  client_user_id: Type.Optional(ClientUserId()),
  user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
  is_shareable: Type.Boolean(),
  template_id: TemplateId(),
  gave_consent: Type.Boolean(),
  user: Type.Optional(Nullable(IdvUserInput)),
  is_idempotent: Type.Optional(Nullable(Type.Boolean())),
});
export type IdvCreateBody = Static<typeof IdvCreateBody>;

/** /identity_verification/get */
export const IdvGetBody = plaidBody({ identity_verification_id: NonEmpty({ maxLength: 64 }) });

/** /identity_verification/list */
export const IdvListBody = plaidBody({
  template_id: TemplateId(),
  client_user_id: Type.Optional(ClientUserId()),
  user_id: Type.Optional(Nullable(NonEmpty({ maxLength: 128 }))),
  cursor: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});

/** /identity_verification/retry */
export const IdvRetryBody = plaidBody({
  client_user_id: ClientUserId(),
  template_id: TemplateId(),
  strategy: Type.Union([
    Type.Literal('reset'),
    Type.Literal('incomplete'),
    Type.Literal('infer'),
    Type.Literal('custom'),
  ]),
  user: Type.Optional(Nullable(Type.Object(userFields))),
  steps: Type.Optional(
    Nullable(
      Type.Object({
        verify_sms: Type.Boolean(),
        kyc_check: Type.Boolean(),
        documentary_verification: Type.Boolean(),
        selfie_check: Type.Boolean(),
      }),
    ),
  ),
  is_shareable: Type.Optional(Nullable(Type.Boolean())),
});
export type IdvRetryBody = Static<typeof IdvRetryBody>;

/** /weft/identity_verification/redact: deletes a session's personal data. */
export const IdvRedactBody = plaidBody({ identity_verification_id: NonEmpty({ maxLength: 64 }) });

/** /weft/identity_verification/template/update: a template's webhook (Plaid sets it in its dashboard). */
export const IdvTemplateUpdateBody = plaidBody({
  template_id: TemplateId(),
  webhook: Nullable(Type.String({ pattern: '^https?://', maxLength: 2048 })),
});

/** /weft/identity_verification/template/list: the client's templates (the default made if need be). */
export const IdvTemplateListBody = plaidBody({});
