import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from './lists/csv';
import { type ListFile, loadLists } from './lists/load';
import type { ListCode, WatchlistEntry } from './model';
import { screenEntity, screenIndividual } from './screen';
import { ScreeningIndex } from './search-index';

/**
 * Precision and recall at the default sensitivity on a labelled set built from the lists in
 * ../shared (outside the project): true variants of listed names (reordered, transliterated into
 * Cyrillic, middle names left out, typos, accents) that must find their entry, and negatives
 * (common names, and the Norwegian company names of perchrh's false-positive set) that must find
 * nothing. Skipped when ../shared is absent, failed in CI.
 */
const DIR = path.resolve(__dirname, '../../../../../../shared/data/sanctions');
const present = fs.existsSync(path.join(DIR, 'ofac_sdn/sdn.csv'));

const files = (...names: string[]): ListFile[] =>
  names.map((n) => ({ name: n, bytes: fs.readFileSync(path.join(DIR, n)) }));

/** A small deterministic generator, so the set is the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TO_CYRILLIC: [string, string][] = [
  ['shch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['y', 'й'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['f', 'ф'],
  ['c', 'к'],
  ['h', 'х'],
  ['j', 'дж'],
  ['w', 'в'],
  ['x', 'кс'],
  ['q', 'к'],
];
function cyrillic(name: string): string {
  let s = name.toLowerCase();
  for (const [lat, cyr] of TO_CYRILLIC) s = s.split(lat).join(cyr);
  return s;
}

/** "SURNAME, Given Middle" as its words in reading order. */
const words = (full: string) => {
  const m = /^([^,]+),\s*([^,]+)$/.exec(full);
  return (m ? `${m[2]} ${m[1]}` : full).split(/\s+/).filter(Boolean);
};

function typo(name: string, r: () => number): string {
  const ws = words(name);
  let longest = 0;
  ws.forEach((w, i) => {
    if (w.length > ws[longest]!.length) longest = i;
  });
  const w = ws[longest]!;
  if (w.length < 5) return ws.join(' ');
  const at = 1 + Math.floor(r() * (w.length - 2));
  const kind = Math.floor(r() * 3);
  ws[longest] =
    kind === 0
      ? w.slice(0, at) + w.slice(at + 1)
      : kind === 1
        ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
        : w.slice(0, at) + (w[at] === 'a' ? 'e' : 'a') + w.slice(at + 1);
  return ws.join(' ');
}

interface Query {
  kind: 'individual' | 'entity';
  variant: string;
  name: string;
  /** The entry it must find, or null for a negative. */
  target: WatchlistEntry | null;
}

const COMMON_NAMES = [
  'John Smith',
  'Mary Johnson',
  'James Williams',
  'Patricia Brown',
  'Robert Jones',
  'Jennifer Miller',
  'Michael Davis',
  'Linda Wilson',
  'William Anderson',
  'Elizabeth Taylor',
  'David Thomas',
  'Barbara Moore',
  'Richard Martin',
  'Susan Jackson',
  'Joseph Thompson',
  'Jessica White',
  'Thomas Harris',
  'Sarah Clark',
  'Charles Lewis',
  'Karen Robinson',
  'Maria Garcia',
  'Jose Martinez',
  'Juan Rodriguez',
  'Ana Lopez',
  'Luis Hernandez',
  'Carmen Gonzalez',
  'Wei Zhang',
  'Li Wang',
  'Jing Liu',
  'Yan Chen',
  'Hiroshi Tanaka',
  'Yuki Suzuki',
  'Min-jun Kim',
  'Ji-woo Park',
  'Olga Ivanova',
  'Sergei Smirnov',
  'Anna Kuznetsova',
  'Hans Muller',
  'Greta Schmidt',
  'Pierre Dubois',
  'Sophie Martin',
  'Giulia Rossi',
  'Marco Bianchi',
  'Priya Sharma',
  'Rahul Patel',
  'Aisha Bello',
  'Chinedu Okafor',
  'Fatima Zahra',
  'Lars Hansen',
  'Ingrid Johansen',
  'Emma Nielsen',
  'Noah Andersson',
  'Sean Murphy',
  'Siobhan Kelly',
  'Pedro Alves',
  'Beatriz Costa',
  'Tomasz Nowak',
  'Katarzyna Wojcik',
  'Jan Novak',
  'Eva Horvath',
];

