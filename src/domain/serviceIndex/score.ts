/**
 * Decision 766 service index scores for a set of units: indicator points, group scores, total, class and ranks.
 * Pure: counts in, results out; the rules are the versioned data of indicators.ts.
 *
 * Rules, each cited where it is implemented:
 *  - Rule version (indicators.ts; docs/conventions.md "Dates" half-open validity): the version whose
 *    [validFrom, validTo) contains the whole period; without a period, the newest version.
 *  - Conversions (methodology §3.3 "Score-conversion rules"; qd766_indicators.json `score_conversion_rules`): linear
 *    `max × ratio` (capped at max), target-based `max if ratio ≥ target else max × ratio / target`.
 *  - Zero denominator (qd766_indicators.json `score_conversion_rules.denominator_zero`, 1.4 `detail`): per indicator,
 *    from the table. A group missing from the input is treated the same way, marked `noData`.
 *  - Rounding (qd766_indicators.json `score_conversion_rules.rounding` "2 decimals"; methodology §3.3 "87/89 = 97.75%
 *    → 1.96/2", "1652/2270 = 72.78% → 14.56"): each indicator's points are rounded half-up to 2 decimals from the
 *    EXACT ratio (decimal.ts), as the portal shows them; group scores and the total are exact sums of those.
 *  - Class (methodology §3.2): from the total, thresholds as data per version; some are provisional.
 *  - Ranks (methodology Implementation recommendations 3 "Ties share a rank"; par/ranking.ts): competition ranking
 *    (1, 2, 2, 4) of the units given, on the total and on each group.
 */

import { rankDescending } from '../par/ranking.ts';
import {
  compare,
  type Decimal,
  type DecimalInput,
  dec,
  div,
  gte,
  HUNDRED,
  isZero,
  max,
  min,
  mul,
  ONE,
  roundHalfUp,
  sub,
  sum,
  toExactString,
  toFixed,
  ZERO,
} from '../shared/decimal.ts';
import {
  GROUP_IDS,
  type GroupId,
  type GroupRule,
  groupCountNames,
  type IndicatorRule,
  QD766_VERSIONS,
  type Quantity,
  quantityCounts,
  type RuleVersion,
} from './indicators.ts';
import { type Period, parsePeriod } from './period.ts';

/** One unit's counts, per group; a group left out is scored with its zero-denominator rules (status `noData`). */
export interface UnitCounts {
  unitId: string;
  counts: Partial<Record<GroupId, Readonly<Record<string, number | undefined>>>>;
}

export interface ScoreInput {
  units: readonly UnitCounts[];
}

export interface ScoreOptions {
  /** "2025", "2025-Q4", "2025-11" or "2025-W03" (period.ts); selects the rule version. Absent: the newest version. */
  period?: string | null;
  /** The rule table (default QD766_VERSIONS); pass another to configure a period's rules. */
  versions?: readonly RuleVersion[];
}

export type IndicatorStatus = 'computed' | 'zeroDenominator' | 'noData';

export interface IndicatorScore {
  code: string;
  metricCode: string | null;
  name: string;
  /** Exact decimal text; null without data. */
  numerator: string | null;
  /** Exact decimal text (a fraction "a/b" only for the 1.4 previous-year share); null without data. */
  denominator: string | null;
  /** numerator / denominator in percent, rounded half-up to 2 decimals ("72.78"); null when not computable. */
  ratio: string | null;
  /** Points, 2 decimals, rounded half-up at the indicator. */
  points: string;
  max: string;
  rule: 'linear' | 'target' | 'monitoring';
  /** The target in percent for target-based (and monitoring with a stated target) indicators. */
  target: string | null;
  status: IndicatorStatus;
  /** The zero-denominator rule that decided the points; null when the ratio was computed normally. */
  zeroDenominatorRule: 'zeroPoints' | 'fullPoints' | 'previousYearShare' | null;
  provisional: boolean;
}

export interface GroupScore {
  score: string;
  max: string;
  /** Competition rank of the group score among the units given. */
  rank: number;
  /** False when the input had no counts for the group. */
  provided: boolean;
  provisional: boolean;
  indicators: IndicatorScore[];
}

