/**
 * Scoring one leaf (tiêu chí thành phần) of a PAR framework by its scoring method, and checking a number of points
 * entered directly (self-score, appraisal). Methodology §1.3: "Score each TC/TCTP against the standard and the
 * scoring method in the Phụ lục" (Công văn 383/384/BNV-CCHC, 28/01/2021); survey-scored items are not self-scored
 * ("Không tự đánh giá, chấm điểm đối với các tiêu chí đánh giá qua điều tra xã hội học").
 *
 * Every result has at most 2 decimals: method data (levels, band points, per-item points, caps) is limited to 2
 * decimals by validation, and the two ratio methods (proportional, survey) round half-up to 2 decimals at the leaf.
 */

import {
  compare,
  type Decimal,
  DecimalError,
  type DecimalInput,
  dec,
  decimalPlaces,
  div,
  HUNDRED,
  isDecimal,
  isInteger,
  min,
  mul,
  neg,
  ONE,
  roundHalfUp,
  toExactString,
  ZERO,
} from '../shared/decimal.ts';
import {
  effectiveMethod,
  type FrameworkNode,
  type FrameworkProblem,
  methodProblems,
  nodeKind,
  POINT_DECIMALS,
  readNum,
  type ScoringMethod,
  type ScoringMethodType,
  type ZeroDenominatorRule,
} from './framework.ts';

/** What is entered for a leaf; which shape depends on the method (see scoreLeaf). */
export type LeafInput =
  | { points: DecimalInput }
  | { level: number | string }
  | { percent: DecimalInput }
  | { numerator: DecimalInput; denominator: DecimalInput }
  | { count: DecimalInput }
  | { yes: boolean }
  | { surveyIndex: DecimalInput }
  | { surveyPercent: DecimalInput }
  | { value: DecimalInput };

type P<C extends string, T> = { code: C; nodeCode: string; params: T };

export type ScoreProblem =
  | P<'notANumber', { field: string; value: string }>
  | P<'tooManyDecimals', { field: string; value: string; maxDecimals: number }>
  | P<'aboveMax', { value: string; max: string }>
  | P<'aboveCap', { value: string; cap: string }>
  | P<'belowZero', { value: string }>
  | P<'aboveZero', { value: string }>
  | P<'belowFloor', { value: string; floor: string }>
  | P<'unknownLevel', { level: string; count: number }>
  | P<'surveyNotSelfScored', Record<string, never>>
  | P<'wrongInput', { method: ScoringMethodType; expected: string[][]; received: string[] }>
  | P<'negativeValue', { field: string; value: string }>
  | P<'notAnInteger', { field: string; value: string }>
  | P<'zeroDenominator', Record<string, never>>
  | P<'outOfRange', { field: string; value: string; min: string; max: string }>
  | P<'methodInvalid', { problems: FrameworkProblem[] }>;

export type ScoreProblemCode = ScoreProblem['code'];

export type LeafScore = { ok: true; points: Decimal } | { ok: false; problem: ScoreProblem };

/** The range of points a leaf accepts, and which problem each side raises. */
export interface LeafBounds {
  min: Decimal;
  max: Decimal;
  below: 'belowZero' | 'belowFloor';
  above: 'aboveMax' | 'aboveCap' | 'aboveZero';
}

/**
 * Accepted points for a leaf: normal leaves [0, max]; bonus leaves [0, cap] (cap = the bonus method's cap, else
 * maxPoints); penalty leaves [−floor, 0] (floor = the deduction method's floor, else maxPoints).
 */
export function leafBounds(node: FrameworkNode, max: Decimal): LeafBounds {
  const method = effectiveMethod(node);
  switch (nodeKind(node)) {
    case 'bonus':
      return { min: ZERO, max: method.type === 'bonus' ? dec(method.cap) : max, below: 'belowZero', above: 'aboveCap' };
    case 'penalty':
      return { min: neg(method.type === 'deduction' ? dec(method.floor) : max), max: ZERO, below: 'belowFloor', above: 'aboveZero' };
    default:
      return { min: ZERO, max, below: 'belowZero', above: 'aboveMax' };
  }
}

