import type { WebhookVerificationKeyGetResponse } from 'plaid';
import type { Reply } from '../../http/reply';
import type { PublicSigningKey } from '../../webhooks/signer';

const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** /webhook_verification_key/get response: the public JWK with Plaid's extra timestamps (Unix seconds). */
export function presentVerificationKey(key: PublicSigningKey) {
  return {
    key: {
      alg: 'ES256',
      crv: key.jwk.crv,
      kid: key.kid,
      kty: key.jwk.kty,
      use: 'sig',
      x: key.jwk.x,
      y: key.jwk.y,
      created_at: unix(key.createdAt),
      expired_at: key.expiredAt ? unix(key.expiredAt) : null,
    },
  } satisfies Reply<WebhookVerificationKeyGetResponse>;
}
