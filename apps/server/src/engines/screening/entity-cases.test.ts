import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDelimited } from './lists/csv';
import { loadLists } from './lists/load';
import type { EntryType } from './model';
import { prepareQuery, type ScreeningQuery, scoreEntry } from './score';
import { ScreeningIndex } from './search-index';

/**
 * Entry-level reference scores (watchman_entity_similarity_cases.csv) against the small SDN
 * sample beside them, both outside the project in ../shared; CI fails when they are missing.
 */
const DIR = path.resolve(__dirname, '../../../../../../shared/data/sanctions');
const CASES = path.join(DIR, 'test_cases/watchman_entity_similarity_cases.csv');
const present = fs.existsSync(CASES);

const TYPES: Record<string, EntryType | undefined> = {
  person: 'individual',
  business: 'entity',
  vessel: 'vessel',
  '': undefined,
};

/**
 * The query fields a case gives. Fields the table describes only in words are filled in as it
 * describes them: the entry's own registration number, tax ID or call sign, or one it does not hold.
 */
function queryOf(type: string, name: string, other: string): ScreeningQuery {
  const q: ScreeningQuery = { kind: type === 'person' ? 'individual' : 'entity', name, type: TYPES[type] };
  const ids: string[] = [];
  for (const part of other.split(';').map((p) => p.trim())) {
    const [k, v] = part.split('=').map((s) => s?.trim());
    if (k === 'birthDate') q.dateOfBirth = v!.slice(0, 10);
    else if (k === 'email') q.email = v!;
    else if (k === 'gender') q.gender = v!;
    else if (k === 'callSign' || k === 'imoNumber') ids.push(v!);
    else if (/registration number \(see test\)/.test(part)) q.documentNumber = '1207700248030';
    else if (/registration number \(different\)/.test(part)) q.documentNumber = '5550001112223';
    else if (/tax ID/.test(part)) q.documentNumber = '9709063550';
    else if (/matching identifiers/.test(part)) ids.push('A8LU7', '9339301');
  }
  if (ids.length) q.identifiers = ids;
  return q;
}

describe('entity-level reference scores', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(present, `${CASES} is missing`).toBe(true);
  });

  it.skipIf(!present)('reproduces the cases within their tolerance', () => {
    const read = (f: string) => ({ name: f, bytes: fs.readFileSync(path.join(DIR, 'ofac_sdn_small', f)) });
    const [list] = loadLists(['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'].map(read));
    const index = new ScreeningIndex(list!.entries);
    const [header, ...rows] = parseDelimited(fs.readFileSync(CASES, 'utf8'));
    expect(header![0]).toBe('test');
    const report: string[] = [];
    const scores: string[] = [];
    for (const [test, ent, type, name, other, expected, tolerance] of rows) {
      const e = index.entries.findIndex((x) => x.sourceUid === ent);
      expect(e, ent).toBeGreaterThanOrEqual(0);
      const q = prepareQuery(queryOf(type!, name!, other!));
      const names = index.namesOf[e]!.map((n) => index.names[n]!);
      const got = scoreEntry(q, index.entries[e]!, names).score;
      scores.push(`${test}: ${got.toFixed(4)} (reference ${expected})`);
      if (Math.abs(got - Number(expected)) > Number(tolerance))
        report.push(`${test}: ${got.toFixed(4)} (expected ${expected})`);
    }
    console.log(scores.join('\n'));
    expect(report).toEqual([]);
    expect(rows).toHaveLength(21);
  });
});