/** The problem with `value` for a leaf with these bounds, or null when it is within them. */
export function pointsProblem(nodeCode: string, bounds: LeafBounds, value: Decimal): ScoreProblem | null {
  const v = toExactString(value);
  if (compare(value, bounds.min) < 0) {
    return bounds.below === 'belowFloor'
      ? { code: 'belowFloor', nodeCode, params: { value: v, floor: toExactString(neg(bounds.min)) } }
      : { code: 'belowZero', nodeCode, params: { value: v } };
  }
  if (compare(value, bounds.max) > 0) {
    if (bounds.above === 'aboveZero') return { code: 'aboveZero', nodeCode, params: { value: v } };
    if (bounds.above === 'aboveCap') return { code: 'aboveCap', nodeCode, params: { value: v, cap: toExactString(bounds.max) } };
    return { code: 'aboveMax', nodeCode, params: { value: v, max: toExactString(bounds.max) } };
  }
  return null;
}

type Read = { ok: true; value: Decimal } | { ok: false; problem: ScoreProblem };

/** Reads an entered number. Points: at most 2 decimals. Other values (percentages, indices): an exact Decimal, or text/number with up to 6 decimals. */
function readInput(nodeCode: string, field: string, raw: unknown, maxDecimals: number): Read {
  // Exact values (Decimal, bigint) are taken as they are — a ratio from another module may be 8700/89 % — except
  // that points must still have at most 2 decimals.
  if (isDecimal(raw) || typeof raw === 'bigint') {
    const d = dec(raw);
    if ((decimalPlaces(d) ?? Number.POSITIVE_INFINITY) > maxDecimals && maxDecimals === POINT_DECIMALS) {
      return { ok: false, problem: { code: 'tooManyDecimals', nodeCode, params: { field, value: toExactString(d), maxDecimals } } };
    }
    return { ok: true, value: d };
  }
  const r = readNum(raw, maxDecimals);
  if (r.ok) return r;
  return r.reason === 'tooManyDecimals'
    ? { ok: false, problem: { code: 'tooManyDecimals', nodeCode, params: { field, value: r.value, maxDecimals } } }
    : { ok: false, problem: { code: 'notANumber', nodeCode, params: { field, value: r.value } } };
}

/** Reads a number of points (at most 2 decimals); exported for the roll-up, which reads many. */
export function readPoints(nodeCode: string, raw: unknown): Read {
  return readInput(nodeCode, 'points', raw, POINT_DECIMALS);
}

function readNonNegative(nodeCode: string, field: string, raw: unknown): Read {
  const r = readInput(nodeCode, field, raw, 6);
  if (r.ok && compare(r.value, ZERO) < 0) return { ok: false, problem: { code: 'negativeValue', nodeCode, params: { field, value: toExactString(r.value) } } };
  return r;
}

interface Prepared {
  max: Decimal;
  method: ScoringMethod;
  bounds: LeafBounds;
}

/** The node's max, method and bounds, or a methodInvalid problem when the node itself is not valid. */
function prepare(node: FrameworkNode): { ok: true; prepared: Prepared } | { ok: false; problem: ScoreProblem } {
  const code = String(node?.code);
  const r = readNum(node?.maxPoints);
  const problems: FrameworkProblem[] = [];
  if (!r.ok) problems.push({ code: 'badMax', nodeCode: code, params: { value: r.value, reason: r.reason } });
  else if (compare(r.value, ZERO) < 0) problems.push({ code: 'negativeMax', nodeCode: code, params: { maxPoints: toExactString(r.value) } });
  problems.push(...methodProblems(node, r.ok ? r.value : null));
  if (problems.length > 0 || !r.ok) return { ok: false, problem: { code: 'methodInvalid', nodeCode: code, params: { problems } } };
  return { ok: true, prepared: { max: r.value, method: effectiveMethod(node), bounds: leafBounds(node, r.value) } };
}

/**
 * Checks points entered directly as the leaf's final score (self-score or appraisal, điểm thẩm định): within
 * [0, max] for normal leaves, [−floor, 0] for penalty leaves, [0, cap] for bonus leaves; at most 2 decimals.
 * It does not require the value to be one the method could produce (an appraiser may adjust), only that it fits.
 */
export function validateLeafPoints(node: FrameworkNode, points: DecimalInput): LeafScore {
  const p = prepare(node);
  if (!p.ok) return p;
  const r = readPoints(node.code, points);
  if (!r.ok) return r;
  const problem = pointsProblem(node.code, p.prepared.bounds, r.value);
  return problem ? { ok: false, problem } : { ok: true, points: r.value };
}

