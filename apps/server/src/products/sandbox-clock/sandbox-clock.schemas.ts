import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, plaidBody } from '../../http/schema-kit';

/** /weft/sandbox/clock/advance: move an Item's simulated time forward (0 reads where it stands). */
export const ClockAdvanceBody = plaidBody({
  access_token: AccessTokenField,
  days: Type.Integer({ minimum: 0, maximum: 365 }),
});
export type ClockAdvanceBody = Static<typeof ClockAdvanceBody>;
