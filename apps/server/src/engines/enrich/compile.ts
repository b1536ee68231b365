import { MARKER_LINES } from './markers.data';
import { MCC_LINES } from './mcc.data';
import { MERCHANT_LINES } from './merchants.data';
import { MODIFIER_LINES, RULE_LINES, STEM_LINES } from './rules.data';
import { PRIMARY_OF } from './taxonomy';

/** Payment channel as Plaid spells it. */
export type PaymentChannel = 'online' | 'in store' | 'other';

/** A merchant from the merchant table. */
export interface Merchant {
  name: string;
  detailed: string;
  website: string | null;
  channel: PaymentChannel | null;
  entityId: string;
}

/** A keyword rule from the rule table. */
export interface Rule {
  id: string;
  detailed: string;
  direction: 'in' | 'out' | 'any';
  priority: number;
  confidence: string;
}

/** A descriptor marker (processor, card, ACH). */
export interface Marker {
  kind: 'terminal' | 'app' | 'card' | 'online' | 'ach';
  name: string;
}

/** One phrase of a merchant or rule, indexed by its first token. */
export interface Phrase<T> {
  tokens: string[];
  target: T;
}

/** The tables, compiled once into token indexes so enrichment does map lookups, not scans. */
export interface CompiledTables {
  merchants: Map<string, Phrase<Merchant>[]>;
  rules: Map<string, Phrase<Rule>[]>;
  /** Prefixes (≥ 4 letters) of single-token rule keywords, for descriptors that truncate words. */
  rulePrefixes: Map<string, Phrase<Rule>[]>;
  markers: Map<string, Marker>;
  /** Stems looked for inside compound tokens when nothing else matched. */
  stems: { stem: string; rule: Rule }[];
  /** Merchant category → phrases that change it, and to what. */
  modifiers: Map<string, { phrases: Phrase<string>[] }>;
  /** MCC (0-9999) → detailed code. */
  mcc: (string | undefined)[];
}

/** Splits a descriptor into upper-case tokens: apostrophes vanish, other non-alphanumerics separate. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) cur += String.fromCharCode(c);
    else if (c === 39 || c === 0x2019) continue;
    else if (cur) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** A stable, opaque id for a merchant, derived from its name (FNV-1a, base62). */
export function entityIdOf(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 32; round++) {
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    let x = h;
    for (let k = 0; k < 5 && out.length < 32; k++) {
      out += alphabet[x % 62];
      x = Math.floor(x / 62);
    }
  }
  return out;
}

function lines(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => l.split('|'));
}

function assertCode(detailed: string, where: string): string {
  if (!PRIMARY_OF.has(detailed)) throw new Error(`unknown PFC code ${detailed} in ${where}`);
  return detailed;
}

function addPhrase<T>(index: Map<string, Phrase<T>[]>, text: string, target: T): void {
  const tokens = tokenize(text);
  if (tokens.length === 0) return;
  const list = index.get(tokens[0]!) ?? [];
  list.push({ tokens, target });
  // Longest phrases first, so the first match found at a position is the most specific.
  list.sort((a, b) => b.tokens.length - a.tokens.length);
  index.set(tokens[0]!, list);
}

/** Compiles the data tables (or replacements for them, in tests) into lookup indexes. */
export function compileTables(
  src: {
    merchants?: string;
    rules?: string;
    markers?: string;
    mcc?: string;
    stems?: string;
    modifiers?: string;
  } = {},
): CompiledTables {
  const merchants = new Map<string, Phrase<Merchant>[]>();
  for (const [name, aliases, detailed, website, channel] of lines(src.merchants ?? MERCHANT_LINES)) {
    const m: Merchant = {
      name: name!,
      detailed: assertCode(detailed!, `merchant ${name}`),
      website: website || null,
      channel: channel === 'online' || channel === 'in store' ? channel : null,
      entityId: entityIdOf(name!),
    };
    for (const alias of aliases!.split(';')) addPhrase(merchants, alias, m);
  }

  const rules = new Map<string, Phrase<Rule>[]>();
  const rulePrefixes = new Map<string, Phrase<Rule>[]>();
  for (const [id, phrases, detailed, direction, priority, confidence] of lines(src.rules ?? RULE_LINES)) {
    const rule: Rule = {
      id: id!,
      detailed: assertCode(detailed!, `rule ${id}`),
      direction: direction === 'in' || direction === 'out' ? direction : 'any',
      priority: Number(priority),
      confidence: confidence!,
    };
    for (const phrase of phrases!.split(';')) {
      addPhrase(rules, phrase, rule);
      const tokens = tokenize(phrase);
      const word = tokens[0];
      if (tokens.length === 1 && word && word.length > 5)
        for (let n = 5; n < word.length; n++) {
          const prefix = word.slice(0, n);
          const list = rulePrefixes.get(prefix) ?? [];
          list.push({ tokens: [prefix], target: rule });
          rulePrefixes.set(prefix, list);
        }
    }
  }

  const markers = new Map<string, Marker>();
  for (const [token, kind, name] of lines(src.markers ?? MARKER_LINES))
    markers.set(token!, { kind: kind as Marker['kind'], name: name ?? '' });

  const stems = lines(src.stems ?? STEM_LINES).map(([stem, detailed, direction]) => ({
    stem: stem!,
    rule: {
      id: `stem:${stem}`,
      detailed: assertCode(detailed!, `stem ${stem}`),
      direction: direction === 'in' || direction === 'out' ? direction : 'any',
      priority: 33,
      confidence: 'LOW',
    } satisfies Rule,
  }));

  const modifiers = new Map<string, { phrases: Phrase<string>[] }>();
  for (const [base, phrases, detailed] of lines(src.modifiers ?? MODIFIER_LINES)) {
    const entry = modifiers.get(base!) ?? { phrases: [] };
    for (const phrase of phrases!.split(';'))
      entry.phrases.push({ tokens: tokenize(phrase), target: assertCode(detailed!, `modifier ${base}`) });
    modifiers.set(base!, entry);
  }

  const mcc: (string | undefined)[] = new Array(10000);
  const ranges = lines(src.mcc ?? MCC_LINES).map(([range, detailed]) => {
    const [from, to] = range!.split('-').map(Number);
    return { from: from!, to: to!, detailed: assertCode(detailed!, `mcc ${range}`) };
  });
  // Wider ranges first, so a narrower range inside one overrides it.
  ranges.sort((a, b) => b.to - b.from - (a.to - a.from));
  for (const r of ranges) for (let c = r.from; c <= r.to; c++) mcc[c] = r.detailed;

  return { merchants, rules, rulePrefixes, markers, stems, modifiers, mcc };
}