export interface UnitScore {
  unitId: string;
  groups: Record<GroupId, GroupScore>;
  total: string;
  max: string;
  rank: number;
  /** The class of the total; null when some group had no counts (a partial total is not classified). */
  class: string | null;
  classProvisional: boolean;
  /** Groups the input gave no counts for: their points are 0 and the class is withheld. */
  missingGroups: GroupId[];
  /** Any provisional rule or class contributed to this unit's result. */
  provisional: boolean;
}

export interface ProvisionalRule {
  group: GroupId | null;
  code: string;
  reason: string;
}

export interface ScoreSuccess {
  ok: true;
  period: string | null;
  ruleVersion: { id: string; validFrom: string; validTo: string | null; legalBasis: string; source: string };
  units: UnitScore[];
  /** Every rule of the version that is provisional, with the reason (shown to users as such). */
  provisionalRules: ProvisionalRule[];
}

export type ScoreProblemCode =
  | 'invalidPeriod'
  | 'noRuleVersion'
  | 'periodSpansVersions'
  | 'duplicateUnit'
  | 'unknownGroup'
  | 'unknownCount'
  | 'countMissing'
  | 'countInvalid'
  | 'numeratorAboveDenominator';

export interface ScoreProblem {
  code: ScoreProblemCode;
  /** Dotted path into the input: "period", "units.0.counts.progress.onTime". */
  path: string;
  params: Record<string, string | number>;
}

export type ScoreResult = ScoreSuccess | { ok: false; problems: ScoreProblem[] };

// ---- conversions -------------------------------------------------------------------------------------------------

/** Linear rule (methodology §3.3): max × ratio, capped at max and floored at 0; exact. */
export function linearPoints(maxPoints: Decimal | string | number, ratio: Decimal): Decimal {
  return mul(maxPoints, max(ZERO, min(ONE, ratio)));
}

/** Target-based rule (methodology §3.3): max if ratio ≥ target, else max × ratio / target; exact. */
export function targetPoints(maxPoints: Decimal | string | number, ratio: Decimal, target: Decimal | string): Decimal {
  if (gte(ratio, target)) return dec(maxPoints);
  return mul(maxPoints, div(max(ZERO, ratio), target));
}

// ---- version selection -------------------------------------------------------------------------------------------

type Selected = { ok: true; version: RuleVersion; period: Period | null } | { ok: false; problem: ScoreProblem };

/** The version whose validity contains the whole period; without a period, the newest one. */
export function selectVersion(versions: readonly RuleVersion[], periodText: string | null | undefined): Selected {
  if (versions.length === 0) return { ok: false, problem: { code: 'noRuleVersion', path: 'period', params: { period: periodText ?? '' } } };
  if (periodText == null) {
    const newest = [...versions].sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0))[0];
    return { ok: true, version: newest, period: null };
  }
  const period = parsePeriod(periodText);
  if (!period) return { ok: false, problem: { code: 'invalidPeriod', path: 'period', params: { period: periodText } } };
  const covers = (v: RuleVersion) => v.validFrom <= period.start && (v.validTo === null || period.end <= v.validTo);
  const overlaps = (v: RuleVersion) => v.validFrom < period.end && (v.validTo === null || period.start < v.validTo);
  const found = versions.find(covers);
  if (found) return { ok: true, version: found, period };
  const touched = versions.filter(overlaps).map((v) => v.id);
  if (touched.length > 0)
    return { ok: false, problem: { code: 'periodSpansVersions', path: 'period', params: { period: periodText, versions: touched.join(', ') } } };
  return { ok: false, problem: { code: 'noRuleVersion', path: 'period', params: { period: periodText } } };
}

/**
 * Consistency of a rule version: indicator maxima sum to the group max, group maxima to 100 (methodology §3.1),
 * classes highest first, targets in (0, 1]. Returns the problems as text (empty = consistent).
 */
