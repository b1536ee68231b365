/**
 * Token and name similarity for screening: a Jaro-Winkler score on UTF-8 bytes with penalties for
 * length difference and different-sounding first letters, and a greedy best-pairs name score built
 * on it. The constants are data, so a program or a test can pin them.
 */

/** The scorer's tunable constants; `DEFAULT_SCORER` holds the defaults docs/screening.md describes. */
export interface ScorerConstants {
  /** Jaro score above which the common-prefix boost applies. */
  boostThreshold: number;
  /** Longest common prefix the boost counts. */
  prefixSize: number;
  /** Length ratio under which a token pair is penalised. */
  lengthCutoff: number;
  /** How much of the missing length ratio the penalty takes away. */
  lengthPenaltyWeight: number;
  /** Factor for two tokens whose first letters sound different. */
  differentLetterWeight: number;
  /** Share of the score an index name's unmatched tokens can take away. */
  unmatchedIndexWeight: number;
  /** Compare only tokens whose first letters are in the same phonetic class. */
  phoneticFiltering: boolean;
}

export const DEFAULT_SCORER: Readonly<ScorerConstants> = {
  boostThreshold: 0.7,
  prefixSize: 4,
  lengthCutoff: 0.9,
  lengthPenaltyWeight: 0.3,
  differentLetterWeight: 0.9,
  unmatchedIndexWeight: 0.15,
  phoneticFiltering: true,
};

const encoder = new TextEncoder();
const bytesCache = new Map<string, Uint8Array>();

