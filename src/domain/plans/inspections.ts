/**
 * Inspection coverage (kiểm tra CCHC): the share of units an inspection plan covers must be at least 30 %. Exact:
 * covered / total as a fraction, compared without rounding; shown as a percentage rounded half-up to 2 decimals.
 */
import { compare, type Decimal, div, mul, toFixed, toFractionString } from '../shared/decimal.ts';

export const MIN_COVERAGE_PERCENT = 30;

export interface Coverage {
  covered: number;
  total: number;
  /** covered / total as an exact fraction ("41/135"), for a data-derived PAR leaf */
  ratio: string;
  /** percent, 2 decimals */
  percent: string;
  meetsMinimum: boolean;
}

export function coverage(covered: number, total: number): Coverage {
  if (total === 0) return { covered, total, ratio: '0', percent: '0.00', meetsMinimum: false };
  const r: Decimal = div(covered, total);
  return {
    covered,
    total,
    ratio: toFractionString(r),
    percent: toFixed(mul(r, 100), 2),
    meetsMinimum: compare(mul(r, 100), MIN_COVERAGE_PERCENT) >= 0,
  };
}

/**
 * Findings of an inspection that are remedied: one without a follow-up task needs no remedy; one with a task is
 * remedied when no due date of that task is still not done (`openTaskIds`).
 */
export function remediedFindings(findings: readonly { taskId: string | null }[], openTaskIds: ReadonlySet<string>): number {
  return findings.filter((f) => f.taskId === null || !openTaskIds.has(f.taskId)).length;
}
