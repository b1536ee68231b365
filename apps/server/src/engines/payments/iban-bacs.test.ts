import { describe, expect, it } from 'vitest';
import { routingBacs } from './bacs';
import { bacsFromIban, checkIban } from './iban';

describe('BACS numbers inside a UK IBAN', () => {
  it.each([
    // Plaid's Quickstart recipient: bank BUKB, sort code 20-20-15, account 55555555.
    ['GB33BUKB20201555555555', { sort_code: '202015', account: '55555555' }],
    ['GB29NWBK60161331926819', { sort_code: '601613', account: '31926819' }],
    ['GB82WEST12345698765432', { sort_code: '123456', account: '98765432' }],
  ])('%s → %j', (iban, bacs) => {
    expect(bacsFromIban(iban)).toEqual(bacs);
  });

  it.each([
    ['a wrong check digit', 'GB33BUKB20201555555556'],
    ['a non-UK IBAN', 'DE89370400440532013000'],
    ['a non-UK IBAN with UK-looking digits', 'IE29AIBK93115212345678'],
    ['digits where the bank code belongs', 'GB331234202015555555'],
    ['a letter inside the account number', 'GB33BUKB2020155555555X'],
    ['too short', 'GB33BUKB2020155555555'],
    ['not normalized', 'gb33 bukb 2020 1555 5555 55'],
  ])('none from %s', (_, iban) => {
    expect(bacsFromIban(iban)).toBeNull();
  });

  it('refuses a GB IBAN whose BBAN is not bank code, sort code and account, even with a good checksum', () => {
    // Same length and a valid mod-97 check, but a digit inside the 4-letter bank code.
    const iban = 'GB82BUK120201555555555';
    expect(iban.length).toBe(22);
    expect(checkIban(iban)?.code).toBe('INVALID_FIELD');
    expect(bacsFromIban(iban)).toBeNull();
  });

  it('routes on the numbers given before those derived from the IBAN', () => {
    const given = { sort_code: '601613', account: '31926819' };
    expect(routingBacs({ iban: 'GB33BUKB20201555555555', bacs: given })).toEqual(given);
    expect(routingBacs({ iban: 'GB33BUKB20201555555555', bacs: null })).toEqual({
      sort_code: '202015',
      account: '55555555',
    });
    expect(routingBacs({ iban: 'NL91ABNA0417164300', bacs: null })).toBeNull();
    expect(routingBacs({ iban: null, bacs: null })).toBeNull();
  });
});
