import { NICKNAMES } from './nicknames.data';
import { fold, type NormalAddress, nameTokens, normalizeAddress, parseEmail, parsePhone } from './normalize';
import type { OwnerData } from './personas.data';

/**
 * Identity match scores, following the bands Plaid documents: 100 perfect; names 85-99 strong,
 * 70-84 partial; addresses 90-99 strong, 70-89 partial; phones and emails 70-99 partial; below 70
 * a mismatch; null when either side has no value to compare.
 */

export interface NameScore {
  score: number | null;
  is_first_name_or_last_name_match: boolean | null;
  is_nickname_match: boolean | null;
  is_business_name_detected: boolean | null;
}
export interface AddressScore {
  score: number | null;
  is_postal_code_match: boolean | null;
}
export interface SimpleScore {
  score: number | null;
}

/** What the app says about its user (Plaid's IdentityMatchUser). */
export interface MatchUser {
  legal_name?: string | null;
  phone_number?: string | null;
  email_address?: string | null;
  address?: {
    street?: string | null;
    city?: string | null;
    region?: string | null;
    postal_code?: string | null;
    country?: string | null;
  } | null;
}

/** Scores for one account. */
export interface MatchScores {
  legal_name: NameScore;
  phone_number: SimpleScore;
  email_address: SimpleScore;
  address: AddressScore;
}

/** Scores a user against an account's owners; each field takes the best owner value. */
export function matchOwners(user: MatchUser, owners: readonly OwnerData[], country = 'US'): MatchScores {
  const names = owners.flatMap((o) => o.names);
  const phones = owners.flatMap((o) => o.phone_numbers.map((p) => p.data));
  const emails = owners.flatMap((o) => o.emails.map((e) => e.data));
  const addresses = owners.flatMap((o) => o.addresses.map((a) => a.data));
  return {
    legal_name: best(names, (n) => scoreName(user.legal_name, n), NULL_NAME),
    phone_number: best(phones, (p) => scorePhone(user.phone_number, p, country), NULL_SIMPLE),
    email_address: best(emails, (e) => scoreEmail(user.email_address, e), NULL_SIMPLE),
    address: best(addresses, (a) => scoreAddress(user.address, a), NULL_ADDRESS),
  };
}

const NULL_NAME: NameScore = {
  score: null,
  is_first_name_or_last_name_match: null,
  is_nickname_match: null,
  is_business_name_detected: null,
};
const NULL_SIMPLE: SimpleScore = { score: null };
const NULL_ADDRESS: AddressScore = { score: null, is_postal_code_match: null };

function best<T, S extends { score: number | null }>(values: readonly T[], score: (v: T) => S, none: S): S {
  let top: S = none;
  for (const v of values) {
    const s = score(v);
    if (s.score !== null && (top.score === null || s.score > top.score)) top = s;
  }
  return top;
}

function blank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.trim() === '';
}

/** Scores a legal name against one name on file. */
export function scoreName(input: string | null | undefined, onFile: string): NameScore {
  if (blank(input) || blank(onFile)) return NULL_NAME;
  const a = nameTokens(input!);
  const b = nameTokens(onFile);
  const business = a.business || b.business;
  if (a.tokens.length === 0 || b.tokens.length === 0)
    return { ...NULL_NAME, is_business_name_detected: business };
  if (a.tokens.join(' ') === b.tokens.join(' '))
    return {
      score: 100,
      is_first_name_or_last_name_match: true,
      is_nickname_match: false,
      is_business_name_detected: business,
    };
  if (business) {
    const sim = similarity(a.tokens.join(' '), b.tokens.join(' '));
    return {
      score: clamp(Math.round(sim * 100) - 2),
      is_first_name_or_last_name_match: false,
      is_nickname_match: false,
      is_business_name_detected: true,
    };
  }
  const direct = personalScore(a.first, a.last, a.middle, b.first, b.last, b.middle);
  // Some records put the family name first without a comma: try the swap, at a small cost.
  const swapped = personalScore(a.last, a.first, a.middle, b.first, b.last, b.middle);
  const pick = swapped.score - 5 > direct.score ? { ...swapped, score: swapped.score - 5 } : direct;
  return {
    score: clamp(pick.score),
    is_first_name_or_last_name_match: pick.firstOrLast,
    is_nickname_match: pick.nickname,
    is_business_name_detected: false,
  };
}

