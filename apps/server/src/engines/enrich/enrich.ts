import {
  type CompiledTables,
  compileTables,
  type Marker,
  type Merchant,
  type PaymentChannel,
  type Phrase,
  type Rule,
  tokenize,
} from './compile';
import { PRIMARY_OF, toV1 } from './taxonomy';

/** Rules with a priority above this beat a recognised merchant (fees, interest, payroll, ATM…). */
export const MERCHANT_PRIORITY = 50;

/** What the engine needs to know about one transaction. */
export interface EnrichInput {
  description: string;
  /** Plaid's sign: positive when money leaves the account. */
  amount: number;
  /** Overrides the direction implied by the amount (as /transactions/enrich's `direction`). */
  direction?: 'INFLOW' | 'OUTFLOW';
  accountType?: string;
  mcc?: string | null;
}

/** A counterparty found in the descriptor. */
export interface EnrichCounterparty {
  name: string;
  type:
    | 'merchant'
    | 'marketplace'
    | 'payment_terminal'
    | 'payment_app'
    | 'financial_institution'
    | 'income_source';
  website: string | null;
  entityId: string | null;
  confidence: string;
}

/** Which table entry decided the category, and on what evidence. */
export interface Explanation {
  /** `merchant:<name>`, `rule:<id>`, `mcc:<code>` or `fallback:<reason>`. */
  source: string;
  /** The descriptor tokens that triggered it. */
  matched: string;
}

/** The engine's verdict on one transaction. */
export interface Enrichment {
  merchantName: string | null;
  website: string | null;
  entityId: string | null;
  paymentChannel: PaymentChannel;
  category: { primary: string; detailed: string; confidence: string };
  counterparties: EnrichCounterparty[];
  explanation: Explanation;
}

const NON_SPENDING = new Set([
  'BANK_FEES',
  'INCOME',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'LOAN_PAYMENTS',
  'LOAN_DISBURSEMENTS',
  'OTHER',
]);

interface Hit<T> {
  target: T;
  start: number;
  length: number;
}

/** A compiled enrichment engine: build once, then call `enrich` per transaction (pure, no I/O). */
export class EnrichEngine {
  private readonly t: CompiledTables;

  constructor(tables: CompiledTables = compileTables()) {
    this.t = tables;
  }

  /** Enriches one transaction. */
  enrich(input: EnrichInput): Enrichment {
    const tokens = tokenize(input.description);
    const outflow = input.direction ? input.direction === 'OUTFLOW' : input.amount >= 0;
    const dir = outflow ? 'out' : 'in';

    let merchant: Hit<Merchant> | null = null;
    let rule: (Hit<Rule> & { score: number; words: number }) | null = null;
    let terminal: Marker | null = null;
    let card = false;
    let online = false;
    let ach = false;
    let merchantCovers = -1;

    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const mk = this.t.markers.get(tok);
      if (mk) {
        if (mk.kind === 'terminal' || mk.kind === 'app') {
          if (!terminal && i < 3) terminal = mk;
        } else if (mk.kind === 'card') card = true;
        else if (mk.kind === 'online') online = true;
        else ach = true;
      }
      const m = longestMatch(this.t.merchants.get(tok), tokens, i);
      if (m && (!merchant || m.tokens.length > merchant.length)) {
        merchant = { target: m.target, start: i, length: m.tokens.length };
        merchantCovers = i + m.tokens.length;
      }
      const exact = this.t.rules.get(tok);
      // A truncated word (`PARKIN`, `THEATR`) counts for a little less than a whole one.
      const candidates = exact ?? (i >= merchantCovers ? this.t.rulePrefixes.get(tok) : undefined);
      if (candidates) {
        const penalty = exact ? 0 : 0.5;
        for (const p of candidates) {
          const r = p.target;
          if (r.direction !== 'any' && r.direction !== dir) continue;
          const span = matchSpan(p.tokens, tokens, i);
          if (span === 0) continue;
          const score = r.priority - penalty;
          if (!rule || score > rule.score || (score === rule.score && p.tokens.length > rule.words))
            rule = { target: r, start: i, length: span, score, words: p.tokens.length };
        }
      }
    }