const EXPECTED: Record<ScoringMethodType, string[][]> = {
  direct: [['points']],
  bonus: [['points']],
  data: [['value']],
  levels: [['level']],
  bands: [['percent'], ['numerator', 'denominator']],
  proportional: [['percent'], ['numerator', 'denominator']],
  count: [['count']],
  deduction: [['count']],
  boolean: [['yes']],
  survey: [['surveyIndex'], ['surveyPercent']],
};

function has(input: unknown, key: string): boolean {
  return typeof input === 'object' && input !== null && key in input;
}

function field(input: unknown, key: string): unknown {
  return (input as Record<string, unknown>)[key];
}

/**
 * A value in % for bands/proportional: `{ percent }`, or `{ numerator, denominator }` read exactly (87/89 stays
 * 87/89, not 97.75…). A zero denominator follows the method's `onZeroDenominator` ('max' → full points, 'zero' → 0)
 * and is refused when the method says nothing.
 */
function readPercent(
  nodeCode: string,
  input: unknown,
  rule: ZeroDenominatorRule | undefined,
): { ok: true; percent: Decimal } | { ok: true; zeroDenominator: ZeroDenominatorRule } | { ok: false; problem: ScoreProblem } {
  if (has(input, 'percent')) {
    const r = readNonNegative(nodeCode, 'percent', field(input, 'percent'));
    return r.ok ? { ok: true, percent: r.value } : r;
  }
  const n = readNonNegative(nodeCode, 'numerator', field(input, 'numerator'));
  if (!n.ok) return n;
  const d = readNonNegative(nodeCode, 'denominator', field(input, 'denominator'));
  if (!d.ok) return d;
  if (compare(d.value, ZERO) === 0) {
    return rule ? { ok: true, zeroDenominator: rule } : { ok: false, problem: { code: 'zeroDenominator', nodeCode, params: {} } };
  }
  return { ok: true, percent: mul(div(n.value, d.value), HUNDRED) };
}

/**
 * Band points for a value in % (see Band in framework.ts): the highest band whose threshold the value reaches
 * (≥ min, or > min when minExclusive), 0 below every band. Bands are sorted ascending (validated).
 * Reference wording: Cà Mau QĐ 1880/QĐ-UBND 2013, TCTP 1.1.4.
 */
export function bandPoints(bands: ScoringMethod & { type: 'bands' }, percent: Decimal): Decimal {
  let points = ZERO;
  for (const band of bands.bands) {
    const c = compare(percent, dec(band.minPercent));
    if (c > 0 || (c === 0 && band.minExclusive !== true)) points = dec(band.points);
  }
  return points;
}

/**
 * Proportional points: max × min(1, percent / target), target in % (default 100), rounded half-up to 2 decimals at
 * the leaf. The 766 portal scores and rounds each indicator this way: "87/89 = 97.75% → 1.96/2" (linear) and
 * "score = max if ratio ≥ target else max × ratio / target" (target-based) — methodology §3.3 [3P, verified against
 * portal outputs]; Tiến độ "1652/2270 = 72.78% → 14.56" of 20.
 */
export function proportionalPoints(max: Decimal, percent: Decimal, targetPercent: Decimal = HUNDRED): Decimal {
  return roundHalfUp(mul(max, min(ONE, div(percent, targetPercent))), 2);
}

/**
 * Survey points: max × survey index (index as a fraction 0..1), rounded half-up to 2 decimals at the leaf like the
 * other ratio methods. Methodology §1.3: "Total = điểm thẩm định + điểm ĐTXHH"; the survey index → points
 * conversion is not in the retrieved texts, so linear scaling is an assumption [I].
 */
export function surveyPoints(max: Decimal, index: Decimal): Decimal {
  return roundHalfUp(mul(max, index), 2);
}

/**
 * Scores a leaf from what was entered, by its method (effectiveMethod):
 *  - direct, bonus: `{ points }` (bonus 0..cap; direct on a penalty leaf −max..0)
 *  - data: `{ value }` (points computed by another module)
 *  - levels: `{ level }` — the level's index (0-based) or its exact label
 *  - bands, proportional: `{ percent }` or `{ numerator, denominator }`
 *  - count: `{ count }` → min(cap ?? max, count × pointsPerItem)
 *  - deduction: `{ count }` → −min(floor, count × pointsPerItem)
 *  - boolean: `{ yes }` → max or 0
 *  - survey: `{ surveyIndex }` (0..1) or `{ surveyPercent }` (0..100); anything else is `surveyNotSelfScored`
 * Never throws for bad input: problems are returned.
 */
