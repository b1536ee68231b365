import { createHash } from 'node:crypto';
import {
  abaCheckDigit,
  BBAN_LAYOUTS,
  buildIban,
  NATIONAL_TRAILING_CHECK,
  withNationalCheck,
} from './checksums';

/**
 * Deterministic account and bank identifiers for Auth: ACH (US), EFT (Canada), BACS and IBAN/BIC
 * (UK), IBAN/BIC (EU). Every number is derived from the Item's seed and the account's mask, so the
 * same Item always shows the same numbers, and each check digit is valid.
 */

/** What an institution contributes to its accounts' numbers. */
export interface BankProfile {
  /** ISO country of the accounts; picks the number schemes. */
  country: string;
  /** ACH routing number (US); derived from the seed when absent. */
  routing?: string;
  /** Separate wire routing number, when the institution has one. */
  wireRouting?: string | null;
  /** Canadian 3-digit institution number. */
  eftInstitution?: string;
  /** Four-letter bank code used in the BIC (and UK/IE/NL IBANs). */
  bankCode?: string;
  /** UK sort-code prefix (first two digits) for the bank. */
  sortPrefix?: string;
}

/** A custom sandbox user's `numbers` override, in Plaid's documented shape. */
export interface NumbersOverride {
  account?: string;
  ach_routing?: string;
  ach_wire_routing?: string;
  eft_institution?: string;
  eft_branch?: string;
  international_bic?: string;
  international_iban?: string;
  bacs_sort_code?: string;
}

/** One account's numbers, by scheme; absent schemes do not apply to the account. */
export interface AccountNumbers {
  ach?: { account: string; routing: string; wire_routing: string | null };
  eft?: { account: string; institution: string; branch: string };
  bacs?: { account: string; sort_code: string };
  international?: { iban: string; bic: string };
}

/** Input for one account. */
export interface NumbersInput {
  seed: string;
  mask: string | null;
  profile: BankProfile;
  /** Plaid's documented sandbox test numbers apply (familiar sandbox users at US institutions). */
  sandboxTestNumbers?: boolean;
  override?: NumbersOverride;
}

/** Plaid's documented sandbox numbers: account `111122223333` + mask, First Platypus routing. */
export const SANDBOX_TEST_NUMBERS = {
  accountPrefix: '111122223333',
  routing: '011401533',
  wireRouting: '021000021',
} as const;

/** Depository subtypes that carry transferable account numbers (debitable accounts). */
const AUTH_SUBTYPES = new Set([
  'checking',
  'savings',
  'cash management',
  'money market',
  'paypal',
  'prepaid',
]);

/** True when Auth returns numbers for an account of this type and subtype. */
export function isAuthEligible(type: string, subtype: string | null): boolean {
  return type === 'depository' && subtype !== null && AUTH_SUBTYPES.has(subtype);
}

/** Which schemes an account in a country gets. */
export function schemesFor(country: string): (keyof AccountNumbers)[] {
  if (country === 'US') return ['ach'];
  if (country === 'CA') return ['eft'];
  if (country === 'GB') return ['bacs', 'international'];
  return BBAN_LAYOUTS[country] ? ['international'] : [];
}

/** The numbers of one account. */
export function accountNumbers(input: NumbersInput): AccountNumbers {
  const { profile } = input;
  const digits = new DigitStream(`${input.seed}\u0000${input.mask ?? ''}`);
  const override = input.override ?? {};
  const out: AccountNumbers = {};
  for (const scheme of schemesFor(profile.country)) {
    if (scheme === 'ach') out.ach = ach(input, digits, override);
    else if (scheme === 'eft') out.eft = eft(input, digits, override);
    else if (scheme === 'bacs') out.bacs = bacs(input, digits, override);
    else out.international = international(input, digits, override, out.bacs);
  }
  return out;
}

function ach(
  input: NumbersInput,
  digits: DigitStream,
  o: NumbersOverride,
): NonNullable<AccountNumbers['ach']> {
  const mask = numericMask(input.mask);
  if (input.sandboxTestNumbers && mask)
    return {
      account: o.account ?? `${SANDBOX_TEST_NUMBERS.accountPrefix}${mask}`,
      routing: o.ach_routing ?? SANDBOX_TEST_NUMBERS.routing,
      wire_routing: o.ach_wire_routing ?? SANDBOX_TEST_NUMBERS.wireRouting,
    };
  const bankDigits = new DigitStream(input.seed);
  return {
    account: o.account ?? withMask(digits.take(6 + (digits.int(5) % 5)), mask),
    routing: o.ach_routing ?? input.profile.routing ?? routingFrom(bankDigits),
    wire_routing: o.ach_wire_routing ?? input.profile.wireRouting ?? null,
  };
}

