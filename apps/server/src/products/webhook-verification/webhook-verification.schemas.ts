import { type Static, Type } from '@sinclair/typebox';
import { plaidBody } from '../../http/schema-kit';

/** /webhook_verification_key/get */
export const WebhookVerificationKeyGetBody = plaidBody({ key_id: Type.String() });
export type WebhookVerificationKeyGetBody = Static<typeof WebhookVerificationKeyGetBody>;
