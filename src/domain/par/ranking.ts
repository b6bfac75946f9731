/**
 * Ranking of units within a group (khối) and per area.
 *
 * Competition ranking ("1224"): equal values share a rank and the next rank skips, so ranks stay positions:
 * 1, 2, 2, 4. Methodology §1.4 publishes "Rank 1..63" per group and §1.3 a rank per lĩnh vực ("Hà Tĩnh cải cách
 * TTHC giảm 0.52 điểm và 31 bậc"); that ties share a rank is [I] (methodology, Implementation recommendations 3).
 */

import { compare, type DecimalInput } from '../shared/decimal.ts';

/**
 * Ranks aligned with `values`: 1 for the best. `better(a, b)` < 0 when a ranks before b, 0 when tied.
 * O(n log n).
 */
export function competitionRanks<T>(values: readonly T[], better: (a: T, b: T) => number): number[] {
  const order = values.map((_, i) => i).sort((i, j) => better(values[i], values[j]) || i - j);
  const ranks = new Array<number>(values.length);
  order.forEach((idx, pos) => {
    const prev = pos > 0 ? order[pos - 1] : -1;
    ranks[idx] = prev >= 0 && better(values[prev], values[idx]) === 0 ? ranks[prev] : pos + 1;
  });
  return ranks;
}

/** Competition ranks of exact values, highest first; a null value (no index) gets no rank and is not counted. */
export function rankDescending(values: readonly (DecimalInput | null)[]): (number | null)[] {
  const present = values.map((v, i) => ({ v, i })).filter((x): x is { v: DecimalInput; i: number } => x.v !== null);
  const ranks = competitionRanks(present, (a, b) => compare(b.v, a.v));
  const out = new Array<number | null>(values.length).fill(null);
  present.forEach((x, k) => {
    out[x.i] = ranks[k];
  });
  return out;
}