export function scoreLeaf(node: FrameworkNode, input: LeafInput): LeafScore {
  const p = prepare(node);
  if (!p.ok) return p;
  const { max, method, bounds } = p.prepared;
  const code = node.code;
  const fail = (problem: ScoreProblem): LeafScore => ({ ok: false, problem });
  const done = (points: Decimal): LeafScore => {
    const problem = pointsProblem(code, bounds, points);
    return problem ? fail(problem) : { ok: true, points };
  };
  if (method.type === 'survey') {
    // Methodology §1.3: survey-scored items are not self-scored.
    if (!has(input, 'surveyIndex') && !has(input, 'surveyPercent')) return fail({ code: 'surveyNotSelfScored', nodeCode: code, params: {} });
  }
  const expected = EXPECTED[method.type];
  if (!expected.some((keys) => keys.every((k) => has(input, k)))) {
    const received = typeof input === 'object' && input !== null ? Object.keys(input) : [];
    return fail({ code: 'wrongInput', nodeCode: code, params: { method: method.type, expected, received } });
  }
  try {
    switch (method.type) {
      case 'direct':
      case 'bonus': {
        const r = readPoints(code, field(input, 'points'));
        return r.ok ? done(r.value) : r;
      }
      case 'data': {
        const r = readInput(code, 'value', field(input, 'value'), POINT_DECIMALS);
        return r.ok ? done(r.value) : r;
      }
      case 'levels': {
        const level = field(input, 'level');
        const found =
          typeof level === 'number'
            ? Number.isInteger(level)
              ? method.levels[level]
              : undefined
            : typeof level === 'string'
              ? method.levels.find((l) => l.label === level)
              : undefined;
        if (!found) return fail({ code: 'unknownLevel', nodeCode: code, params: { level: String(level), count: method.levels.length } });
        return done(dec(found.points));
      }
      case 'bands':
      case 'proportional': {
        const r = readPercent(code, input, method.onZeroDenominator);
        if (!r.ok) return r;
        if ('zeroDenominator' in r) return done(r.zeroDenominator === 'max' ? max : ZERO);
        if (method.type === 'bands') return done(bandPoints(method, r.percent));
        return done(proportionalPoints(max, r.percent, method.targetPercent === undefined ? HUNDRED : dec(method.targetPercent)));
      }
      case 'count':
      case 'deduction': {
        const r = readNonNegative(code, 'count', field(input, 'count'));
        if (!r.ok) return r;
        if (!isInteger(r.value)) return fail({ code: 'notAnInteger', nodeCode: code, params: { field: 'count', value: toExactString(r.value) } });
        const raw = mul(r.value, dec(method.pointsPerItem));
        if (method.type === 'count') return done(min(method.cap === undefined ? max : dec(method.cap), raw));
        return done(neg(min(dec(method.floor), raw)));
      }
      case 'boolean': {
        const yes = field(input, 'yes');
        if (typeof yes !== 'boolean') return fail({ code: 'wrongInput', nodeCode: code, params: { method: method.type, expected, received: ['yes'] } });
        return done(yes ? max : ZERO);
      }
      case 'survey': {
        const asPercent = has(input, 'surveyPercent');
        const name = asPercent ? 'surveyPercent' : 'surveyIndex';
        const r = readNonNegative(code, name, field(input, name));
        if (!r.ok) return r;
        const top = asPercent ? HUNDRED : ONE;
        if (compare(r.value, top) > 0)
          return fail({ code: 'outOfRange', nodeCode: code, params: { field: name, value: toExactString(r.value), min: '0', max: toExactString(top) } });
        return done(surveyPoints(max, asPercent ? div(r.value, HUNDRED) : r.value));
      }
    }
  } catch (e) {
    // Method data is validated by prepare(); a DecimalError here would be a bug, reported rather than thrown.
    if (e instanceof DecimalError) return fail({ code: 'notANumber', nodeCode: code, params: { field: 'input', value: String(e.input) } });
    throw e;
  }
}
