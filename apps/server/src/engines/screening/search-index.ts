import {
  byteLength,
  bytes,
  onsetClass,
  sameClassTokenBound,
  sameClassTokenScore,
  wordVariants,
} from './jaro-winkler';
import type { ListCode, WatchlistEntry } from './model';
import { type NameKind, prepareName } from './normalize';
import { normalizeId } from './score';

/** One indexed name: its entry, prepared tokens and glued variants. */
export interface IndexedName {
  entry: number;
  tokens: string[];
  variants: string[][];
  weak: boolean;
  primary: boolean;
}

/** The vocabulary of one side of the index, with letter-pair postings. */
interface GramIndex {
  tokens: VocabToken[];
  /**
   * Vocabulary ids by letter pair (see `gramKeys`) and byte length: a query token looks only at
   * tokens of the lengths it may pair with (half to twice its own), not at every token holding
   * `^a` or `an`.
   */
  postings: Map<number, Int32Array>[];
  byToken: Map<string, VocabToken>;
  /** Scratch counts, zeroed after each lookup, and the ids they were raised for. */
  counts: Uint16Array;
  touched: Int32Array;
}

interface VocabToken {
  token: string;
  /** UTF-8, kept so that scoring the token converts nothing. */
  utf8: Uint8Array;
  bytes: number;
  names: number[];
}

/**
 * Per-query scratch over all names, allocated once: a query touches a few thousand names at most,
 * and the maps it used to build for them were most of what a screening allocated (and so of the
 * garbage collections that land on some unlucky query). Every slot is back to 0 when `candidates`
 * returns.
 */
interface NameScratch {
  best: Float64Array;
  covered: Float64Array;
  coverage: Float64Array;
  bestList: Int32Array;
  coveredList: Int32Array;
  coverageList: Int32Array;
}

/** The side of the index an entry belongs to: people, or everything else. */
export const kindOf = (e: WatchlistEntry): NameKind => (e.type === 'individual' ? 'individual' : 'entity');

/**
 * The entries of the loaded lists, ready to search: every name prepared once, and a vocabulary
 * of name tokens grouped by the phonetic class of their first letter and sorted by length, so a
 * query compares its tokens only with tokens that could pair with them (same class, comparable
 * length) and fully scores only the names those tokens lead to. Identifiers are looked up exactly.
 */
export class ScreeningIndex {
  readonly names: IndexedName[] = [];
  /** For each entry, the indexes of its names in `names`. */
  readonly namesOf: number[][] = [];
  private readonly grams: Map<NameKind, GramIndex> = new Map();
  private readonly ids = new Map<string, number[]>();
  private scratch: NameScratch | null = null;
  /** Work done by `candidates` since the index was built: a count that does not depend on the machine. */
  readonly work = { postingsScanned: 0, tokensScored: 0, tokensBounded: 0 };

  constructor(readonly entries: readonly WatchlistEntry[]) {
    const tokens = new Map<NameKind, Map<string, VocabToken>>([
      ['individual', new Map()],
      ['entity', new Map()],
    ]);
    entries.forEach((entry, e) => {
      const kind = kindOf(entry);
      const mine: number[] = [];
      const seen = new Set<string>();
      for (const n of entry.names) {
        const prepared = prepareName(n.full, kind);
        const key = prepared.join(' ');
        if (prepared.length === 0 || seen.has(key)) continue;
        seen.add(key);
        const id = this.names.length;
        const variants = wordVariants(prepared);
        this.names.push({ entry: e, tokens: prepared, variants, weak: n.weak, primary: n.primary });
        mine.push(id);
        const vocab = tokens.get(kind)!;
        for (const t of new Set(variants.flat())) {
          let v = vocab.get(t);
          if (!v) {
            v = { token: t, utf8: new TextEncoder().encode(t), bytes: byteLength(t), names: [] };
            vocab.set(t, v);
          }
          v.names.push(id);
        }
      }
      this.namesOf.push(mine);
      const ids = [
        ...entry.documents.map((d) => d.number),
        ...entry.identifiers,
        ...entry.emails,
        ...entry.phones.filter((p) => p.length >= 6),
      ];
      for (const raw of ids) {
        const k = normalizeId(raw);
        if (k.length < 4) continue;
        const list = this.ids.get(k) ?? [];
        if (!list.includes(e)) list.push(e);
        this.ids.set(k, list);
      }
    });
    for (const [kind, vocab] of tokens) {
      const list = [...vocab.values()];
      const postings: Map<number, number[]>[] = [];
      list.forEach((v, id) => {
        postings[v.bytes] ??= new Map();
        const byGram = postings[v.bytes]!;
        for (const gram of gramKeys(v.token)) {
          const p = byGram.get(gram) ?? [];
          p.push(id);
          byGram.set(gram, p);
        }
      });
      this.grams.set(kind, {
        tokens: list,
        postings: Array.from(
          postings,
          (byGram) => new Map([...(byGram ?? [])].map(([k, ids]) => [k, Int32Array.from(ids)])),
        ),
        byToken: new Map(list.map((v) => [v.token, v])),
        counts: new Uint16Array(list.length),
        touched: new Int32Array(list.length),
      });
    }
  }

