/**
 * PAR Index results for a group of units (khối): roll-up, indices, ranks, classes and the group summary.
 *
 * Rules, each cited where it is implemented:
 *  - Roll-up (methodology §1.3): leaf → criterion → area → total, exact sums. A leaf without a score counts 0 and is
 *    listed in `missing` (bonus/penalty leaves are not: no bonus awarded simply means none).
 *  - Bonus and penalty (methodology §1.3, provincial software "bonus and penalty points with per-year caps"): a
 *    bonus/penalty subtree is capped by its nodes' maxPoints, then added to / subtracted from the unit total only.
 *    They do not enter area or criterion scores (component indices stay within 0–100%) nor any maximum. The total
 *    is then clamped to [0, max], so the index never leaves 0–100%.
 *  - Maximum (methodology §1.3): the sum of the normal areas' maxPoints, without the survey-sourced leaves when
 *    the survey is not included: index = (appraised + survey) / (max_appraised + max_survey_included) × 100
 *    (Hà Nội: "được quy về thang điểm 100"; Nam Định 2020 sở 62.62/70 → 89.457…).
 *  - Index (methodology §1.3, §1.4 "Index in % with 2 decimals"): total / max × 100, kept exact (`indexExact`,
 *    a fraction) and rounded half-up to 2 decimals ONCE (`index`). The same rule gives area and criterion indices.
 *  - Ranks (ranking.ts): competition ranking on the exact index within the group, overall and per area/criterion.
 *    All units of a computation share the framework, hence the maxima, so the exact index orders as the points do.
 *  - Classes (classify.ts): from the published (rounded) index.
 *
 * Performance: the tree is compiled once per call; per unit the work is one pass over its scores and one reverse
 * pre-order pass over the nodes, in integer hundredths (BigInt) — points have at most 2 decimals.
 */

import {
  Decimal,
  type DecimalInput,
  dec,
  div,
  formatScaledInteger,
  HUNDRED,
  isZero,
  mul,
  roundHalfUp,
  toFixed,
  toFractionString,
  toScaledInteger,
} from '../shared/decimal.ts';
import { classify } from './classify.ts';
import { buildTree, type Framework, type FrameworkProblem, type FrameworkTree, isIncluded, type Num, nodeMaxima, type TreeNode } from './framework.ts';
import { competitionRanks } from './ranking.ts';
import { type LeafBounds, leafBounds, pointsProblem, readPoints, type ScoreProblem } from './scoring.ts';

export interface UnitScores {
  unitId: string;
  /**
   * Final points per leaf code (appraised points, and survey points when the survey is included). A null value is
   * the same as no entry: the leaf counts 0 and is reported missing.
   */
  scores: Record<string, Num | null>;
}

export interface ComputeInput {
  framework: Framework;
  /** False when no survey (ĐTXHH) was run: survey-sourced leaves and their maxima are left out. */
  surveyIncluded: boolean;
  units: UnitScores[];
}

export interface ComponentResult {
  /** Points, exactly, with 2 decimals. */
  score: string;
  max: string;
  /** Published index (%), rounded half-up to 2 decimals; null when max is 0. */
  index: string | null;
  /** The exact index as a fraction ("3131/35") or integer ("90"); null when max is 0. */
  indexExact: string | null;
  /** Competition rank within the group; null when max is 0. */
  rank: number | null;
}

export interface UnitResult extends ComponentResult {
  unitId: string;
  /** Score after bonus and penalty, clamped to [0, max] (same as `score`). */
  total: string;
  /** Normal points before bonus, penalty and clamping. */
  subtotal: string;
  /** Bonus points added (after caps), ≥ 0. */
  bonus: string;
  /** Penalty points (after caps), ≤ 0. */
  penalty: string;
  /** Class name (xếp loại / nhóm) from the published index; null below every threshold or without an index. */
  classification: string | null;
  /** Normal areas (lĩnh vực), in framework order. */
  areas: Record<string, ComponentResult>;
  /** Normal criteria (tiêu chí, depth 2), in framework order. */
  criteria: Record<string, ComponentResult>;
  /** Points of every counted leaf (missing ones as "0.00"), in framework order. */
  leaves: Record<string, string>;
  /** Normal leaves that had no score and counted 0. */
  missing: string[];
}

