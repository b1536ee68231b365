import { describe, expect, it } from 'vitest';
import { MAX_BODY, REDACTED, redactBody, redactValue } from './redact';

describe('API log redaction', () => {
  it('replaces secrets, tokens, credentials and account numbers at any depth, keeping the rest', () => {
    const body = {
      client_id: 'abc',
      secret: 's3cret',
      access_token: 'access-sandbox-1',
      options: { webhook: 'https://x.example', override_password: 'pw' },
      numbers: { ach: [{ account: '1111222233330000', routing: '011401533', account_id: 'acc_1' }] },
      user: { client_user_id: 'u1', phone_number: '+1 415 555 0123', ssn: '123-45-6789' },
      link_token: 'link-sandbox-1',
      webhook_verification_key: null,
    };
    expect(redactValue(body)).toEqual({
      client_id: 'abc',
      secret: REDACTED,
      access_token: REDACTED,
      options: { webhook: 'https://x.example', override_password: REDACTED },
      numbers: { ach: [{ account: REDACTED, routing: REDACTED, account_id: 'acc_1' }] },
      user: { client_user_id: 'u1', phone_number: REDACTED, ssn: REDACTED },
      link_token: REDACTED,
      webhook_verification_key: null,
    });
  });

  it('keeps uploaded files and logos as their length only', () => {
    expect(
      redactValue({ files: [{ name: 'oct.ofx', content_base64: 'QUJD' }], institution: { logo: 'iVBOR' } }),
    ).toEqual({
      files: [{ name: 'oct.ofx', content_base64: '[file: 4 characters]' }],
      institution: { logo: '[file: 5 characters]' },
    });
  });

  it('stores JSON text redacted, notes what is not JSON, and cuts what is too long', () => {
    expect(JSON.parse(redactBody('{"public_token":"public-sandbox-x","n":1}'))).toEqual({
      public_token: REDACTED,
      n: 1,
    });
    expect(JSON.parse(redactBody('%PDF-1.7'))).toEqual({ note: 'not JSON', bytes: 8 });
    const long = redactBody({ text: 'x'.repeat(MAX_BODY * 2) });
    expect(long.length).toBeLessThan(MAX_BODY + 100);
    expect(JSON.parse(long)).toMatchObject({ note: 'truncated' });
  });
});
