import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AccessTokenField, plaidBody } from '../../http/schema-kit';

/**
 * Request bodies of the Assets endpoints, every field Plaid's spec defines for each, bounded as the
 * spec bounds them (days up to 731, at most 99 access tokens): an out-of-range value is
 * INVALID_FIELD naming the field. The service checks the same ranges for callers other than HTTP.
 */
const Days = Type.Integer({ minimum: 0, maximum: 731 });
const OptionalString = Type.Optional(Type.String());

const User = Type.Optional(
  Type.Object({
    client_user_id: OptionalString,
    first_name: OptionalString,
    middle_name: OptionalString,
    last_name: OptionalString,
    ssn: OptionalString,
    phone_number: OptionalString,
    email: OptionalString,
  }),
);

/** The add-ons Plaid defines for an Asset Report. */
export const ADD_ONS = ['investments', 'fast_assets'] as const;
export type AddOn = (typeof ADD_ONS)[number];

/** /asset_report/create */
export const AssetReportCreateBody = plaidBody({
  access_tokens: Type.Optional(Type.Array(AccessTokenField, { maxItems: 99 })),
  days_requested: Days,
  options: Type.Optional(
    Type.Object({
      client_report_id: OptionalString,
      webhook: OptionalString,
      include_fast_report: Type.Optional(Type.Boolean()),
      products: Type.Optional(Type.Array(Type.String())),
      add_ons: Type.Optional(Type.Array(Type.Union(ADD_ONS.map((a) => Type.Literal(a))))),
      user: User,
      require_all_items: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type AssetReportCreateBody = Static<typeof AssetReportCreateBody>;

/** /asset_report/get */
export const AssetReportGetBody = plaidBody({
  asset_report_token: Type.Optional(Type.String()),
  user_token: OptionalString,
  include_insights: Type.Optional(Type.Boolean()),
  fast_report: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Object({ days_to_include: Type.Optional(Days) })),
});
export type AssetReportGetBody = Static<typeof AssetReportGetBody>;

/** /asset_report/pdf/get */
export const AssetReportPdfGetBody = plaidBody({
  asset_report_token: Type.String(),
  options: Type.Optional(Type.Object({ days_to_include: Type.Optional(Days) })),
});
export type AssetReportPdfGetBody = Static<typeof AssetReportPdfGetBody>;

/** /asset_report/refresh */
export const AssetReportRefreshBody = plaidBody({
  asset_report_token: Type.String(),
  days_requested: Type.Optional(Days),
  options: Type.Optional(
    Type.Object({ client_report_id: OptionalString, webhook: OptionalString, user: User }),
  ),
});
export type AssetReportRefreshBody = Static<typeof AssetReportRefreshBody>;

/** /asset_report/filter */
export const AssetReportFilterBody = plaidBody({
  asset_report_token: Type.String(),
  account_ids_to_exclude: Type.Array(Type.String()),
});
export type AssetReportFilterBody = Static<typeof AssetReportFilterBody>;

/** /asset_report/remove */
export const AssetReportRemoveBody = plaidBody({ asset_report_token: Type.String() });

/** /asset_report/audit_copy/create */
export const AuditCopyCreateBody = plaidBody({
  asset_report_token: Type.String(),
  auditor_id: Type.Optional(Type.String()),
});

/** /asset_report/audit_copy/get and /asset_report/audit_copy/remove */
export const AuditCopyTokenBody = plaidBody({ audit_copy_token: Type.String() });

/** /asset_report/audit_copy/pdf/get */
export const AuditCopyPdfGetBody = plaidBody({
  audit_copy_token: Type.String(),
  options: Type.Optional(Type.Object({ days_to_include: Type.Optional(Days) })),
});