/**
 * Group figures. Two different "means" are published, and they differ (Nam Định 2020, methodology §1.3):
 *  - `meanOfIndices`: the average of the units' published (rounded) indices, rounded half-up — what a table of
 *    unit indices averages to (Nam Định's 89.45%);
 *  - `indexOfMean`: the index of the mean score, (mean total) / max × 100, rounded half-up (62.62/70 → 89.46%).
 */
export interface GroupSummary {
  count: number;
  max: string;
  /** Mean total points, rounded half-up to 2 decimals (display). */
  meanTotal: string | null;
  meanOfIndices: string | null;
  indexOfMean: string | null;
}

export type ComputeProblem =
  | { code: 'frameworkInvalid'; problem: FrameworkProblem }
  | { code: 'duplicateUnit'; unitId: string }
  | { code: 'unknownUnit'; unitId: string }
  | { code: 'unknownCode'; unitId: string; nodeCode: string }
  | { code: 'notALeaf'; unitId: string; nodeCode: string }
  | { code: 'surveyNotIncluded'; unitId: string; nodeCode: string }
  | { code: 'invalidScore'; unitId: string; problem: ScoreProblem };

export interface ComputeSuccess {
  ok: true;
  surveyIncluded: boolean;
  /** The index denominator (points). */
  max: string;
  units: UnitResult[];
  summary: GroupSummary;
}

export type ComputeResult = ComputeSuccess | { ok: false; problems: ComputeProblem[] };

const KIND_NORMAL = 0;
const KIND_BONUS = 1;
const KIND_PENALTY = 2;

/** The tree compiled for one computation: flat arrays indexed by pre-order position. */
interface Plan {
  tree: FrameworkTree;
  nodes: readonly TreeNode[];
  parent: Int32Array;
  kind: Uint8Array;
  /** Effective max (normal) or cap (bonus/penalty), hundredths. */
  maxCents: bigint[];
  /** Counted leaves by code → position. */
  leafPos: Map<string, number>;
  bounds: (LeafBounds | undefined)[];
  lo: bigint[];
  hi: bigint[];
  /** Normal counted leaves: what `missing` is checked against. */
  requiredLeaves: number[];
  countedLeaves: number[];
  areas: number[];
  criteria: number[];
  totalMax: bigint;
  /** Per call: entered values already read (scores repeat a lot: "1", "0.5", …) and hundredths already printed. */
  centsCache: Map<unknown, bigint | null>;
  textCache: Map<bigint, string>;
}

function cents(d: Decimal): bigint {
  return toScaledInteger(d, 2) as bigint; // maxima and bounds are validated to 2 decimals
}