/** A token's UTF-8 bytes; list tokens repeat, so they are kept (bounded). */
export function bytes(s: string): Uint8Array {
  let b = bytesCache.get(s);
  if (!b) {
    b = encoder.encode(s);
    if (bytesCache.size > 200_000) bytesCache.clear();
    bytesCache.set(s, b);
  }
  return b;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length: the scores weigh tokens by bytes, as the reference scorer does. */
export function byteLength(s: string): number {
  return NON_ASCII.test(s) ? bytes(s).length : s.length;
}

const flagsA: Uint8Array[] = [];
const flagsB: Uint8Array[] = [];
function scratch(pool: Uint8Array[], n: number): Uint8Array {
  let f = pool[n];
  if (!f) {
    f = new Uint8Array(n);
    pool[n] = f;
  } else f.fill(0);
  return f;
}

/** Jaro similarity of two byte strings (1 for two empty strings, 0 when nothing matches). */
export function jaro(a: Uint8Array, b: Uint8Array): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return 1;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = scratch(flagsA, la);
  const mb = scratch(flagsB, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const end = Math.min(lb - 1, i + range);
    for (let j = Math.max(0, i - range); j <= end; j++) {
      if (mb[j] || a[i] !== b[j]) continue;
      ma[i] = 1;
      mb[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let unaligned = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[j]) j++;
    if (a[i] !== b[j]) unaligned++;
    j++;
  }
  const t = Math.floor(unaligned / 2);
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/** `jaro` on two ASCII strings, whose characters are their bytes: no conversion needed. */
function jaroAscii(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return 1;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = scratch(flagsA, la);
  const mb = scratch(flagsB, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const end = Math.min(lb - 1, i + range);
    for (let j = Math.max(0, i - range); j <= end; j++) {
      if (mb[j] || c !== b.charCodeAt(j)) continue;
      ma[i] = 1;
      mb[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let unaligned = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[j]) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) unaligned++;
    j++;
  }
  const t = Math.floor(unaligned / 2);
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/** Jaro-Winkler of two strings, on their UTF-8 bytes. */
export function jaroWinklerText(a: string, b: string, c: ScorerConstants = DEFAULT_SCORER): number {
  if (NON_ASCII.test(a) || NON_ASCII.test(b)) return jaroWinkler(bytes(a), bytes(b), c);
  const j = jaroAscii(a, b);
  if (j <= c.boostThreshold) return j;
  const n = Math.min(a.length, b.length, c.prefixSize);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return j + 0.1 * p * (1 - j);
}

/** Jaro-Winkler: Jaro plus a boost for a common prefix, only above the boost threshold. */
export function jaroWinkler(a: Uint8Array, b: Uint8Array, c: ScorerConstants = DEFAULT_SCORER): number {
  const j = jaro(a, b);
  if (j <= c.boostThreshold) return j;
  const n = Math.min(a.length, b.length, c.prefixSize);
  let p = 0;
  while (p < n && a[p] === b[p]) p++;
  return j + 0.1 * p * (1 - j);
}

const CLASSES: Record<string, string> = {};
for (const [cls, letters] of Object.entries({
  A: 'AEIOUY',
  B: 'BFPV',
  C: 'CGJKQSXZ',
  D: 'DT',
  L: 'L',
  M: 'MN',
  R: 'R',
  H: 'HW',
}))
  for (const l of letters) CLASSES[l] = cls;

const ASCII_CLASS: string[] = [];
for (let code = 0; code < 128; code++) {
  const upper = String.fromCharCode(code).toUpperCase();
  ASCII_CLASS.push(CLASSES[upper] ?? upper);
}

/** The phonetic class of a token's first letter; a letter outside the table is its own class. */
export function onsetClass(token: string): string {
  const code = token.charCodeAt(0);
  if (code < 128) return ASCII_CLASS[code]!;
  const first = String.fromCodePoint(token.codePointAt(0) ?? 0).toUpperCase();
  return CLASSES[first] ?? first;
}

/** One index token against one query token: Jaro-Winkler with the length and onset penalties. */
export function tokenScore(index: string, query: string, c: ScorerConstants = DEFAULT_SCORER): number {
  let score = jaroWinklerText(index, query, c);
  const la = byteLength(index);
  const lb = byteLength(query);
  const longer = Math.max(la, lb);
  const ratio = longer === 0 ? 1 : Math.min(la, lb) / longer;
  if (ratio < c.lengthCutoff) score *= 1 - (1 - ratio) * c.lengthPenaltyWeight;
  if (onsetClass(index) !== onsetClass(query)) score *= c.differentLetterWeight;
  return score;
}

/**
 * `tokenScore` of two tokens given as UTF-8 bytes and known to share the phonetic class of their
 * first letter (so no onset penalty applies): the same arithmetic, to the last bit, without
 * converting strings on every call. The search index scores its vocabulary with it.
 */
export function sameClassTokenScore(
  index: Uint8Array,
  query: Uint8Array,
  c: ScorerConstants = DEFAULT_SCORER,
): number {
  let score = jaroWinkler(index, query, c);
  const la = index.length;
  const lb = query.length;
  const longer = Math.max(la, lb);
  const ratio = longer === 0 ? 1 : Math.min(la, lb) / longer;
  if (ratio < c.lengthCutoff) score *= 1 - (1 - ratio) * c.lengthPenaltyWeight;
  return score;
}

const used = new Int32Array(256);

/**
 * An upper bound of `sameClassTokenScore(index, query)`, for a fraction of its cost: Jaro matches
 * equal bytes, each at most once, so the matches are at most the bytes the two tokens share
 * (counted with `queryBytes`, the query's byte histogram), and at best none is transposed; the
 * prefix boost and the length penalty are the real ones. A pair whose bound is under a threshold
 * cannot reach it and need not be scored.
 */
export function sameClassTokenBound(
  index: Uint8Array,
  query: Uint8Array,
  queryBytes: Int32Array,
  c: ScorerConstants = DEFAULT_SCORER,
): number {
  const la = index.length;
  const lb = query.length;
  if (la === 0 || lb === 0) return 1;
  let m = 0;
  for (let i = 0; i < la; i++) {
    const x = index[i]!;
    if (used[x]! < queryBytes[x]!) {
      used[x]!++;
      m++;
    }
  }
  for (let i = 0; i < la; i++) used[index[i]!] = 0;
  if (m === 0) return 0;
  let j = (m / la + m / lb + 1) / 3;
  if (j > c.boostThreshold) {
    const n = Math.min(la, lb, c.prefixSize);
    let p = 0;
    while (p < n && index[p] === query[p]) p++;
    j += 0.1 * p * (1 - j);
  }
  const ratio = Math.min(la, lb) / Math.max(la, lb);
  if (ratio < c.lengthCutoff) j *= 1 - (1 - ratio) * c.lengthPenaltyWeight;
  return j;
}

/** Distinct tokens with what scoring them needs, computed once per name comparison. */
interface TokenSet {
  tokens: string[];
  utf8: Uint8Array[];
  bytes: number[];
  classes: string[];
}

function tokenSet(): TokenSet {
  return { tokens: [], utf8: [], bytes: [], classes: [] };
}

/** The position of `t` in `set`, added if new. */
function intern(set: TokenSet, t: string): number {
  const at = set.tokens.indexOf(t);
  if (at >= 0) return at;
  const b = bytes(t);
  set.tokens.push(t);
  set.utf8.push(b);
  set.bytes.push(b.length);
  set.classes.push(onsetClass(t));
  return set.tokens.length - 1;
}

/** Token pairs `nameScore` and `bestPairs` have scored: work that does not depend on the machine. */
export const pairWork = { scored: 0 };

/**
 * Pair scores between two token sets, each computed at most once however many variants use it:
 * -1 for a pair phonetic filtering keeps apart, else `tokenScore(index, query)` to the last bit.
 */
class PairScores {
  private values: Float64Array;
  constructor(
    private readonly q: TokenSet,
    private readonly i: TokenSet,
    private readonly c: ScorerConstants,
  ) {
    this.values = new Float64Array(q.tokens.length * i.tokens.length).fill(Number.NaN);
  }
  get(q: number, i: number): number {
    const at = q * this.i.tokens.length + i;
    let v = this.values[at]!;
    if (Number.isNaN(v)) {
      const same = this.q.classes[q] === this.i.classes[i];
      if (!same && this.c.phoneticFiltering) v = -1;
      else {
        pairWork.scored++;
        v = sameClassTokenScore(this.i.utf8[i]!, this.q.utf8[q]!, this.c);
        if (!same) v *= this.c.differentLetterWeight;
      }
      this.values[at] = v;
    }
    return v;
  }
}

/**
 * The greedy pairing of `bestPairs` on token positions in two `TokenSet`s: every comparable pair
 * scored, pairs taken best first with each token used once, the byte-weighted mean of the taken
 * pairs over all query bytes, less up to `unmatchedIndexWeight` for index bytes left over.
 */
function pairUp(
  query: readonly number[],
  index: readonly number[],
  scores: PairScores,
  qs: TokenSet,
  is: TokenSet,
  c: ScorerConstants,
): number {
  if (query.length === 0 || index.length === 0) return 0;
  const nq = query.length;
  const ni = index.length;
  // Pair scores in a reused matrix; allocation-free, as this runs per name.
  if (matrix.length < nq * ni) matrix = new Float64Array(nq * ni * 2);
  for (let q = 0; q < nq; q++)
    for (let i = 0; i < ni; i++) matrix[q * ni + i] = scores.get(query[q]!, index[i]!);
  const usedQ = scratch(flagsA, nq);
  const usedI = scratch(flagsB, ni);
  let weighted = 0;
  let matchedIndexBytes = 0;
  // Greedy, best pair first, each token used once. Scanning in query-then-index order and taking
  // only a strictly higher score resolves ties by query position, then index position.
  for (let round = Math.min(nq, ni); round > 0; round--) {
    let best = -1;
    let bq = -1;
    let bi = -1;
    for (let q = 0; q < nq; q++) {
      if (usedQ[q]) continue;
      for (let i = 0; i < ni; i++) {
        if (usedI[i]) continue;
        const v = matrix[q * ni + i]!;
        if (v > best) {
          best = v;
          bq = q;
          bi = i;
        }
      }
    }
    if (bq < 0) break;
    usedQ[bq] = 1;
    usedI[bi] = 1;
    const li = is.bytes[index[bi]!]!;
    weighted += best * (qs.bytes[query[bq]!]! + li);
    matchedIndexBytes += li;
  }
  let queryBytes = 0;
  for (const t of query) queryBytes += qs.bytes[t]!;
  let indexBytes = 0;
  for (const t of index) indexBytes += is.bytes[t]!;
  const denominator = queryBytes + matchedIndexBytes;
  if (denominator === 0) return 0;
  const avg = weighted / denominator;
  const matchedFraction = indexBytes === 0 ? 0 : matchedIndexBytes / indexBytes;
  return avg * (1 - (1 - matchedFraction) * c.unmatchedIndexWeight);
}

/**
 * A query name's tokens against an index name's tokens: every comparable pair is scored, pairs are
 * taken greedily best first with each token used once, and the result is the byte-weighted mean of
 * the taken pairs over all query bytes, less up to `unmatchedIndexWeight` for index bytes left over.
 */
export function bestPairs(query: readonly string[], index: readonly string[], c = DEFAULT_SCORER): number {
  const qs = tokenSet();
  const is = tokenSet();
  const q = query.map((t) => intern(qs, t));
  const i = index.map((t) => intern(is, t));
  return pairUp(q, i, new PairScores(qs, is, c), qs, is, c);
}

/** Scratch for `pairUp`. */
let matrix = new Float64Array(64);

/** Short tokens (initials, split numbers) glued to the next token. */
function gluedForward(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length <= 3 && i + 1 < tokens.length) {
      out.push(t + tokens[i + 1]!);
      i++;
    } else out.push(t);
  }
  return out;
}

/** Short tokens after the first glued to the one before (which may itself have grown). */
function gluedBackward(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (out.length > 0 && t.length <= 3) out[out.length - 1] += t;
    else out.push(t);
  }
  return out;
}

