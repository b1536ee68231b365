import { COUNTRY_CODES } from '../../lib/countries';
import type { Institution } from '../institution';
import { drawLogo } from '../logos';

/** Weft's id for a SimpleFIN Bridge: Plaid's ids are `ins_<digits>`, so this one cannot collide. */
export const SIMPLEFIN_INSTITUTION_ID = 'ins_weft_simplefin';

const NAME = 'SimpleFIN Bridge';
const COLOR = '#2f6f4f';

/**
 * The institution every SimpleFIN Item belongs to: the Bridge stands between the user and their
 * banks, anywhere, so it answers for every country Plaid knows. It offers exactly what SimpleFIN
 * gives (balances and transactions, and recurring detection over them): no account numbers, no
 * owners, no holdings. Link asks for a setup token instead of a username and password.
 */
export const SIMPLEFIN_INSTITUTION: Institution = {
  institution_id: SIMPLEFIN_INSTITUTION_ID,
  name: NAME,
  products: ['balance', 'transactions', 'recurring_transactions'],
  country_codes: [...COUNTRY_CODES],
  url: 'https://beta-bridge.simplefin.org',
  primary_color: COLOR,
  logo: drawLogo(NAME, COLOR),
  routing_numbers: [],
  oauth: false,
  popular: false,
  health: 'HEALTHY',
  supported: true,
  credentials: 'setup_token',
};