export function checkVersion(v: RuleVersion): string[] {
  const out: string[] = [];
  const groupIds = v.groups.map((g) => g.id);
  if (groupIds.join() !== GROUP_IDS.join()) out.push(`${v.id}: groups must be ${GROUP_IDS.join(', ')} in that order`);
  for (const g of v.groups) {
    const s = sum(g.indicators.map((i) => i.max));
    if (compare(s, g.max) !== 0) out.push(`${v.id}/${g.id}: indicator maxima sum to ${s}, group max is ${g.max}`);
    for (const i of g.indicators) {
      if (i.points.kind === 'monitoring' && !isZero(i.max)) out.push(`${v.id}/${i.code}: a monitoring indicator has max 0`);
      const t = i.points.kind === 'monitoring' ? i.points.target : i.points.kind === 'target' ? i.points.target : undefined;
      if (t !== undefined && (compare(t, 0) <= 0 || compare(t, 1) > 0)) out.push(`${v.id}/${i.code}: target ${t} must be in (0, 1]`);
    }
  }
  const total = sum(v.groups.map((g) => g.max));
  if (compare(total, 100) !== 0) out.push(`${v.id}: group maxima sum to ${total}, not 100`);
  for (let k = 1; k < v.classes.length; k++) {
    if (compare(v.classes[k].minTotal, v.classes[k - 1].minTotal) >= 0) out.push(`${v.id}: classes must be listed highest first`);
  }
  if (v.validTo !== null && v.validTo <= v.validFrom) out.push(`${v.id}: validTo must be after validFrom`);
  return out;
}

// ---- scoring -----------------------------------------------------------------------------------------------------

type Counts = Readonly<Record<string, number | undefined>>;

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function quantity(q: Quantity, counts: Counts): Decimal {
  if ('count' in q) return dec(counts[q.count] as number);
  if ('maxOf' in q) return max(ZERO, ...q.maxOf.map((k) => dec(counts[k] as number)));
  return max(ZERO, sub(counts[q.remainder] as number, sum(q.minus.map((k) => counts[k] as number))));
}

/** The counts a group needs, and the optional ones (monitoring indicators' counts, the 1.4 fallback count). */
function countNeeds(g: GroupRule): { required: Set<string>; optionalSets: string[][] } {
  const required = new Set<string>();
  const optionalSets: string[][] = [];
  for (const ind of g.indicators) {
    const names = [...quantityCounts(ind.numerator), ...quantityCounts(ind.denominator)];
    if (ind.optional) optionalSets.push(names);
    else for (const n of names) required.add(n);
  }
  return { required, optionalSets };
}

function validateUnit(u: UnitCounts, i: number, version: RuleVersion, problems: ScoreProblem[]): void {
  const base = `units.${i}.counts`;
  for (const key of Object.keys(u.counts)) {
    if (!version.groups.some((g) => g.id === key)) problems.push({ code: 'unknownGroup', path: `${base}.${key}`, params: { group: key } });
  }
  for (const g of version.groups) {
    const counts = u.counts[g.id];
    if (counts === undefined) continue;
    const known = groupCountNames(g);
    for (const key of Object.keys(counts)) {
      if (!known.includes(key)) problems.push({ code: 'unknownCount', path: `${base}.${g.id}.${key}`, params: { group: g.id, count: key } });
    }
    for (const key of known) {
      const v = counts[key];
      if (v !== undefined && !isCount(v)) problems.push({ code: 'countInvalid', path: `${base}.${g.id}.${key}`, params: { count: key } });
    }
    const { required, optionalSets } = countNeeds(g);
    for (const key of required) {
      if (counts[key] === undefined) problems.push({ code: 'countMissing', path: `${base}.${g.id}.${key}`, params: { count: key } });
    }
    for (const set of optionalSets) {
      if (set.some((k) => counts[k] !== undefined)) {
        for (const k of set) {
          if (counts[k] === undefined && !required.has(k)) problems.push({ code: 'countMissing', path: `${base}.${g.id}.${k}`, params: { count: k } });
        }
      }
    }
  }
}

