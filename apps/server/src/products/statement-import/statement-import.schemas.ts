import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, plaidBody } from '../../http/schema-kit';

/** Largest /weft/statements/import body: room for a few years of statements, base64-encoded. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/** /weft/statements/import: statement files into a new Item, or into an existing one with `access_token`. */
export const StatementsImportBody = plaidBody({
  access_token: Type.Optional(AccessTokenField),
  /** Webhook of a new Item (ignored with `access_token`: use /item/webhook/update). */
  webhook: Type.Optional(Type.String({ maxLength: 2048 })),
  files: Type.Array(
    Type.Object({
      name: NonEmpty({ maxLength: 255 }),
      content_base64: Type.String({ maxLength: IMPORT_BODY_LIMIT }),
    }),
    { minItems: 1, maxItems: 50 },
  ),
});
export type StatementsImportBody = Static<typeof StatementsImportBody>;