    // A check is `CHECK 1234`: the word alone also appears in "CHECK CARD".
    if (!rule && !merchant && tokens[0] === 'CHECK' && tokens[1] && isDigits(tokens[1]))
      rule = { target: CHECK_RULE, start: 0, length: 2, score: CHECK_RULE.priority, words: 2 };
    if (!rule && !merchant) rule = this.stemRule(tokens, dir);

    let detailed: string;
    let confidence: string;
    let explanation: Explanation;
    let chosenMerchant: Merchant | null = null;

    if (rule && rule.target.priority > MERCHANT_PRIORITY) {
      ({ detailed, confidence, explanation } = fromRule(rule, tokens));
    } else if (merchant) {
      chosenMerchant = merchant.target;
      detailed = directed(this.modified(merchant.target.detailed, tokens), outflow);
      confidence = merchant.length >= 2 || tokens[merchant.start]!.length >= 5 ? 'VERY_HIGH' : 'HIGH';
      explanation = { source: `merchant:${merchant.target.name}`, matched: slice(tokens, merchant) };
    } else if (input.mcc && this.mccCode(input.mcc)) {
      detailed = this.mccCode(input.mcc)!;
      confidence = 'MEDIUM';
      explanation = { source: `mcc:${input.mcc}`, matched: input.mcc };
    } else if (rule) {
      ({ detailed, confidence, explanation } = fromRule(rule, tokens));
    } else if (outflow && !ach) {
      detailed = 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE';
      confidence = 'LOW';
      explanation = {
        source: card || terminal ? 'fallback:card-purchase' : 'fallback:unknown-outflow',
        matched: '',
      };
    } else {
      detailed = 'OTHER_OTHER';
      confidence = 'LOW';
      explanation = { source: outflow ? 'fallback:unknown-debit' : 'fallback:unknown-inflow', matched: '' };
    }

    // Money arriving on a card or loan account is a payment towards it.
    if (!outflow && (detailed.startsWith('TRANSFER_IN_ACCOUNT') || detailed === 'OTHER_OTHER')) {
      if (input.accountType === 'credit') detailed = 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT';
      else if (input.accountType === 'loan') detailed = 'LOAN_PAYMENTS_OTHER_PAYMENT';
    }

    const primary = PRIMARY_OF.get(detailed)!;
    const spending = !NON_SPENDING.has(primary);
    // Money movement (fees, income, transfers) has no shop; a card-not-present word beats a
    // merchant's usual channel (Chipotle is in store, but "CHIPOTLE ONLINE" is not).
    const channel: PaymentChannel = !spending
      ? 'other'
      : online
        ? 'online'
        : (chosenMerchant?.channel ?? 'in store');

    const counterparties: EnrichCounterparty[] = [];
    let merchantName: string | null = null;
    if (chosenMerchant) {
      merchantName = chosenMerchant.name;
      counterparties.push({
        name: chosenMerchant.name,
        type:
          chosenMerchant.detailed === 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES' ? 'marketplace' : 'merchant',
        website: chosenMerchant.website,
        entityId: chosenMerchant.entityId,
        confidence,
      });
    } else if (spending && (card || terminal || !ach)) {
      merchantName = cleanName(tokens, this.t);
      if (merchantName)
        counterparties.push({
          name: merchantName,
          type: 'merchant',
          website: null,
          entityId: null,
          confidence: 'LOW',
        });
    }
    if (terminal)
      counterparties.push({
        name: terminal.name,
        type: terminal.kind === 'app' ? 'payment_app' : 'payment_terminal',
        website: null,
        entityId: null,
        confidence: 'HIGH',
      });