/** numerator ≤ denominator for every indicator whose counts are all valid (per-count problems are reported first). */
function checkRatios(u: UnitCounts, i: number, version: RuleVersion, problems: ScoreProblem[]): void {
  for (const g of version.groups) {
    const counts = u.counts[g.id];
    if (counts === undefined) continue;
    const reported = new Set<string>();
    for (const ind of g.indicators) {
      const names = [...quantityCounts(ind.numerator), ...quantityCounts(ind.denominator)];
      if (!names.every((k) => isCount(counts[k]))) continue;
      const path = (key: string) => `units.${i}.counts.${g.id}.${key}`;
      const den = quantity(ind.denominator, counts);
      if ('remainder' in ind.numerator) {
        // Each part subtracted must fit in the total it is subtracted from (5.3, 5.4).
        for (const part of ind.numerator.minus) {
          if ((counts[part] as number) > (counts[ind.numerator.remainder] as number) && !reported.has(part)) {
            reported.add(part);
            problems.push({
              code: 'numeratorAboveDenominator',
              path: path(part),
              params: { numerator: part, denominator: ind.numerator.remainder, indicator: ind.code },
            });
          }
        }
        continue;
      }
      // With both 1.4 denominators 0 the previous-year share applies instead; the ratio is then capped at 100%.
      if (isZero(den) && ind.zeroDenominator.kind === 'previousYearShare') continue;
      const num = quantity(ind.numerator, counts);
      const numKey = quantityCounts(ind.numerator)[0];
      if (compare(num, den) > 0 && !reported.has(numKey)) {
        reported.add(numKey);
        problems.push({
          code: 'numeratorAboveDenominator',
          path: path(numKey),
          params: { numerator: numKey, denominator: quantityCounts(ind.denominator).join(' | '), indicator: ind.code },
        });
      }
    }
  }
}

const fixed2 = (x: Decimal) => toFixed(x, 2);
const percent = (ratio: Decimal) => toFixed(mul(ratio, HUNDRED), 2);

function scoreIndicator(ind: IndicatorRule, counts: Counts | undefined, period: Period | null): IndicatorScore & { exactPoints: Decimal } {
  const maxPoints = dec(ind.max);
  const rule = ind.points.kind;
  const target = ind.points.kind === 'monitoring' ? ind.points.target : ind.points.kind === 'target' ? ind.points.target : undefined;
  const base = {
    code: ind.code,
    metricCode: ind.metricCode,
    name: ind.name,
    max: fixed2(maxPoints),
    rule,
    target: target === undefined ? null : percent(dec(target)),
  };
  const toPoints = (ratio: Decimal): Decimal =>
    ind.points.kind === 'linear' ? linearPoints(maxPoints, ratio) : ind.points.kind === 'target' ? targetPoints(maxPoints, ratio, ind.points.target) : ZERO;
  const names = [...quantityCounts(ind.numerator), ...quantityCounts(ind.denominator)];
  const hasData = counts !== undefined && names.every((k) => counts[k] !== undefined);
  const status: IndicatorStatus = hasData ? 'computed' : 'noData';
  const numerator = hasData ? quantity(ind.numerator, counts) : null;
  const denominator = hasData ? quantity(ind.denominator, counts) : null;

  if (numerator !== null && denominator !== null && !isZero(denominator)) {
    const ratio = div(numerator, denominator);
    const points = roundHalfUp(toPoints(ratio), 2);
    return {
      ...base,
      numerator: toExactString(numerator),
      denominator: toExactString(denominator),
      ratio: percent(ratio),
      points: fixed2(points),
      exactPoints: points,
      status,
      zeroDenominatorRule: null,
      provisional: ind.provisional,
    };
  }

  // Zero denominator, or no data: the indicator's own rule (qd766_indicators.json denominator_zero, 1.4 detail).
  const zr = ind.zeroDenominator;
  const zeroStatus: IndicatorStatus = hasData ? 'zeroDenominator' : 'noData';
  const shown = { numerator: numerator === null ? null : toExactString(numerator), denominator: denominator === null ? null : toExactString(denominator) };
  // A monitoring indicator has no points to decide.
  if (ind.points.kind === 'monitoring') {
    return {
      ...base,
      ...shown,
      ratio: null,
      points: fixed2(ZERO),
      exactPoints: ZERO,
      status: zeroStatus,
      zeroDenominatorRule: null,
      provisional: ind.provisional,
    };
  }
  if (zr.kind === 'previousYearShare') {
    const previous = counts?.[zr.count];
    if (hasData && previous !== undefined && previous > 0 && period?.perYear != null) {
      // "dùng số năm trước /12 (tháng), /4 (quý)": the expected count for one period of this kind.
      const share = div(previous, period.perYear);
      const ratio = min(ONE, div(numerator as Decimal, share));
      const points = roundHalfUp(toPoints(ratio), 2);
      return {
        ...base,
        numerator: shown.numerator,
        denominator: toExactString(share),
        ratio: percent(ratio),
        points: fixed2(points),
        exactPoints: points,
        status: zeroStatus,
        zeroDenominatorRule: 'previousYearShare',
        provisional: ind.provisional || zr.provisional,
      };
    }
    // "không có số năm trước -> 0"
    return {
      ...base,
      ...shown,
      ratio: null,
      points: fixed2(ZERO),
      exactPoints: ZERO,
      status: zeroStatus,
      zeroDenominatorRule: 'zeroPoints',
      provisional: ind.provisional || zr.provisional,
    };
  }
  const points = zr.kind === 'fullPoints' ? maxPoints : ZERO;
  return {
    ...base,
    ...shown,
    ratio: null,
    points: fixed2(points),
    exactPoints: points,
    status: zeroStatus,
    zeroDenominatorRule: zr.kind,
    provisional: ind.provisional || zr.provisional,
  };
}

