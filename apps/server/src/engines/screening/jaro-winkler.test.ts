import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestPairs, jaro, jaroWinkler, nameScore, tokenScore, wordVariants } from './jaro-winkler';
import { parseDelimited } from './lists/csv';

const enc = (s: string) => new TextEncoder().encode(s);
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * The reference scores for the name scorer live outside the project (../shared); the table runs
 * when they are present and CI fails when they are not.
 */
const CASES = path.resolve(
  __dirname,
  '../../../../../../shared/data/sanctions/test_cases/watchman_jaro_winkler_cases.csv',
);
const present = fs.existsSync(CASES);

describe('Jaro and Jaro-Winkler primitives', () => {
  it.each([
    ['martha', 'marhta', 0.944, 0.961],
    ['dixon', 'dicksonx', 0.767, 0.813],
    ['abc', 'xyz', 0, 0],
    ['', '', 1, 1],
    ['a', '', 0, 0],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(enc(a), enc(b))).toBeCloseTo(j, 3);
    expect(jaroWinkler(enc(a), enc(b))).toBeCloseTo(jw, 3);
  });

  it('counts bytes, so an accented letter is two', () => {
    // cafe/café: 3 matches over 4 and 5 bytes, no prefix boost beyond "caf".
    expect(tokenScore('cafe', 'café')).toBeLessThan(tokenScore('cafe', 'cafe'));
    expect(tokenScore('cafe', 'cafe')).toBe(1);
  });

  it('penalises different-sounding first letters and never pairs them in a name', () => {
    expect(tokenScore('ivan', 'john')).toBeLessThan(0.5);
    expect(bestPairs(['ivan'], ['john'])).toBe(0);
    expect(bestPairs(['jon'], ['john'])).toBeGreaterThan(0.8);
  });

  it('builds glued variants of short words', () => {
    expect(wordVariants(['jsc', 'argument'])).toEqual([['jsc', 'argument'], ['jscargument']]);
    expect(wordVariants(['11', '420', '2', '1', 'corp'])).toEqual([
      ['11', '420', '2', '1', 'corp'],
      ['11420', '21', 'corp'],
      ['1142021', 'corp'],
    ]);
  });

  it('weighs a missing query word more than a missing index word', () => {
    const q = words('nicolas maduro');
    expect(bestPairs(q, words('nicolas moros maduro'))).toBeCloseTo(0.958, 2);
    expect(bestPairs(words('nicolas moros maduro'), words('nicolas maduro'))).toBeCloseTo(0.839, 2);
  });
});

describe('the reference scores (watchman_jaro_winkler_cases.csv)', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(present, `${CASES} is missing`).toBe(true);
  });

  it.skipIf(!present)('reproduces every case within 0.01', () => {
    const [header, ...rows] = parseDelimited(fs.readFileSync(CASES, 'utf8'));
    expect(header).toEqual(['function', 'indexed', 'search', 'expected', 'note']);
    expect(rows.length).toBeGreaterThan(100);
    const misses: string[] = [];
    for (const [fn, indexed, search, expected] of rows) {
      const score =
        fn === 'BestPairCombinationJaroWinkler'
          ? nameScore(words(search!), words(indexed!))
          : bestPairs(words(search!), words(indexed!));
      if (Math.abs(score - Number(expected)) > 0.01)
        misses.push(`${fn} ${indexed} | ${search}: ${score.toFixed(3)} != ${expected}`);
    }
    expect(misses).toEqual([]);
  });
});
