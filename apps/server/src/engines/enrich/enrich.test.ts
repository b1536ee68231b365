import { describe, expect, it } from 'vitest';
import { compileTables, tokenize } from './compile';
import { EnrichEngine, type EnrichInput } from './enrich';
import { PFC_V2, PRIMARY_OF, toV1 } from './taxonomy';

const engine = new EnrichEngine();

interface Case {
  name: string;
  input: EnrichInput;
  detailed: string;
  merchant?: string | null;
  channel?: string;
  source?: string;
}

const CASES: Case[] = [
  {
    name: 'Square-processed coffee shop, truncated by the bank',
    input: { description: 'SQ *BLUE BOTTLE COFF', amount: 575 },
    detailed: 'FOOD_AND_DRINK_COFFEE',
    merchant: 'Blue Bottle Coffee',
    channel: 'in store',
    source: 'merchant:Blue Bottle Coffee',
  },
  {
    name: 'debit card prefix and store number',
    input: { description: 'POS DEBIT STARBUCKS STORE 12345 SEATTLE WA', amount: 495 },
    detailed: 'FOOD_AND_DRINK_COFFEE',
    merchant: 'Starbucks',
  },
  {
    name: 'marketplace with an order code glued on',
    input: { description: 'AMZN Mktp US*2K4L91PQ3', amount: 2599 },
    detailed: 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES',
    merchant: 'Amazon',
    channel: 'online',
  },
  {
    name: 'payroll deposit',
    input: { description: 'ACME ROBOTICS INC PAYROLL PPD ID: 9111111101', amount: -250000 },
    detailed: 'INCOME_SALARY',
    merchant: null,
    channel: 'other',
    source: 'rule:payroll',
  },
  {
    name: 'a fee charged on a Netflix payment is a bank fee, not Netflix',
    input: { description: 'International Processing Recurring Card Purchase Fee: Netflix.com', amount: 100 },
    detailed: 'BANK_FEES_OTHER_BANK_FEES',
    source: 'rule:fee',
  },
  {
    name: 'insufficient funds beats the generic fee rule',
    input: { description: 'Card Purchase Insufficient Funds Fee', amount: 40 },
    detailed: 'BANK_FEES_INSUFFICIENT_FUNDS',
  },
  {
    name: 'interest in is income, interest out is a charge',
    input: { description: 'INTEREST PAYMENT', amount: -12 },
    detailed: 'INCOME_INTEREST_EARNED',
  },
  {
    name: 'interest charged',
    input: { description: 'PURCHASE INTEREST CHARGE', amount: 1200 },
    detailed: 'BANK_FEES_INTEREST_CHARGE',
  },
  {
    name: 'ATM',
    input: { description: 'ATM WITHDRAWAL 004512 MARKET ST', amount: 6000 },
    detailed: 'TRANSFER_OUT_WITHDRAWAL',
  },
  {
    name: 'card payment from checking',
    input: { description: 'ONLINE PAYMENT TO CREDIT CARD ...3333', amount: 120000 },
    detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
  },
  {
    name: 'a number in the middle of a phrase (card mask) does not hide it',
    input: { description: 'CREDIT CARD 3333 PAYMENT *//', amount: 25 },
    detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
    source: 'rule:cc-payment',
  },
  {
    name: 'card payment seen from the card',
    input: { description: 'PAYMENT THANK YOU', amount: -120000, accountType: 'credit' },
    detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
  },
  {
    name: 'transfer to savings',
    input: { description: 'ONLINE TRANSFER TO SAV ...1111', amount: 20000 },
    detailed: 'TRANSFER_OUT_SAVINGS',
  },
  {
    name: 'money back from a payment app is a transfer in',
    input: { description: 'ZELLE FROM JAMIE L', amount: -4000 },
    detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER',
    merchant: 'Zelle',
  },
  {
    name: 'a truncated keyword still counts (PARKIN → parking)',
    input: { description: 'POS Purchase Sandton City Parkin  * 24 Aug', amount: 1500 },
    detailed: 'TRANSPORTATION_PARKING',
  },
  {
    name: 'a stem inside a compound token (insurer debit order)',
    input: { description: 'Magtape Debit Discinsur4002840983-', amount: 199810 },
    detailed: 'GENERAL_SERVICES_INSURANCE',
  },
  {
    name: 'a fuel brand with a shop word is the convenience store',
    input: { description: 'POS Purchase Engen Kathrada Conv  * 13 Sep', amount: 9540 },
    detailed: 'GENERAL_MERCHANDISE_CONVENIENCE_STORES',
  },
  {
    name: 'an unknown restaurant is categorised by its card network MCC',
    input: { description: 'TST* SOTTO MARE', amount: 6400, mcc: '5812' },
    detailed: 'FOOD_AND_DRINK_RESTAURANT',
    source: 'mcc:5812',
  },
  {
    name: 'an unknown card purchase falls back to general merchandise, with a cleaned name',
    input: { description: 'POS PURCHASE ZYX QWERTY 0412', amount: 1000 },
    detailed: 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE',
    merchant: 'Zyx Qwerty',
    source: 'fallback:card-purchase',
  },
  {
    name: 'an unknown inflow is OTHER_OTHER',
    input: { description: 'XQZ 99812', amount: -1000 },
    detailed: 'OTHER_OTHER',
  },
  {
    name: 'a check by number',
    input: { description: 'CHECK 1042', amount: 25000 },
    detailed: 'TRANSFER_OUT_ACCOUNT_TRANSFER',
  },
  {
    name: 'direction overrides the amount sign (enrich requests)',
    input: { description: 'PAYROLL', amount: 2500, direction: 'INFLOW' },
    detailed: 'INCOME_SALARY',
  },
];

