import { COUNTRY_CODES } from '../../lib/countries';
import type { Institution } from '../institution';
import { drawLogo } from '../logos';

/** Weft's own id for statement uploads: Plaid's ids are `ins_<digits>`, so this one cannot collide. */
export const FILES_INSTITUTION_ID = 'ins_weft_files';

const NAME = 'Upload statement files';
const COLOR = '#3b5b7a';

/**
 * The institution every statement-file Item belongs to. A file may come from a bank anywhere, so it
 * answers for every country Plaid knows; it offers what a statement can back (numbers, balances,
 * transactions, and holdings and investment transactions from OFX investment statements). It is found by id (/institutions/get_by_id, /item/get) but not listed among banks.
 */
export const FILES_INSTITUTION: Institution = {
  institution_id: FILES_INSTITUTION_ID,
  name: NAME,
  products: ['auth', 'balance', 'investments', 'transactions', 'recurring_transactions'],
  country_codes: [...COUNTRY_CODES],
  url: 'https://statements.weft.example',
  primary_color: COLOR,
  logo: drawLogo(NAME, COLOR),
  routing_numbers: [],
  oauth: false,
  popular: false,
  health: 'HEALTHY',
  supported: true,
};