function buildSet(entries: WatchlistEntry[]): Query[] {
  const r = rng(20261203);
  const pick = (list: WatchlistEntry[], n: number) => {
    const out: WatchlistEntry[] = [];
    const taken = new Set<number>();
    while (out.length < Math.min(n, list.length)) {
      const i = Math.floor(r() * list.length);
      if (taken.has(i)) continue;
      taken.add(i);
      out.push(list[i]!);
    }
    return out;
  };
  const sdn = entries.filter((e) => e.list === 'US_SDN');
  const people = sdn.filter((e) => e.type === 'individual' && words(e.names[0]!.full).length >= 2);
  const orgs = sdn.filter((e) => e.type === 'entity' && words(e.names[0]!.full).length >= 2);
  const out: Query[] = [];
  for (const e of pick(people, 250)) {
    const ws = words(e.names[0]!.full);
    const add = (variant: string, name: string) => out.push({ kind: 'individual', variant, name, target: e });
    add('reordered', [...ws.slice(1), ws[0]!].join(' '));
    add('transliterated', cyrillic(ws.join(' ')));
    if (ws.length >= 3) add('missing middle name', [ws[0]!, ws.at(-1)!].join(' '));
    add('typo', typo(e.names[0]!.full, r));
    add('accents', ws.join(' ').replace(/e/i, 'é').replace(/a/i, 'á'));
  }
  for (const e of pick(orgs, 150)) {
    const add = (variant: string, name: string) => out.push({ kind: 'entity', variant, name, target: e });
    add('entity exact', e.names[0]!.full);
    add('entity typo', typo(e.names[0]!.full, r));
    add('entity with legal form', `${e.names[0]!.full.replace(/[.,]+$/, '')} LLC`);
  }
  for (const n of COMMON_NAMES)
    out.push({ kind: 'individual', variant: 'common name', name: n, target: null });
  const companies = parseDelimited(
    fs.readFileSync(path.join(DIR, 'test_cases/perchrh_eu_test_queries_companies.csv'), 'utf8'),
    ';',
  ).slice(1);
  for (const [, name] of companies)
    if (name) out.push({ kind: 'entity', variant: 'company (perchrh)', name, target: null });
  return out;
}

describe('screening precision and recall (../shared lists)', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(present, `${DIR} is missing`).toBe(true);
  });

  it.skipIf(!present)(
    'finds listed names in their variants and leaves common names alone',
    () => {
      const lists = loadLists([
        ...files('ofac_sdn/sdn.csv', 'ofac_sdn/alt.csv', 'ofac_sdn/add.csv', 'ofac_sdn/sdn_comments.csv'),
        ...files(
          'ofac_consolidated/cons_prim.csv',
          'ofac_consolidated/cons_alt.csv',
          'ofac_consolidated/cons_add.csv',
        ),
        ...files('un/UN_consolidated.xml', 'us_bis_dpl/dpl.txt', 'us_csl/csl.csv'),
      ]);
      expect(lists.map((l) => l.source).sort()).toEqual([
        'bis_dpl',
        'ofac_consolidated',
        'ofac_sdn',
        'un_consolidated',
        'us_csl',
      ]);
      const index = new ScreeningIndex(lists.flatMap((l) => l.entries));
      const all: ListCode[] = [
        'US_SDN',
        'US_SSI',
        'US_FSE',
        'US_MBS',
        'US_PLC',
        'US_ISN',
        'US_DTC',
        'US_DPL',
        'IZ_UNC',
        'US_CAP',
        'US_CMC',
        'US_UVL',
        'US_TEL',
      ];
      const set = buildSet(index.entries as WatchlistEntry[]);
      let tp = 0;
      let fn = 0;
      let fp = 0;
      let tn = 0;
      const byVariant = new Map<string, [number, number]>();
      const misses: string[] = [];
      for (const q of set) {
        const screen = q.kind === 'individual' ? screenIndividual : screenEntity;
        const hits = screen(index, { name: q.name }, { lists: all, sensitivity: 'balanced' });
        const [ok, n] = byVariant.get(q.variant) ?? [0, 0];
        let good: boolean;
        if (q.target) {
          good = hits.some((h) => h.entry === q.target);
          if (good) tp++;
          else {
            fn++;
            if (misses.length < 15) misses.push(`${q.variant}: ${q.name} (${q.target.names[0]!.full})`);
          }
        } else {
          good = hits.length === 0;
          if (good) tn++;
          else {
            fp++;
            if (misses.length < 30)
              misses.push(
                `false hit ${q.name} -> ${hits[0]!.matchedName} ${hits[0]!.score.score.toFixed(3)}`,
              );
          }
        }
        byVariant.set(q.variant, [ok + (good ? 1 : 0), n + 1]);
      }
      const precision = tp / (tp + fp);
      const recall = tp / (tp + fn);
      console.log(
        [
          `screening eval at balanced: ${set.length} queries, TP ${tp} FN ${fn} FP ${fp} TN ${tn}`,
          `precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`,
          ...[...byVariant].map(([v, [ok, n]]) => `  ${v}: ${ok}/${n} right`),
          ...misses.map((m) => `  ${m}`),
        ].join('\n'),
      );
      // Pinned just under the measured 0.993 / 0.936 (docs/screening.md), so a change that costs
      // either shows.
      expect(recall).toBeGreaterThanOrEqual(0.93);
      expect(precision).toBeGreaterThanOrEqual(0.99);
    },
    120_000,
  );
});