describe('enrichment engine', () => {
  it.each(CASES)('$name', (c) => {
    const e = engine.enrich(c.input);
    expect(e.category.detailed).toBe(c.detailed);
    expect(e.category.primary).toBe(PRIMARY_OF.get(c.detailed));
    if (c.merchant !== undefined) expect(e.merchantName).toBe(c.merchant);
    if (c.channel) expect(e.paymentChannel).toBe(c.channel);
    if (c.source) expect(e.explanation.source).toBe(c.source);
    expect(e.explanation.source).toMatch(/^(merchant|rule|mcc|fallback):/);
  });

  it('explains merchant decisions with the matched tokens and adds the processor as a counterparty', () => {
    const e = engine.enrich({ description: 'SQ *BLUE BOTTLE COFF', amount: 575 });
    expect(e.explanation).toEqual({ source: 'merchant:Blue Bottle Coffee', matched: 'BLUE BOTTLE COFF' });
    expect(e.counterparties.map((c) => [c.name, c.type])).toEqual([
      ['Blue Bottle Coffee', 'merchant'],
      ['Square', 'payment_terminal'],
    ]);
    expect(e.website).toBe('bluebottlecoffee.com');
    expect(e.entityId).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('maps v2 codes to v1 where v1 differs', () => {
    expect(toV1('INCOME_SALARY', false)).toEqual({ primary: 'INCOME', detailed: 'INCOME_WAGES' });
    expect(toV1('LOAN_DISBURSEMENTS_PERSONAL', false)).toEqual({
      primary: 'TRANSFER_IN',
      detailed: 'TRANSFER_IN_CASH_ADVANCES_AND_LOANS',
    });
    expect(toV1('OTHER_OTHER', true).detailed).toBe('TRANSFER_OUT_OTHER_TRANSFER_OUT');
    expect(toV1('FOOD_AND_DRINK_COFFEE', true)).toEqual({
      primary: 'FOOD_AND_DRINK',
      detailed: 'FOOD_AND_DRINK_COFFEE',
    });
  });

  it('has the v2 taxonomy: 17 primaries plus OTHER, each detailed code under its primary', () => {
    expect(Object.keys(PFC_V2)).toHaveLength(18);
    for (const [detailed, primary] of PRIMARY_OF) expect(detailed.startsWith(`${primary}_`)).toBe(true);
  });

  it('rejects tables that name a category the taxonomy lacks', () => {
    expect(() => compileTables({ merchants: 'X|X|FOOD_AND_DRINK_NOPE||' })).toThrow(/unknown PFC code/);
  });

  it('tokenizes the way bank descriptors need', () => {
    expect(tokenize("MCDONALD'S #123 SAN-FRANCISCO")).toEqual(['MCDONALDS', '123', 'SAN', 'FRANCISCO']);
  });
});