/** The class of a total (methodology §3.2): the first class, highest first, whose minTotal ≤ total. */
export function classifyTotal(version: RuleVersion, total: DecimalInput): { name: string | null; provisional: boolean } {
  for (const c of version.classes) if (compare(c.minTotal, total) <= 0) return { name: c.name, provisional: c.provisional };
  return { name: null, provisional: false };
}

/** Scores every unit with the rule version of the period (see the module comment). Writes nothing, reads no clock. */
export function scoreUnits(input: ScoreInput, options: ScoreOptions = {}): ScoreResult {
  const selected = selectVersion(options.versions ?? QD766_VERSIONS, options.period);
  if (!selected.ok) return { ok: false, problems: [selected.problem] };
  const { version, period } = selected;

  const problems: ScoreProblem[] = [];
  const seen = new Map<string, number>();
  input.units.forEach((u, i) => {
    if (seen.has(u.unitId)) problems.push({ code: 'duplicateUnit', path: `units.${i}.unitId`, params: { unitId: u.unitId } });
    else seen.set(u.unitId, i);
    const before = problems.length;
    validateUnit(u, i, version, problems);
    if (problems.length === before) checkRatios(u, i, version, problems);
  });
  if (problems.length > 0) return { ok: false, problems };

  const totalMax = sum(version.groups.map((g) => g.max));
  const scored = input.units.map((u) => {
    const groups = version.groups.map((g) => {
      const counts = u.counts[g.id];
      const indicators = g.indicators.map((ind) => scoreIndicator(ind, counts, period));
      const score = sum(indicators.map((x) => x.exactPoints));
      return { id: g.id, g, counts, indicators, score };
    });
    const total = sum(groups.map((x) => x.score));
    return { u, groups, total };
  });

  const totalRanks = rankDescending(scored.map((s) => s.total));
  const groupRanks = version.groups.map((_, k) => rankDescending(scored.map((s) => s.groups[k].score)));

  const units: UnitScore[] = scored.map((s, idx) => {
    const groups = {} as Record<GroupId, GroupScore>;
    s.groups.forEach((x, k) => {
      const indicators: IndicatorScore[] = x.indicators.map(({ exactPoints: _, ...rest }) => rest);
      groups[x.id] = {
        score: fixed2(x.score),
        max: fixed2(dec(x.g.max)),
        rank: groupRanks[k][idx] as number,
        provided: x.counts !== undefined,
        provisional: indicators.some((ind) => ind.provisional),
        indicators,
      };
    });
    const missingGroups = s.groups.filter((x) => x.counts === undefined).map((x) => x.id);
    // A class says how a unit serves people on the whole index; on a partial total it would understate it.
    const cls = missingGroups.length === 0 ? classifyTotal(version, s.total) : { name: null, provisional: false };
    return {
      unitId: s.u.unitId,
      groups,
      total: fixed2(s.total),
      max: fixed2(totalMax),
      rank: totalRanks[idx] as number,
      class: cls.name,
      classProvisional: cls.provisional,
      missingGroups,
      provisional: cls.provisional || Object.values(groups).some((g) => g.provisional),
    };
  });

  // The version's provisional rules, plus each provisional zero-denominator rule that decided some unit's points.
  const provisionalRules: ProvisionalRule[] = [];
  for (const g of version.groups) {
    g.indicators.forEach((ind, j) => {
      if (ind.provisional) provisionalRules.push({ group: g.id, code: ind.code, reason: ind.provisionalReason ?? ind.source });
      const applied = units.some((u) => u.groups[g.id].indicators[j].zeroDenominatorRule !== null);
      if (ind.zeroDenominator.provisional && applied) {
        provisionalRules.push({ group: g.id, code: `${ind.code}/zeroDenominator`, reason: ind.zeroDenominator.source });
      }
    });
  }
  for (const c of version.classes) if (c.provisional) provisionalRules.push({ group: null, code: `class/${c.name}`, reason: c.source });

  return {
    ok: true,
    period: period?.text ?? null,
    ruleVersion: { id: version.id, validFrom: version.validFrom, validTo: version.validTo, legalBasis: version.legalBasis, source: version.source },
    units,
    provisionalRules,
  };
}