  /** Entries holding this document number, identifier, e-mail or phone exactly. */
  byIdentifier(raw: string): number[] {
    return this.ids.get(normalizeId(raw)) ?? [];
  }

  /**
   * Names that could score at least about `minShare` against the query: those whose tokens pair
   * with query tokens (token score >= `minToken`) covering that share of the query's bytes. A
   * vocabulary token is scored only if it shares a third of the query token's letter pairs.
   */
  candidates(
    kind: NameKind,
    query: readonly string[],
    minToken = 0.75,
    minShare = 0.5,
    maxNames = 25,
  ): number[] {
    const grams = this.grams.get(kind);
    if (!grams || query.length === 0) return [];
    const n = this.names.length;
    if (!this.scratch || this.scratch.best.length < n)
      this.scratch = {
        best: new Float64Array(n),
        covered: new Float64Array(n),
        coverage: new Float64Array(n),
        bestList: new Int32Array(n),
        coveredList: new Int32Array(n),
        coverageList: new Int32Array(n),
      };
    const { best, covered, coverage, bestList, coveredList, coverageList } = this.scratch;
    // Every score and share below is positive, so 0 in a slot means "not set".
    let nCoverage = 0;
    const scored = new Map<string, [VocabToken, number][]>();
    for (const v of wordVariants(query)) {
      let total = 0;
      for (const t of v) total += byteLength(t);
      let nCovered = 0;
      const pairsOf = v.map((q) => {
        let pairs = scored.get(q);
        if (!pairs) {
          pairs = this.similarTokens(grams, q, minToken);
          scored.set(q, pairs);
        }
        let reach = 0;
        for (const [cand] of pairs) reach += cand.names.length;
        return { q, pairs, reach };
      });
      // Rare words choose the candidates; common ones (al, bin, muhammad), reaching thousands of
      // names, only add to names already chosen, unless the query has no rare word at all.
      pairsOf.sort((a, b) => a.reach - b.reach);
      const anyRare = pairsOf[0]!.reach <= COMMON_REACH;
      for (const { q, pairs, reach } of pairsOf) {
        const onlyChosen = anyRare && reach > COMMON_REACH;
        // A name may hold several tokens like q: it counts the best one.
        let nBest = 0;
        for (const [cand, s] of pairs) {
          const names = cand.names;
          for (let k = 0; k < names.length; k++) {
            const name = names[k]!;
            if (onlyChosen && covered[name] === 0) continue;
            const b = best[name]!;
            if (b === 0) bestList[nBest++] = name;
            if (b < s) best[name] = s;
          }
        }
        const qb = byteLength(q);
        for (let k = 0; k < nBest; k++) {
          const name = bestList[k]!;
          if (covered[name] === 0) coveredList[nCovered++] = name;
          covered[name] = covered[name]! + best[name]! * qb;
          best[name] = 0;
        }
      }
      for (let k = 0; k < nCovered; k++) {
        const name = coveredList[k]!;
        const share = covered[name]! / total;
        covered[name] = 0;
        if (share > coverage[name]!) {
          if (coverage[name] === 0) coverageList[nCoverage++] = name;
          coverage[name] = share;
        }
      }
    }
    // Names made of common words (al, bin, muhammad) would all qualify on those: only the best
    // covered `maxNames` go on to be scored in full.
    const out: number[] = [];
    for (let k = 0; k < nCoverage; k++) {
      const name = coverageList[k]!;
      if (coverage[name]! >= minShare) out.push(name);
    }
    out.sort((a, b) => coverage[b]! - coverage[a]! || a - b);
    if (out.length > maxNames) out.length = maxNames;
    for (let k = 0; k < nCoverage; k++) coverage[coverageList[k]!] = 0;
    return out;
  }

