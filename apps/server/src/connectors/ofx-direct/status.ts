/**
 * OFX status codes as Plaid errors. The signon codes are OFX's (section 2.5.1.6 of OFX 2.x, and
 * 3000/3001 from OFX 2.1.1's MFA); each maps to the Plaid code a Plaid app already handles for
 * the same situation. Wrong credentials are INVALID_CREDENTIALS while the user is there to type
 * them again (linking), ITEM_LOGIN_REQUIRED when an Item's stored login stops working later.
 */
import { PlaidError } from '../../http/errors';
import type { OfxStatus } from './response';
import type { OfxTransportError } from './transport';

/** Linking (the user is typing) or reading an Item again (nobody is). */
export type Phase = 'link' | 'refresh';

/** OFX's signon and MFA status codes Weft tells apart. */
export const OFX_CODES = {
  SUCCESS: 0,
  CLIENT_UP_TO_DATE: 1,
  GENERAL_ERROR: 2000,
  MFA_REQUIRED: 3000,
  MFA_INVALID: 3001,
  MUST_CHANGE_PASSWORD: 15000,
  SIGNON_INVALID: 15500,
  ACCOUNT_IN_USE: 15501,
  LOCKOUT: 15502,
  EMPTY_SIGNON_NOT_SUPPORTED: 15506,
  SIGNON_INVALID_WITHOUT_PINCH: 15507,
  NOT_AUTHORIZED: 15508,
  CLIENTUID_ERROR: 15510,
  CONTACT_FI: 15511,
  AUTHTOKEN_REQUIRED: 15512,
  AUTHTOKEN_INVALID: 15513,
} as const;

/** The Plaid error for a signon status that is not success (and not an MFA challenge). */
export function signonError(status: OfxStatus, phase: Phase): PlaidError {
  const said = status.message ? ` (the bank said: ${clip(status.message)})` : '';
  switch (status.code) {
    case OFX_CODES.SIGNON_INVALID:
    case OFX_CODES.SIGNON_INVALID_WITHOUT_PINCH:
    case OFX_CODES.NOT_AUTHORIZED:
    case OFX_CODES.AUTHTOKEN_REQUIRED:
    case OFX_CODES.AUTHTOKEN_INVALID:
      return phase === 'link'
        ? new PlaidError('INVALID_CREDENTIALS', `the provided credentials were not correct${said}`)
        : new PlaidError(
            'ITEM_LOGIN_REQUIRED',
            `the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information${said}`,
          );
    case OFX_CODES.MFA_REQUIRED:
      // A challenge on a later read: only the user can answer it, through Link's update mode.
      return phase === 'link'
        ? new PlaidError('INVALID_MFA', `the bank asked for an MFA answer it then did not accept${said}`)
        : new PlaidError(
            'ITEM_LOGIN_REQUIRED',
            `the bank asks this login to answer its security questions again${said}`,
          );
    case OFX_CODES.MFA_INVALID:
      return new PlaidError('INVALID_MFA', `the provided MFA responses were not correct${said}`);
    case OFX_CODES.LOCKOUT:
    case OFX_CODES.CONTACT_FI:
      return new PlaidError(
        'ITEM_LOCKED',
        `the financial institution indicated that the user's account is locked${said}`,
      );
    case OFX_CODES.MUST_CHANGE_PASSWORD:
      return new PlaidError(
        'PASSWORD_RESET_REQUIRED',
        `the user must reset their password at the bank before linking${said}`,
      );
    case OFX_CODES.CLIENTUID_ERROR:
      // Banks that register each client ask their user to approve this CLIENTUID online first.
      return new PlaidError(
        'USER_SETUP_REQUIRED',
        `the bank does not accept this connection yet: approve it in the bank's online banking, then try again${said}`,
      );
    case OFX_CODES.ACCOUNT_IN_USE:
      return new PlaidError('INSTITUTION_NOT_AVAILABLE', `the bank allows one connection at a time${said}`);
    default:
      return new PlaidError(
        'INSTITUTION_DOWN',
        `the bank's OFX server answered with status ${status.code}${said}`,
      );
  }
}

/** The Plaid error for an answer that is not usable OFX (an HTTP error, a body that is not OFX). */
export function serverError(why: string): PlaidError {
  return new PlaidError('INSTITUTION_DOWN', `the bank's OFX server did not give a usable answer: ${why}`);
}

/** The Plaid error for a POST that got no answer. */
export function transportError(e: OfxTransportError): PlaidError {
  switch (e.kind) {
    case 'timeout':
    case 'unreachable':
      return new PlaidError(
        'INSTITUTION_NOT_RESPONDING',
        `the bank's OFX server is not responding: ${e.message}`,
      );
    case 'refused':
      return new PlaidError(
        'INSTITUTION_NOT_AVAILABLE',
        `Weft does not connect to this OFX server's address: ${e.message}`,
      );
    default:
      return serverError(e.message);
  }
}

/** A bank's message, bounded: it is shown to apps and kept on Items. */
function clip(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