/** A token list and its glued variants, each once. */
export function wordVariants(tokens: readonly string[]): string[][] {
  const out = [tokens.slice()];
  const seen = new Set([tokens.join(' ')]);
  for (const v of [gluedForward(tokens), gluedBackward(tokens)]) {
    const key = v.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/**
 * The name score Weft uses: `bestPairs` over every variant of the query against every variant of
 * the index name (original, and short words glued forward or backward), keeping the best. Glued
 * variants let `JSC ARGUMENT` meet `JSCARGUMENT` and split numbers meet whole ones.
 */
export function nameScore(
  query: readonly string[],
  index: readonly string[],
  c = DEFAULT_SCORER,
  indexVariants: readonly (readonly string[])[] = wordVariants(index),
  queryVariants: readonly (readonly string[])[] = wordVariants(query),
): number {
  // The variants share most tokens: each distinct pair is scored once for all of them.
  const qs = tokenSet();
  const is = tokenSet();
  const qv = queryVariants.map((v) => v.map((t) => intern(qs, t)));
  const iv = indexVariants.map((v) => v.map((t) => intern(is, t)));
  const scores = new PairScores(qs, is, c);
  let best = 0;
  for (const q of qv)
    for (const i of iv) {
      const s = pairUp(q, i, scores, qs, is, c);
      if (s > best) best = s;
      if (best >= 1) return 1;
    }
  return best;
}