  /**
   * Vocabulary tokens scoring at least `minToken` against `q`, found through shared letter pairs.
   * A token is scored only when the bound on its score from the bytes it shares with `q` reaches
   * `minToken`: the bound is never under the score, so this leaves out only tokens that fail.
   */
  private similarTokens(g: GramIndex, q: string, minToken: number): [VocabToken, number][] {
    const qb = byteLength(q);
    // A word of one or two letters (al, el, bin's initials) pairs only with itself: scored
    // against every short token it would reach most names.
    if (qb <= 2) {
      const exact = g.byToken.get(q);
      return exact ? [[exact, 1]] : [];
    }
    // Postings are kept per phonetic class: only tokens that may pair with `q` are counted.
    const keys = gramKeys(q);
    const need = Math.max(1, Math.ceil(keys.length / 3));
    const { counts, touched } = g;
    let nTouched = 0;
    const longest = Math.min(qb * 2, g.postings.length - 1);
    for (let length = Math.ceil(qb / 2); length <= longest; length++) {
      const byGram = g.postings[length];
      if (!byGram) continue;
      for (const key of keys) {
        const posting: Int32Array | undefined = byGram.get(key);
        if (!posting) continue;
        this.work.postingsScanned += posting.length;
        for (let k = 0; k < posting.length; k++) {
          const id = posting[k]!;
          if (counts[id] === 0) touched[nTouched++] = id;
          counts[id]!++;
        }
      }
    }
    const out: [VocabToken, number][] = [];
    const qBytes = bytes(q);
    for (let b = 0; b < qBytes.length; b++) histogram[qBytes[b]!]!++;
    for (let k = 0; k < nTouched; k++) {
      const id = touched[k]!;
      const count = counts[id]!;
      counts[id] = 0;
      if (count < need) continue;
      const cand = g.tokens[id]!;
      if (cand.bytes * 2 < qb || cand.bytes > qb * 2) continue;
      if (cand.token === q) {
        out.push([cand, 1]);
        continue;
      }
      // A margin below minToken keeps a pair whose bound and score tie from being lost to rounding.
      this.work.tokensBounded++;
      if (sameClassTokenBound(cand.utf8, qBytes, histogram) < minToken - 1e-9) continue;
      this.work.tokensScored++;
      const s = sameClassTokenScore(cand.utf8, qBytes);
      if (s >= minToken) out.push([cand, s]);
    }
    for (let b = 0; b < qBytes.length; b++) histogram[qBytes[b]!] = 0;
    return out;
  }

  /** The list codes present in the index. */
  lists(): Set<ListCode> {
    return new Set(this.entries.map((e) => e.list));
  }
}

/** Query words reaching more names than this only add to candidates rarer words chose. */
const COMMON_REACH = 400;

/** The query's byte histogram, for `sameClassTokenBound`; zeroed after each lookup. */
const histogram = new Int32Array(256);

/** Phonetic classes as small numbers, for the keys of letter pairs. */
const classIds = new Map<string, number>();

/**
 * A token's letter pairs, its ends marked, each once, as numbers that also carry the phonetic
 * class of its first letter (so postings hold only tokens that may pair): class, first and
 * second UTF-16 unit in one integer below 2^53, where a string key would be made per lookup.
 */
function gramKeys(t: string): number[] {
  const cls = onsetClass(t);
  let id = classIds.get(cls);
  if (id === undefined) {
    id = classIds.size + 1;
    classIds.set(cls, id);
  }
  const base = id * 2 ** 32;
  const out: number[] = [];
  let prev = 94; // ^
  for (let i = 0; i <= t.length; i++) {
    const cur = i < t.length ? t.charCodeAt(i) : 36; // $
    const key = base + prev * 65536 + cur;
    if (!out.includes(key)) out.push(key);
    prev = cur;
  }
  return out;
}
