import { byteLength, onsetClass, tokenScore, wordVariants } from './jaro-winkler';
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
  postings: Map<string, number[]>;
  byToken: Map<string, VocabToken>;
  /** Scratch counts, zeroed after each lookup. */
  counts: Uint16Array;
}

interface VocabToken {
  token: string;
  bytes: number;
  names: number[];
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
            v = { token: t, bytes: byteLength(t), names: [] };
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
      const postings = new Map<string, number[]>();
      list.forEach((v, id) => {
        const cls = onsetClass(v.token);
        for (const gram of new Set(bigrams(v.token).map((g) => `${cls}${g}`))) {
          const p = postings.get(gram) ?? [];
          p.push(id);
          postings.set(gram, p);
        }
      });
      this.grams.set(kind, {
        tokens: list,
        postings,
        byToken: new Map(list.map((v) => [v.token, v])),
        counts: new Uint16Array(list.length),
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
    const coverage = new Map<number, number>();
    const scored = new Map<string, [VocabToken, number][]>();
    for (const v of wordVariants(query)) {
      let total = 0;
      for (const t of v) total += byteLength(t);
      const covered = new Map<number, number>();
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
        const best = new Map<number, number>();
        for (const [cand, s] of pairs)
          for (const n of cand.names)
            if ((!onlyChosen || covered.has(n)) && (best.get(n) ?? 0) < s) best.set(n, s);
        const qb = byteLength(q);
        for (const [n, s] of best) covered.set(n, (covered.get(n) ?? 0) + s * qb);
      }
      for (const [n, c] of covered) {
        const share = c / total;
        if (share > (coverage.get(n) ?? 0)) coverage.set(n, share);
      }
    }
    // Names made of common words (al, bin, muhammad) would all qualify on those: only the best
    // covered `maxNames` go on to be scored in full.
    const out = [...coverage].filter(([, share]) => share >= minShare);
    out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return out.slice(0, maxNames).map(([n]) => n);
  }

  /** Vocabulary tokens scoring at least `minToken` against `q`, found through shared letter pairs. */
  private similarTokens(g: GramIndex, q: string, minToken: number): [VocabToken, number][] {
    const cls = onsetClass(q);
    // Postings are kept per phonetic class: only tokens that may pair with `q` are counted.
    const qGrams = bigrams(q).map((gram) => `${cls}${gram}`);
    const need = Math.max(1, Math.ceil(qGrams.length / 3));
    const qb = byteLength(q);
    const touched: number[] = [];
    for (const gram of qGrams) {
      const posting = g.postings.get(gram);
      if (!posting) continue;
      for (const id of posting) {
        if (g.counts[id] === 0) touched.push(id);
        g.counts[id]!++;
      }
    }
    const out: [VocabToken, number][] = [];
    // A word of one or two letters (al, el, bin's initials) pairs only with itself: scored
    // against every short token it would reach most names.
    if (qb <= 2) {
      for (const id of touched) g.counts[id] = 0;
      const exact = g.byToken.get(q);
      return exact ? [[exact, 1]] : [];
    }
    for (const id of touched) {
      const count = g.counts[id]!;
      g.counts[id] = 0;
      if (count < need) continue;
      const cand = g.tokens[id]!;
      if (cand.bytes * 2 < qb || cand.bytes > qb * 2) continue;
      const s = cand.token === q ? 1 : tokenScore(cand.token, q);
      if (s >= minToken) out.push([cand, s]);
    }
    return out;
  }

  /** The list codes present in the index. */
  lists(): Set<ListCode> {
    return new Set(this.entries.map((e) => e.list));
  }
}

/** Query words reaching more names than this only add to candidates rarer words chose. */
const COMMON_REACH = 400;

/** A token's letter pairs, its ends marked, each once. */
function bigrams(t: string): string[] {
  const padded = `^${t}$`;
  const out = new Set<string>();
  for (let i = 0; i + 1 < padded.length; i++) out.add(padded.slice(i, i + 2));
  return [...out];
}
