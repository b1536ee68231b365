import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnrichEngine } from './enrich';

/**
 * Accuracy on the shared categorization set (../shared/eval/categorize). The set lives outside the
 * project: the test skips when it is absent, except in CI, where a missing set is a failure.
 */
const EVAL_DIR = path.resolve(__dirname, '../../../../../../shared/eval/categorize');
const FILE = path.join(EVAL_DIR, 'yassirawad__transactions_pfc.csv');
const present = fs.existsSync(FILE);

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Scores the engine (v1 taxonomy, as the set is labelled): primary on every mapped row, detailed on high-confidence rows. */
function scoreEval(
  engine: EnrichEngine,
  csv: string,
): { rows: number; primary: number; highRows: number; detailed: number } {
  const lines = csv.trim().split(/\r?\n/).slice(1);
  let rows = 0;
  let primaryHits = 0;
  let highRows = 0;
  let detailedHits = 0;
  for (const line of lines) {
    const [, , description, , direction, , primary, detailed, confidence] = parseCsvLine(line);
    if (!primary || !description) continue;
    const outflow = direction === 'debit';
    const e = engine.enrich({ description, amount: outflow ? 1 : -1 });
    const got = EnrichEngine.category(e, 'v1', outflow);
    rows++;
    if (got.primary === primary) primaryHits++;
    if (confidence?.trim() === 'high') {
      highRows++;
      if (got.detailed === detailed) detailedHits++;
    }
  }
  return { rows, primary: primaryHits / rows, highRows, detailed: detailedHits / highRows };
}

describe('enrichment accuracy on ../shared/eval/categorize', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(present, `${FILE} is missing`).toBe(true);
  });

  it.skipIf(!present)('gets at least 85% of primary categories right', () => {
    const score = scoreEval(new EnrichEngine(), fs.readFileSync(FILE, 'utf8'));
    console.log(
      `categorize eval: ${score.rows} rows, primary ${(score.primary * 100).toFixed(1)}%; ` +
        `${score.highRows} high-confidence rows, detailed ${(score.detailed * 100).toFixed(1)}%`,
    );
    expect(score.rows).toBeGreaterThan(400);
    expect(score.primary).toBeGreaterThanOrEqual(0.85);
  });
});