function makePlan(tree: FrameworkTree, surveyIncluded: boolean): Plan {
  const nodes = tree.nodes;
  const n = nodes.length;
  const maxima = nodeMaxima(tree, surveyIncluded);
  const plan: Plan = {
    tree,
    nodes,
    parent: new Int32Array(n),
    kind: new Uint8Array(n),
    maxCents: new Array<bigint>(n),
    leafPos: new Map(),
    bounds: new Array(n),
    lo: new Array<bigint>(n).fill(0n),
    hi: new Array<bigint>(n).fill(0n),
    requiredLeaves: [],
    countedLeaves: [],
    areas: [],
    criteria: [],
    totalMax: 0n,
    centsCache: new Map(),
    textCache: new Map(),
  };
  for (let i = 0; i < n; i++) {
    const t = nodes[i];
    plan.parent[i] = t.parent ? t.parent.seq : -1;
    plan.kind[i] = t.kind === 'bonus' ? KIND_BONUS : t.kind === 'penalty' ? KIND_PENALTY : KIND_NORMAL;
    plan.maxCents[i] = cents(maxima.get(t.code) as Decimal);
    if (t.kind === 'normal' && t.depth === 1) {
      plan.areas.push(i);
      plan.totalMax += plan.maxCents[i];
    }
    if (t.kind === 'normal' && t.depth === 2) plan.criteria.push(i);
    if (t.isLeaf && isIncluded(t, surveyIncluded)) {
      const b = leafBounds(t.node, t.max);
      plan.leafPos.set(t.code, i);
      plan.bounds[i] = b;
      plan.lo[i] = cents(b.min);
      plan.hi[i] = cents(b.max);
      plan.countedLeaves.push(i);
      if (t.kind === 'normal') plan.requiredLeaves.push(i);
    }
  }
  return plan;
}

/**
 * The index of `score` out of `max`, exact and published. Methodology §1.3: "Chỉ số CCHC (%) = tổng điểm đạt được /
 * tổng điểm tối đa × 100%", component indices "điểm đạt được / điểm tối đa của lĩnh vực (tiêu chí) × 100%"; §1.4:
 * published in % with 2 decimals — rounded half-up here, once. Null when max is 0. Only the ratio matters, so the
 * roll-up passes integer hundredths of points.
 */
export function componentIndex(score: DecimalInput, max: DecimalInput): { exact: Decimal; published: Decimal } | null {
  if (isZero(max)) return null;
  const exact = div(mul(score, HUNDRED), max);
  return { exact, published: roundHalfUp(exact, 2) };
}

interface UnitWork {
  unitId: string;
  values: bigint[];
  missing: string[];
  subtotal: bigint;
  bonus: bigint;
  penalty: bigint;
  total: bigint;
}

/** Reads one unit's scores into leaf values (hundredths); problems are appended. */
function readScores(plan: Plan, unit: UnitScores, problems: ComputeProblem[]): bigint[] {
  const values = new Array<bigint>(plan.nodes.length).fill(0n);
  const unitId = unit.unitId;
  const scores = unit.scores && typeof unit.scores === 'object' ? unit.scores : {};
  for (const code of Object.keys(scores)) {
    const raw = scores[code];
    if (raw === null || raw === undefined) continue;
    const pos = plan.leafPos.get(code);
    if (pos === undefined) {
      const t = plan.tree.byCode.get(code);
      if (!t) problems.push({ code: 'unknownCode', unitId, nodeCode: code });
      else if (!t.isLeaf) problems.push({ code: 'notALeaf', unitId, nodeCode: code });
      else problems.push({ code: 'surveyNotIncluded', unitId, nodeCode: code });
      continue;
    }
    let v = plan.centsCache.get(raw);
    if (v === undefined) {
      try {
        v = toScaledInteger(raw as DecimalInput, 2);
      } catch {
        v = null;
      }
      plan.centsCache.set(raw, v);
    }
    if (v === null || v < plan.lo[pos] || v > plan.hi[pos]) {
      const r = readPoints(code, raw);
      const problem = r.ok ? pointsProblem(code, plan.bounds[pos] as LeafBounds, r.value) : r.problem;
      if (problem) problems.push({ code: 'invalidScore', unitId, problem });
      continue;
    }
    values[pos] = v;
  }
  return values;
}

