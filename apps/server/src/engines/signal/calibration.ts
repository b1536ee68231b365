/**
 * Calibration: how returns observed after evaluations compare with the scores given. Evaluations
 * are grouped in score bands; each band shows how many were initiated, how many came back as the
 * kind of return the score predicts, the observed rate and the mean predicted probability.
 */

/** ACH return codes a customer initiates (disputes of the debit); every other code is the bank's. */
export const CUSTOMER_RETURN_CODES: ReadonlySet<string> = new Set(['R05', 'R07', 'R10', 'R11', 'R29', 'R51']);

/** An ACH return code: R and two digits. */
export const RETURN_CODE = /^R\d{2}$/;

/** Which score a return code bears on. */
export function returnKind(code: string): 'customer_initiated' | 'bank_initiated' {
  return CUSTOMER_RETURN_CODES.has(code) ? 'customer_initiated' : 'bank_initiated';
}

/** One evaluation as calibration reads it. */
export interface CalibrationRow {
  customerScore: number;
  bankScore: number;
  customerProbability: number;
  bankProbability: number;
  /** Whether the payment was made: the reported decision, or else the ruleset's ACCEPT. */
  initiated: boolean;
  returnCode: string | null;
}

/** One score band of one kind. */
export interface CalibrationBand {
  kind: 'customer_initiated' | 'bank_initiated';
  band: string;
  evaluated: number;
  initiated: number;
  returned: number;
  observed_return_rate: number | null;
  mean_predicted_probability: number | null;
}

/** The bands: 1–10, 11–20, … 91–99. */
export const BANDS: readonly [number, number][] = Array.from({ length: 10 }, (_, i) => [
  i * 10 + 1,
  Math.min(99, i * 10 + 10),
]);

/** Bands of both kinds, customer-initiated first; empty bands included so reports line up. */
export function calibrate(rows: readonly CalibrationRow[]): CalibrationBand[] {
  const out: CalibrationBand[] = [];
  for (const kind of ['customer_initiated', 'bank_initiated'] as const) {
    for (const [lo, hi] of BANDS) {
      const inBand = rows.filter((r) => {
        const s = kind === 'customer_initiated' ? r.customerScore : r.bankScore;
        return s >= lo && s <= hi;
      });
      const initiated = inBand.filter((r) => r.initiated);
      const returned = initiated.filter((r) => r.returnCode !== null && returnKind(r.returnCode) === kind);
      const predicted = initiated.map((r) =>
        kind === 'customer_initiated' ? r.customerProbability : r.bankProbability,
      );
      out.push({
        kind,
        band: `${lo}-${hi}`,
        evaluated: inBand.length,
        initiated: initiated.length,
        returned: returned.length,
        observed_return_rate: initiated.length ? round4(returned.length / initiated.length) : null,
        mean_predicted_probability: predicted.length
          ? round4(predicted.reduce((s, p) => s + p, 0) / predicted.length)
          : null,
      });
    }
  }
  return out;
}

/**
 * Whether a simulated payment comes back, and with which code: a draw in [0, 1) from the
 * evaluation's own seed against each kind's probability (bank first, as a bank refuses before its
 * customer can dispute). Deterministic: the same evaluation always draws the same.
 */
export function simulateReturn(
  seed: string,
  bankProbability: number,
  customerProbability: number,
  opts: { closed: boolean; frozen: boolean },
): string | null {
  const u = unitDraw(seed);
  if (u < bankProbability) return opts.closed ? 'R02' : opts.frozen ? 'R16' : 'R01';
  if (u < bankProbability + customerProbability) return 'R10';
  return null;
}

/** A number in [0, 1) from a string (FNV-1a, then a xorshift mix). */
export function unitDraw(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
