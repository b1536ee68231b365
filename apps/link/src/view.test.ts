import { describe, expect, it } from 'vitest';
import type { LinkInstitution } from '../../server/src/products/link-session/link-session.contract';
import { backOf, type View } from './view';

const bank: LinkInstitution = {
  institution_id: 'ins_109508',
  name: 'First Platypus Bank',
  oauth: false,
  primary_color: '#1f1f1f',
  logo: null,
  url: null,
};
const plain = { payment: false, fixedInstitution: false };
const payment = { payment: true, fixedInstitution: false };
const update = { payment: false, fixedInstitution: true };
const error = {
  error_type: 'ITEM_ERROR',
  error_code: 'ITEM_LOCKED',
  error_message: 'x',
  display_message: null,
};
const oauth = (waiting: boolean): View => ({
  v: 'oauth',
  institution: bank,
  oauthUrl: '/weft/link/oauth/bank',
  redirect: false,
  waiting,
});
const files = (imported: boolean): View => ({ v: 'files', institution: bank, imported });
const success: View = {
  v: 'success',
  institution: bank,
  public_token: 'public-sandbox-x',
  metadata: {
    institution: { name: bank.name, institution_id: bank.institution_id },
    accounts: [],
    link_session_id: 's',
    transfer_status: null,
    public_token: 'public-sandbox-x',
  },
};

describe("the back arrow's target", () => {
  const cases: [string, View, typeof plain, View | null][] = [
    ['none on consent', { v: 'consent' }, plain, null],
    ['none while loading', { v: 'loading' }, plain, null],
    ['payment review → consent', { v: 'payment' }, payment, { v: 'consent' }],
    ['institution → consent', { v: 'institution' }, plain, { v: 'consent' }],
    ['institution → payment review for a payment', { v: 'institution' }, payment, { v: 'payment' }],
    ['credentials → institution', { v: 'credentials', institution: bank }, plain, { v: 'institution' }],
    [
      'credentials with an error → institution',
      { v: 'credentials', institution: bank, error },
      plain,
      { v: 'institution' },
    ],
    ['none on credentials when the bank is fixed', { v: 'credentials', institution: bank }, update, null],
    [
      'MFA → credentials of the same bank',
      { v: 'mfa', institution: bank, challenge: { type: 'device', message: 'Code' } },
      update,
      { v: 'credentials', institution: bank },
    ],
    ['OAuth before going to the bank → institution', oauth(false), plain, { v: 'institution' }],
    ['none while the bank is answering', oauth(true), plain, null],
    ['uploads before any file went in → institution', files(false), plain, { v: 'institution' }],
    ['none on uploads once a file went in (its Item would be dropped)', files(true), plain, null],
    ['none on uploads when the Item is fixed (update mode)', files(false), update, null],
    [
      'none on account selection (the login is complete)',
      { v: 'select_account', institution: bank, accounts: [], multiple: true },
      plain,
      null,
    ],
    ['none on success', success, plain, null],
    ['none on the error pane', { v: 'error', institution: bank, error, fatal: false }, plain, null],
  ];
  it.each(cases)('%s', (_name, view, flow, expected) => {
    expect(backOf(view, flow)).toEqual(expected);
  });
});
