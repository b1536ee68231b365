import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, plaidBody } from '../../http/schema-kit';

/** /statements/list */
export const StatementsListBody = plaidBody({ access_token: AccessTokenField });
export type StatementsListBody = Static<typeof StatementsListBody>;

/** /statements/download */
export const StatementsDownloadBody = plaidBody({
  access_token: AccessTokenField,
  statement_id: NonEmpty(),
});
export type StatementsDownloadBody = Static<typeof StatementsDownloadBody>;

/** /statements/refresh */
export const StatementsRefreshBody = plaidBody({
  access_token: AccessTokenField,
  start_date: Type.String({ format: 'date' }),
  end_date: Type.String({ format: 'date' }),
});
export type StatementsRefreshBody = Static<typeof StatementsRefreshBody>;

/**
 * The statements options of a link token (`statements`) and of /sandbox/public_token/create
 * (`options.statements`): the window whose months the Item's statements cover.
 */
export const StatementsOptions = Type.Object({
  start_date: Type.String({ format: 'date' }),
  end_date: Type.String({ format: 'date' }),
});
