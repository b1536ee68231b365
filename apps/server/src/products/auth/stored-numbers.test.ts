import { describe, expect, it } from 'vitest';
import type { AccountNumbersTable } from '../../db/tables/account-data';
import { connectorNumbersRow, storedNumbers } from './stored-numbers';

const row = (fields: Partial<AccountNumbersTable>): AccountNumbersTable => ({
  account_id: 'acc',
  item_id: 'item',
  origin: 'stated',
  account: null,
  routing: null,
  wire_routing: null,
  branch: null,
  eft_institution: null,
  eft_branch: null,
  bacs_sort_code: null,
  iban: null,
  bic: null,
  updated_at: '2026-12-01T00:00:00Z',
  ...fields,
});

describe('storedNumbers', () => {
  it.each([
    [
      'routing and account number: ACH',
      { account: '9876543210', routing: '011000015' },
      { ach: { account: '9876543210', routing: '011000015', wire_routing: null } },
    ],
    ['an account number alone moves no money', { account: '9876543210' }, null],
    [
      'an IBAN with its BIC, spaced and lower-case as printed: international',
      { iban: 'de89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
      { international: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } },
    ],
    [
      'a UK IBAN: international and BACS from the sort code and account inside it',
      { iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' },
      {
        international: { iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' },
        bacs: { account: '31926819', sort_code: '601613' },
      },
    ],
    [
      'an IBAN without a BIC keeps the IBAN',
      { iban: 'NL91ABNA0417164300' },
      { international: { iban: 'NL91ABNA0417164300', bic: '' } },
    ],
    ['nothing stated', {}, null],
  ])('%s', (_name, fields, expected) => {
    expect(storedNumbers(row(fields))).toEqual(expected);
  });
});

describe('connector numbers in the store', () => {
  it.each([
    ['ACH', { ach: { account: '1111222233330000', routing: '011401533', wire_routing: '021000021' } }],
    ['ACH without wire routing', { ach: { account: '1234', routing: '011401533', wire_routing: null } }],
    ['EFT', { eft: { account: '1234567', institution: '021', branch: '01234' } }],
    [
      'BACS and international',
      {
        bacs: { account: '31926819', sort_code: '601613' },
        international: { iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' },
      },
    ],
    ['international alone', { international: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } }],
  ])('reads back as given: %s', (_name, numbers) => {
    expect(storedNumbers(connectorNumbersRow('acc', 'item', numbers, '2026-12-01T00:00:00Z'))).toEqual(
      numbers,
    );
  });
});