/** Roll-up of one unit, in place: children before parents (reverse pre-order). */
function rollUp(plan: Plan, unit: UnitScores, values: bigint[]): UnitWork {
  const { parent, kind, maxCents } = plan;
  let subtotal = 0n;
  let bonus = 0n;
  let penalty = 0n;
  for (let i = values.length - 1; i >= 0; i--) {
    let v = values[i];
    const k = kind[i];
    // Caps of bonus and penalty subtrees ("per-year caps", methodology §1.3).
    if (k === KIND_BONUS && v > maxCents[i]) v = maxCents[i];
    else if (k === KIND_PENALTY && v < -maxCents[i]) v = -maxCents[i];
    values[i] = v;
    const p = parent[i];
    if (p >= 0 && kind[p] === k) values[p] += v;
    else if (k === KIND_BONUS) bonus += v;
    else if (k === KIND_PENALTY) penalty += v;
    else if (p < 0) subtotal += v;
  }
  const missing: string[] = [];
  const scores = unit.scores && typeof unit.scores === 'object' ? unit.scores : {};
  for (const i of plan.requiredLeaves) {
    const code = plan.nodes[i].code;
    if (!Object.hasOwn(scores, code) || scores[code] === null || scores[code] === undefined) missing.push(code);
  }
  // Total clamped to [0, max] (documented at the top of this file).
  let total = subtotal + bonus + penalty;
  if (total < 0n) total = 0n;
  if (total > plan.totalMax) total = plan.totalMax;
  return { unitId: unit.unitId, values, missing, subtotal, bonus, penalty, total };
}

function printCents(plan: Plan, v: bigint): string {
  let text = plan.textCache.get(v);
  if (text === undefined) {
    text = formatScaledInteger(v, 2);
    plan.textCache.set(v, text);
  }
  return text;
}

function component(scoreCents: bigint, maxCents: bigint): ComponentResult {
  const idx = componentIndex(scoreCents, maxCents);
  return {
    score: formatScaledInteger(scoreCents, 2),
    max: formatScaledInteger(maxCents, 2),
    index: idx ? toFixed(idx.published, 2) : null,
    indexExact: idx ? toFractionString(idx.exact) : null,
    rank: null,
  };
}

/** Competition ranks of the units on one node (or the total when pos is -1). Same max for all → points order = index order. */
function rankOn(works: UnitWork[], pos: number): number[] {
  const v = pos < 0 ? works.map((w) => w.total) : works.map((w) => w.values[pos]);
  return competitionRanks(v, (a, b) => (a > b ? -1 : a < b ? 1 : 0));
}

/**
 * The index denominator in hundredths: the framework's own when it sets one, else the assessed maximum. Without the
 * survey part, 'rescale' (the default) takes the survey maxima out of the denominator and 'keepDenominator' leaves
 * them in (methodology §1.3).
 */
function indexDenominatorCents(input: ComputeInput, tree: FrameworkTree, assessedMax: bigint): bigint {
  const fw = input.framework;
  const fullMax = input.surveyIncluded ? assessedMax : makePlan(tree, true).totalMax;
  const declared = fw.indexDenominator === undefined || fw.indexDenominator === null ? fullMax : (toScaledInteger(dec(fw.indexDenominator), 2) as bigint);
  if (input.surveyIncluded) return declared;
  return fw.withoutSurvey === 'keepDenominator' ? declared : declared - (fullMax - assessedMax);
}

