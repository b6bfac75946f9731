import { type DecimalInput, div, roundHalfUp, sum, toFixed } from '../shared/decimal.ts';

/**
 * The published mean of published figures: their exact average rounded half-up once to 2 decimals (methodology §1.3,
 * Nam Định 2020: a group's figure is the mean of the unit indices, 89.45 %, not the index of the mean score).
 * The same rule gives last year's index of a unit formed by merges: the mean of the published indices of the units
 * that carried it then (methodology §0: year-over-year comparisons say which unit set they use).
 * Null for no values.
 */
export function publishedMean(values: readonly DecimalInput[]): string | null {
  if (values.length === 0) return null;
  return toFixed(roundHalfUp(div(sum(values), values.length), 2), 2);
}