function personalScore(
  aFirst: string,
  aLast: string,
  aMiddle: string[],
  bFirst: string,
  bLast: string,
  bMiddle: string[],
): { score: number; firstOrLast: boolean; nickname: boolean } {
  const firstExact = aFirst === bFirst;
  const nickname = !firstExact && Boolean(NICKNAMES.get(aFirst)?.has(bFirst));
  const initial = !firstExact && (aFirst.length === 1 || bFirst.length === 1) && aFirst[0] === bFirst[0];
  const firstSim = firstExact ? 1 : nickname ? 0.85 : initial ? 0.75 : similarity(aFirst, bFirst);
  const lastExact = aLast !== '' && aLast === bLast;
  const lastSim = aLast === '' || bLast === '' ? 0.5 : lastExact ? 1 : similarity(aLast, bLast);
  let score = 100 * (0.45 * firstSim + 0.55 * lastSim);
  score -= middlePenalty(aMiddle, bMiddle);
  return { score: Math.round(score), firstOrLast: firstExact || lastExact, nickname };
}

/** Missing middle names cost little; different ones more; an initial matching a name nothing. */
function middlePenalty(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0 || b.length === 0) return 3;
  const x = a.join(' ');
  const y = b.join(' ');
  if (x === y) return 0;
  if ((x.length === 1 || y.length === 1) && x[0] === y[0]) return 1;
  return 8;
}

/** Scores a phone number against one on file. */
export function scorePhone(input: string | null | undefined, onFile: string, country = 'US'): SimpleScore {
  if (blank(input) || blank(onFile)) return NULL_SIMPLE;
  const a = parsePhone(input!, country);
  const b = parsePhone(onFile, country);
  if (!a || !b) return { score: 0 };
  if (a.e164 === b.e164) return { score: a.extension === b.extension ? 100 : 90 };
  // Same national number under different calling codes: likely a formatting slip.
  if (a.national === b.national) return { score: 75 };
  return { score: 0 };
}

/** Scores an email address against one on file. */
export function scoreEmail(input: string | null | undefined, onFile: string): SimpleScore {
  if (blank(input) || blank(onFile)) return NULL_SIMPLE;
  const a = parseEmail(input!);
  const b = parseEmail(onFile);
  if (!a || !b) return { score: 0 };
  if (a.exact === b.exact) return { score: 100 };
  if (a.base === b.base) return { score: 90 };
  if (a.local === b.local) return { score: 50 };
  return { score: clamp(Math.round(similarity(a.base, b.base) * 60)) };
}

/** Scores an address against one on file. */
export function scoreAddress(
  input: MatchUser['address'],
  onFile: NonNullable<MatchUser['address']>,
): AddressScore {
  if (!input || (blank(input.street) && blank(input.postal_code) && blank(input.city))) return NULL_ADDRESS;
  const a = normalizeAddress(input);
  const b = normalizeAddress(onFile);
  const postalMatch = a.postal && b.postal ? a.postal === b.postal : null;
  let total = 0;
  let weight = 0;
  const add = (w: number, sim: number | null) => {
    if (sim === null) return;
    total += w * sim;
    weight += w;
  };
  add(0.6, streetSimilarity(a, b));
  add(0.15, a.city && b.city ? similarity(a.city, b.city) : null);
  add(0.1, a.region && b.region ? (a.region === b.region ? 1 : 0) : null);
  add(0.15, postalMatch === null ? null : postalMatch ? 1 : 0);
  if (weight === 0) return NULL_ADDRESS;
  let score = Math.round((100 * total) / weight);
  if (a.unit !== b.unit) score -= a.unit && b.unit ? 10 : 3;
  if (a.country && b.country && a.country !== b.country) score = Math.min(score, 40);
  return { score: clamp(score), is_postal_code_match: postalMatch };
}

function streetSimilarity(a: NormalAddress, b: NormalAddress): number | null {
  if (a.streetWords.length === 0 && !a.houseNumber) return null;
  if (b.streetWords.length === 0 && !b.houseNumber) return null;
  const words = similarity(a.streetWords.join(' '), b.streetWords.join(' '));
  if (a.houseNumber && b.houseNumber && a.houseNumber !== b.houseNumber) return words * 0.4;
  if (Boolean(a.houseNumber) !== Boolean(b.houseNumber)) return words * 0.8;
  return words;
}

function clamp(n: number): number {
  return Math.max(0, Math.min(100, n));
}

/** Longest prefix compared; the comparison is quadratic and on-file data can be user-supplied. */
const MAX_COMPARED = 256;

/** Jaro-Winkler similarity of two strings, 0..1 (folded first). */
export function similarity(x: string, y: string): number {
  const a = fold(x).slice(0, MAX_COMPARED);
  const b = fold(y).slice(0, MAX_COMPARED);
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