function eft(
  input: NumbersInput,
  digits: DigitStream,
  o: NumbersOverride,
): NonNullable<AccountNumbers['eft']> {
  const bank = new DigitStream(input.seed);
  return {
    account: o.account ?? withMask(digits.take(3), numericMask(input.mask)),
    institution: o.eft_institution ?? input.profile.eftInstitution ?? bank.take(3),
    branch: o.eft_branch ?? bank.take(5),
  };
}

function bacs(
  input: NumbersInput,
  digits: DigitStream,
  o: NumbersOverride,
): NonNullable<AccountNumbers['bacs']> {
  const bank = new DigitStream(input.seed);
  const prefix = input.profile.sortPrefix ?? bank.take(2);
  return {
    account:
      o.account && /^\d{8}$/.test(o.account) ? o.account : withMask(digits.take(4), numericMask(input.mask)),
    sort_code: o.bacs_sort_code ?? `${prefix}${bank.take(4)}`.slice(0, 6),
  };
}

function international(
  input: NumbersInput,
  digits: DigitStream,
  o: NumbersOverride,
  uk: AccountNumbers['bacs'],
): NonNullable<AccountNumbers['international']> {
  const { country } = input.profile;
  const bankCode = input.profile.bankCode ?? lettersFrom(new DigitStream(input.seed), 4);
  const bic = o.international_bic ?? `${bankCode}${country}${bicLocation(input.seed)}`;
  if (o.international_iban) return { iban: o.international_iban, bic };
  if (uk) return { iban: buildIban(country, `${bankCode}${uk.sort_code}${uk.account}`), bic };
  return { iban: buildIban(country, bbanFor(country, bankCode, digits, numericMask(input.mask))), bic };
}

/**
 * A BBAN in the country's layout: letters from the bank code, digits from the stream, the mask
 * ending the account part, and national check digits where the country has them.
 */
function bbanFor(country: string, bankCode: string, digits: DigitStream, mask: string | null): string {
  const layout = BBAN_LAYOUTS[country]!;
  let letters = bankCode;
  let bban = '';
  for (const [len, cls] of layout) {
    if (cls === 'a') {
      bban += letters.padEnd(len, 'X').slice(0, len);
      letters = letters.slice(len);
    } else bban += digits.take(len);
  }
  const trailing = NATIONAL_TRAILING_CHECK[country] ?? 0;
  const at = bban.length - trailing - 4;
  if (mask && /^\d{4}$/.test(bban.slice(at, at + 4)))
    bban = `${bban.slice(0, at)}${mask}${bban.slice(at + 4)}`;
  return withNationalCheck(country, bban);
}

/** A routing number with a valid ABA checksum; the first two digits are a Federal Reserve district. */
function routingFrom(d: DigitStream): string {
  const district = String(1 + (d.int(2) % 12)).padStart(2, '0');
  const first8 = `${district}${d.take(6)}`;
  return `${first8}${abaCheckDigit(first8)}`;
}

function bicLocation(seed: string): string {
  const d = new DigitStream(`${seed}\u0000bic`);
  return `${lettersFrom(d, 1)}${d.take(1)}`;
}

function lettersFrom(d: DigitStream, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(65 + (d.int(2) % 26));
  return s;
}

/** The mask when it is four digits (it then ends the account number); null otherwise. */
function numericMask(mask: string | null): string | null {
  return mask && /^\d{4}$/.test(mask) ? mask : null;
}

function withMask(body: string, mask: string | null): string {
  return mask ? `${body}${mask}` : `${body}${body.slice(0, 4)}`;
}

/** An endless, deterministic stream of decimal digits from a seed (SHA-256 in counter mode). */
export class DigitStream {
  private buffer = '';
  private counter = 0;

  constructor(private readonly seed: string) {}

  /** The next `n` digits. */
  take(n: number): string {
    while (this.buffer.length < n) {
      const hash = createHash('sha256')
        .update(`${this.seed}\u0000${this.counter++}`)
        .digest();
      for (const byte of hash) if (byte < 250) this.buffer += String(byte % 10);
    }
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    return out;
  }

  /** The next `n` digits as an integer. */
  int(n: number): number {
    return Number(this.take(n));
  }
}