// ---- counts from several sources ------------------------------------------------------------------------------------

/** The counts a group reads: the required ones, and the optional ones (which come as whole sets or not at all). */
export function groupCountFields(version: RuleVersion, group: GroupId): { name: string; required: boolean }[] {
  const g = version.groups.find((x) => x.id === group);
  if (!g) return [];
  const { required } = countNeeds(g);
  return groupCountNames(g).map((name) => ({ name, required: required.has(name) }));
}

export interface CombinedCounts {
  /** Only the groups whose required counts are all there: what the scorer is given. */
  counts: UnitCounts['counts'];
  /** Per group with some counts but not all required ones: the missing names (the group is left out and scores 0). */
  missing: Partial<Record<GroupId, string[]>>;
  /** Every group's known counts, complete or not (for checking entries). */
  merged: UnitCounts['counts'];
}

/**
 * Combines a unit's counts from its dossiers (derived) with counts entered by hand for the period, e.g. read off the
 * national portal (entered; they win where both give a count). A group is passed on only when every required count
 * is known, because a partly known group cannot be scored; the missing names are returned so that they can be asked
 * for. Unknown names are dropped (the entry path refuses them first).
 */
export function combineCounts(version: RuleVersion, derived: UnitCounts['counts'], entered: UnitCounts['counts']): CombinedCounts {
  const counts: Partial<Record<GroupId, Record<string, number>>> = {};
  const missing: Partial<Record<GroupId, string[]>> = {};
  const all: Partial<Record<GroupId, Record<string, number>>> = {};
  for (const g of version.groups) {
    const names = groupCountNames(g);
    const merged: Record<string, number> = {};
    for (const source of [derived[g.id], entered[g.id]]) {
      for (const [k, v] of Object.entries(source ?? {})) if (names.includes(k) && isCount(v)) merged[k] = v;
    }
    if (Object.keys(merged).length === 0) continue;
    all[g.id] = { ...merged };
    const { required, optionalSets } = countNeeds(g);
    const lacking = [...required].filter((k) => merged[k] === undefined);
    // an optional set given in part is dropped rather than failing the group
    for (const set of optionalSets) if (set.some((k) => merged[k] === undefined)) for (const k of set) if (!required.has(k)) delete merged[k];
    if (lacking.length > 0) missing[g.id] = lacking;
    else counts[g.id] = merged;
  }
  return { counts, missing, merged: all };
}

/**
 * Numerator-above-denominator problems of a unit's counts, for every indicator whose counts are all given, whether or
 * not their group is complete (an entry is checked as soon as it is made). Paths as the scorer gives them.
 */
export function countRatioProblems(version: RuleVersion, counts: UnitCounts['counts']): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  checkRatios({ unitId: '', counts }, 0, version, problems);
  return problems;
}