    return {
      merchantName,
      website: chosenMerchant?.website ?? null,
      entityId: chosenMerchant?.entityId ?? null,
      paymentChannel: channel,
      category: { primary, detailed, confidence },
      counterparties,
      explanation,
    };
  }

  /** The category in the requested taxonomy version. */
  static category(
    e: Enrichment,
    version: 'v1' | 'v2',
    outflow: boolean,
  ): { primary: string; detailed: string } {
    return version === 'v1'
      ? toV1(e.category.detailed, outflow)
      : { primary: e.category.primary, detailed: e.category.detailed };
  }

  /** A stem inside a compound token, for descriptors that glue words together. */
  private stemRule(
    tokens: string[],
    dir: 'in' | 'out',
  ): (Hit<Rule> & { score: number; words: number }) | null {
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      for (const { stem, rule } of this.t.stems) {
        if (tok.length <= stem.length || !tok.includes(stem)) continue;
        if (rule.direction !== 'any' && rule.direction !== dir) continue;
        return { target: rule, start: i, length: 1, score: rule.priority, words: 1 };
      }
    }
    return null;
  }

  /** A merchant's category as changed by a modifier word beside it (a fuel station's shop). */
  private modified(detailed: string, tokens: string[]): string {
    const mod = this.t.modifiers.get(detailed);
    if (!mod) return detailed;
    for (let i = 0; i < tokens.length; i++)
      for (const p of mod.phrases)
        if (tokens[i] === p.tokens[0] && matchesAt(p.tokens, tokens, i)) return p.target;
    return detailed;
  }

  private mccCode(mcc: string): string | undefined {
    const n = Number(mcc);
    return Number.isInteger(n) && n >= 0 && n < 10000 ? this.t.mcc[n] : undefined;
  }
}

const CHECK_RULE: Rule = {
  id: 'check-number',
  detailed: 'TRANSFER_OUT_ACCOUNT_TRANSFER',
  direction: 'out',
  priority: 38,
  confidence: 'LOW',
};

function matchesAt(phrase: string[], tokens: string[], at: number): boolean {
  if (at + phrase.length > tokens.length) return false;
  for (let k = 1; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

/**
 * How many descriptor tokens a rule phrase spans at `at`, skipping numbers the bank put in the
 * middle (`CREDIT CARD 3333 PAYMENT` is a credit card payment); 0 when it does not match.
 */
function matchSpan(phrase: string[], tokens: string[], at: number): number {
  let j = at + 1;
  for (let k = 1; k < phrase.length; k++) {
    while (j < tokens.length && isDigits(tokens[j]!) && !isDigits(phrase[k]!)) j++;
    if (tokens[j] !== phrase[k]) return 0;
    j++;
  }
  return j - at;
}

function longestMatch<T>(
  candidates: Phrase<T>[] | undefined,
  tokens: string[],
  at: number,
): Phrase<T> | null {
  if (!candidates) return null;
  for (const p of candidates) if (matchesAt(p.tokens, tokens, at)) return p;
  return null;
}

function slice(tokens: string[], hit: { start: number; length: number }): string {
  return tokens.slice(hit.start, hit.start + hit.length).join(' ');
}

function fromRule(
  rule: Hit<Rule>,
  tokens: string[],
): { detailed: string; confidence: string; explanation: Explanation } {
  return {
    detailed: rule.target.detailed,
    confidence: rule.target.confidence,
    explanation: { source: `rule:${rule.target.id}`, matched: slice(tokens, rule) },
  };
}

/** A merchant's category seen from the other direction: money back from a transfer app is a transfer in. */
function directed(detailed: string, outflow: boolean): string {
  if (outflow || !detailed.startsWith('TRANSFER_OUT_')) return detailed;
  const twin = `TRANSFER_IN_${detailed.slice('TRANSFER_OUT_'.length)}`;
  return PRIMARY_OF.has(twin) ? twin : 'TRANSFER_IN_OTHER_TRANSFER_IN';
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

const MONTHS = new Set(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);

/**
 * A readable merchant name for an unknown merchant: the descriptor minus processor and card
 * markers, stopping at numbers and dates, in title case. Null when nothing is left.
 */
function cleanName(tokens: string[], t: CompiledTables): string | null {
  const words: string[] = [];
  for (const tok of tokens) {
    if (t.markers.has(tok)) {
      if (words.length > 0) break;
      continue;
    }
    if (isDigits(tok) || MONTHS.has(tok) || tok === 'NO' || tok === 'PTY' || tok === 'LTD') {
      if (words.length > 0) break;
      continue;
    }
    words.push(tok);
    if (words.length === 4) break;
  }
  if (words.length === 0) return null;
  return words.map((w) => w[0] + w.slice(1).toLowerCase()).join(' ');
}