/** Runs the roll-up for every unit of the group. Never throws for bad data: problems are returned. */
export function computeResults(input: ComputeInput): ComputeResult {
  const built = buildTree(input.framework);
  if (!built.ok) return { ok: false, problems: built.problems.map((problem) => ({ code: 'frameworkInvalid', problem })) };
  const plan = makePlan(built.tree, input.surveyIncluded);
  const problems: ComputeProblem[] = [];
  const seen = new Set<string>();
  const works: UnitWork[] = [];
  for (const unit of input.units) {
    if (seen.has(unit.unitId)) {
      problems.push({ code: 'duplicateUnit', unitId: unit.unitId });
      continue;
    }
    seen.add(unit.unitId);
    const values = readScores(plan, unit, problems);
    works.push(rollUp(plan, unit, values));
  }
  if (problems.length > 0) return { ok: false, problems };

  const totalMax = indexDenominatorCents(input, built.tree, plan.totalMax);
  const totalRanks = totalMax > 0n ? rankOn(works, -1) : null;
  const componentRanks = new Map<number, number[] | null>();
  for (const pos of [...plan.areas, ...plan.criteria]) componentRanks.set(pos, plan.maxCents[pos] > 0n ? rankOn(works, pos) : null);

  let sumTotal = 0n;
  let sumPublished = 0n; // published indices, in hundredths of a percent
  const units: UnitResult[] = works.map((w, u) => {
    const head = component(w.total, totalMax);
    const idx = componentIndex(w.total, totalMax);
    sumTotal += w.total;
    if (idx) sumPublished += toScaledInteger(idx.published, 2) as bigint;
    const areas: Record<string, ComponentResult> = {};
    for (const pos of plan.areas) {
      const c = component(w.values[pos], plan.maxCents[pos]);
      c.rank = componentRanks.get(pos)?.[u] ?? null;
      areas[plan.nodes[pos].code] = c;
    }
    const criteria: Record<string, ComponentResult> = {};
    for (const pos of plan.criteria) {
      const c = component(w.values[pos], plan.maxCents[pos]);
      c.rank = componentRanks.get(pos)?.[u] ?? null;
      criteria[plan.nodes[pos].code] = c;
    }
    const leaves: Record<string, string> = {};
    for (const pos of plan.countedLeaves) leaves[plan.nodes[pos].code] = printCents(plan, w.values[pos]);
    return {
      unitId: w.unitId,
      ...head,
      rank: totalRanks ? totalRanks[u] : null,
      total: head.score,
      subtotal: formatScaledInteger(w.subtotal, 2),
      bonus: formatScaledInteger(w.bonus, 2),
      penalty: formatScaledInteger(w.penalty, 2),
      classification: idx ? classify(idx.published, plan.tree.classes) : null,
      areas,
      criteria,
      leaves,
      missing: w.missing,
    };
  });

  const count = units.length;
  const summary: GroupSummary = {
    count,
    max: formatScaledInteger(totalMax, 2),
    meanTotal: count > 0 ? toFixed(Decimal.fraction(sumTotal, 100n * BigInt(count)), 2) : null,
    // Mean of the published unit indices, rounded half-up (Nam Định's "89.45%").
    meanOfIndices: count > 0 && totalMax > 0n ? toFixed(Decimal.fraction(sumPublished, 100n * BigInt(count)), 2) : null,
    // Index of the mean score: (Σ total / n) / max × 100, rounded half-up once (62.62/70 → "89.46").
    indexOfMean: count > 0 && totalMax > 0n ? toFixed(Decimal.fraction(sumTotal * 100n, totalMax * BigInt(count)), 2) : null,
  };
  return { ok: true, surveyIncluded: input.surveyIncluded, max: formatScaledInteger(totalMax, 2), units, summary };
}

export interface ScoreChange {
  unitId: string;
  code: string;
  /** New points; null removes the score (the leaf then counts 0 and is missing). */
  points: Num | null;
}

/**
 * What-if: the results after applying `changes` to a copy of the input (the input is not modified). A change for a
 * unit that is not in the group is a problem; codes and points are checked like any score.
 */
export function whatIf(base: ComputeInput, changes: readonly ScoreChange[]): ComputeResult {
  const units = base.units.map((u) => ({ unitId: u.unitId, scores: { ...u.scores } }));
  const byId = new Map(units.map((u) => [u.unitId, u]));
  const problems: ComputeProblem[] = [];
  for (const change of changes) {
    const unit = byId.get(change.unitId);
    if (!unit) {
      problems.push({ code: 'unknownUnit', unitId: change.unitId });
      continue;
    }
    unit.scores[change.code] = change.points;
  }
  if (problems.length > 0) return { ok: false, problems };
  return computeResults({ framework: base.framework, surveyIncluded: base.surveyIncluded, units });
}
