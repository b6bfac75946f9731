/**
 * Weak criteria: the leaves where a unit lost points, for its remedial plan (kế hoạch khắc phục hạn chế, methodology
 * §1.5 step 6: "Units build remedial plans for criteria that lost points"; Hà Tĩnh 2022, Khánh Hòa 2021).
 *
 * Per unit, the leaves that lost points — normal leaves below their max, and penalty leaves that took points away —
 * ranked by points lost (most first), then by the gap to the group average (furthest below first), then by the drop
 * since last year (largest first), then in framework order. Comparisons are exact; the strings are for display.
 */

import { compare, Decimal, dec, neg, sub, toExactString, toFixed, toScaledInteger, ZERO } from '../shared/decimal.ts';
import type { ComputeSuccess } from './compute.ts';
import { buildTree, type Framework, FrameworkInvalidError, type NodeKind, type Num } from './framework.ts';

export interface WeakLeafOptions {
  /** Average points per leaf code to compare with; by default the mean over the units in `result`. */
  groupAverages?: Record<string, Num>;
  /** Last year's points, per unit id and leaf code. */
  lastYear?: Record<string, Record<string, Num | null>>;
}

export interface WeakLeaf {
  code: string;
  title?: string;
  kind: NodeKind;
  points: string;
  /** The leaf's maxPoints (for a penalty leaf: the most it can take away). */
  max: string;
  /** max − points for normal leaves; −points for penalty leaves. Exact, > 0. */
  lost: string;
  /** The group average of this leaf, rounded half-up to 2 decimals for display. */
  groupAverage: string | null;
  /** points − group average (negative: below average), rounded half-up to 2 decimals for display. */
  vsGroupAverage: string | null;
  lastYear: string | null;
  /** points − last year (negative: dropped). Exact. */
  vsLastYear: string | null;
}

export interface UnitWeakLeaves {
  unitId: string;
  leaves: WeakLeaf[];
}

interface Row {
  leaf: WeakLeaf;
  seq: number;
  lost: Decimal;
  vsAverage: Decimal | null;
  vsLastYear: Decimal | null;
}

/** Ascending comparison where null sorts last. */
function nullsLast(a: Decimal | null, b: Decimal | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return compare(a, b);
}

/**
 * Weak leaves per unit of a computed group. `framework` must be the one `result` was computed with (throws
 * FrameworkInvalidError if it does not validate; DecimalError for unreadable numbers in `options`).
 */
export function weakLeaves(result: ComputeSuccess, framework: Framework, options: WeakLeafOptions = {}): UnitWeakLeaves[] {
  const built = buildTree(framework);
  if (!built.ok) throw new FrameworkInvalidError(built.problems);
  const leaves = built.tree.leaves.filter((t) => t.kind !== 'bonus' && result.units.every((u) => u.leaves[t.code] !== undefined));
  const count = result.units.length;
  const averages = new Map<string, Decimal>();
  for (const t of leaves) {
    const given = options.groupAverages?.[t.code];
    if (given !== undefined) averages.set(t.code, dec(given));
    else if (count > 0) {
      let total = 0n;
      for (const u of result.units) total += toScaledInteger(u.leaves[t.code], 2) as bigint;
      averages.set(t.code, Decimal.fraction(total, 100n * BigInt(count)));
    }
  }
  return result.units.map((unit) => {
    const rows: Row[] = [];
    const last = options.lastYear?.[unit.unitId];
    for (const t of leaves) {
      const points = dec(unit.leaves[t.code]);
      const lost = t.kind === 'penalty' ? neg(points) : sub(t.max, points);
      if (compare(lost, ZERO) <= 0) continue;
      const average = averages.get(t.code) ?? null;
      const lastRaw = last?.[t.code];
      const lastYear = lastRaw === undefined || lastRaw === null ? null : dec(lastRaw);
      const vsAverage = average === null ? null : sub(points, average);
      const vsLastYear = lastYear === null ? null : sub(points, lastYear);
      const leaf: WeakLeaf = {
        code: t.code,
        kind: t.kind,
        points: toFixed(points, 2),
        max: toFixed(t.max, 2),
        lost: toExactString(lost),
        groupAverage: average === null ? null : toFixed(average, 2),
        vsGroupAverage: vsAverage === null ? null : toFixed(vsAverage, 2),
        lastYear: lastYear === null ? null : toExactString(lastYear),
        vsLastYear: vsLastYear === null ? null : toExactString(vsLastYear),
      };
      if (t.node.title !== undefined) leaf.title = t.node.title;
      rows.push({ leaf, seq: t.seq, lost, vsAverage, vsLastYear });
    }
    rows.sort((a, b) => compare(b.lost, a.lost) || nullsLast(a.vsAverage, b.vsAverage) || nullsLast(a.vsLastYear, b.vsLastYear) || a.seq - b.seq);
    return { unitId: unit.unitId, leaves: rows.map((r) => r.leaf) };
  });
}
