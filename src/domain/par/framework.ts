/**
 * PAR Index framework (Bộ chỉ số / Bộ tiêu chí): the versioned criteria tree of one year and one unit group, its
 * validation, and the compiled tree the scoring and roll-up use.
 *
 * The tree is data, never code: the national structure changed in 2020 (QĐ 1149/1150/QĐ-BNV), 2022 (QĐ 876/QĐ-BNV:
 * cấp tỉnh 8 lĩnh vực / 37 tiêu chí / 88 TCTP, 100 points of which 32 by survey) and 2024 (QĐ 892/QĐ-BNV), and every
 * province makes its own variants for sở and xã (methodology §1.2, §1.5). Levels (methodology §1.2, glossary):
 * roots are areas (lĩnh vực), their children criteria (tiêu chí), then sub-criteria (tiêu chí thành phần); a node
 * without children is a leaf and is the only thing that receives a score; some criteria are leaves themselves.
 * Sums roll up from leaf to criterion to area (methodology §1.3, "sums are rolled up from TCTP to TC to lĩnh vực").
 *
 * Node kinds:
 *  - 'normal' nodes carry the framework's points. A normal parent's maxPoints must equal the sum of its normal
 *    children's maxPoints (exactly).
 *  - 'bonus' (điểm thưởng) and 'penalty' (điểm trừ) nodes sit outside the 100 points (methodology §1.3, observed
 *    provincial software: "bonus and penalty points with per-year caps"). Their maxPoints is a cap: the most a bonus
 *    subtree can add, or the most a penalty subtree can take away. Children of a bonus/penalty node must declare the
 *    same kind (kind is not inherited, so a node read on its own says what it is); their caps may sum to more than
 *    the parent's cap, which then limits the subtree.
 *
 * Sources (methodology §1.3 "Two sources of points"): 'self' = self-assessed then appraised; 'survey' = scored only
 * from the sociological survey (ĐTXHH), never self-scored; 'data' = taken from another module (e.g. the 766 index)
 * with provenance.
 */

import { add, compare, type Decimal, decimalPlaces, HUNDRED, toExactString, tryDec, ZERO } from '../shared/decimal.ts';

export type NodeSource = 'self' | 'survey' | 'data';
export type NodeKind = 'normal' | 'bonus' | 'penalty';
/** A number as data: a decimal string ("62.62") or a JS number. Read exactly with `dec`. */
export type Num = string | number;

export interface Level {
  label: string;
  points: Num;
}

/**
 * A band of a percentage scale. The value (in %) falls in a band when value ≥ minPercent, or value > minPercent when
 * `minExclusive` is true; a leaf earns the points of the highest band it falls in, and 0 below every band.
 * Inclusive is the default because Vietnamese rules read "từ X%" (from X, inclusive); "trên X%" (above X) is
 * exclusive and must say so. Cà Mau QĐ 1880/QĐ-UBND 2013, TCTP 1.1.4 "Thực hiện trên 90% kế hoạch: 2; Thực hiện
 * từ 70% - 90% kế hoạch: 1; Dưới 70% kế hoạch: 0" is
 * `[{ minPercent: 0, points: 0 }, { minPercent: 70, points: 1 }, { minPercent: 90, minExclusive: true, points: 2 }]`
 * (90% itself is in "từ 70% - 90%", so it earns 1).
 */
export interface Band {
  minPercent: Num;
  points: Num;
  minExclusive?: boolean;
}

/** What a ratio-based leaf earns when its denominator is 0 (nothing to measure): full points, nothing, or (absent) refuse. */
export type ZeroDenominatorRule = 'max' | 'zero';

export type ScoringMethod =
  /** Points entered directly, 0..max (penalty leaves: −max..0). */
  | { type: 'direct' }
  /** Pick one level ("Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0"). */
  | { type: 'levels'; levels: Level[] }
  /** A percentage mapped to points by bands (see Band). */
  | { type: 'bands'; bands: Band[]; onZeroDenominator?: ZeroDenominatorRule }
  /** points = max × min(1, value / target), target in % (default 100), rounded half-up to 2 decimals at the leaf. */
  | { type: 'proportional'; targetPercent?: Num; onZeroDenominator?: ZeroDenominatorRule }
  /** points = min(cap ?? max, n × pointsPerItem). */
  | { type: 'count'; pointsPerItem: Num; cap?: Num }
  /** yes → max, no → 0. */
  | { type: 'boolean' }
  /** Penalty: −n × pointsPerItem, not below −floor. */
  | { type: 'deduction'; pointsPerItem: Num; floor: Num }
  /** Bonus points 0..cap. */
  | { type: 'bonus'; cap: Num }
  /** points = max × survey index; comes from the survey, never self-scored. */
  | { type: 'survey' }
  /** Points computed by another module (indicator id), carried with provenance. */
  | { type: 'data'; indicator: string };

export type ScoringMethodType = ScoringMethod['type'];

export interface FrameworkNode {
  code: string;
  parentCode: string | null;
  title?: string;
  maxPoints: Num;
  source: NodeSource;
  kind?: NodeKind;
  /** Leaves only; absent or null on nodes with children (a leaf without one uses effectiveMethod's default). */
  method?: ScoringMethod | null;
  guidance?: string | null;
  evidenceRequired?: boolean;
  /** Position among siblings; siblings without `order` follow, in array order. */
  order?: number;
}

/** A classification threshold, e.g. { name: 'Nhóm A', minIndex: 90 }. Listed from the highest minIndex down. */
export interface ClassRule {
  name: string;
  minIndex: Num;
}

export interface Framework {
  nodes: FrameworkNode[];
  classes: ClassRule[];
  /**
   * The index denominator when the framework sets one (e.g. "100" although bonus areas exist); by default the sum of
   * the normal roots' maxima.
   */
  indexDenominator?: Num | null;
  /**
   * A cycle run without the survey part (methodology §1.3): 'rescale' divides by the maximum of the parts actually
   * assessed (Hà Nội, Nam Định: 63 of 70 → 90.00 %); 'keepDenominator' keeps the full denominator, so the survey
   * points are simply missing.
   */
  withoutSurvey?: 'rescale' | 'keepDenominator';
}

/** Deepest level accepted: area → criterion → sub-criterion → one further breakdown. */
export const MAX_DEPTH = 4;
/** Points (maxima, level points, caps…) are data with at most 2 decimals, like published scores. */
export const POINT_DECIMALS = 2;

const SOURCES: readonly string[] = ['self', 'survey', 'data'];
const KINDS: readonly string[] = ['normal', 'bonus', 'penalty'];
const METHOD_TYPES: readonly string[] = ['direct', 'levels', 'bands', 'proportional', 'count', 'boolean', 'deduction', 'bonus', 'survey', 'data'];

/** Which methods each kind of leaf may use. */
export const METHODS_FOR_KIND: Readonly<Record<NodeKind, readonly ScoringMethodType[]>> = {
  normal: ['direct', 'levels', 'bands', 'proportional', 'count', 'boolean', 'survey', 'data'],
  bonus: ['bonus', 'direct', 'levels', 'count', 'boolean'],
  penalty: ['deduction', 'direct'],
};

export type NodeLevel = 'area' | 'criterion' | 'subCriterion';

/** Depth 1 = area (lĩnh vực), 2 = criterion (tiêu chí), 3 and 4 = sub-criterion (tiêu chí thành phần). */
export function levelOf(depth: number): NodeLevel {
  return depth <= 1 ? 'area' : depth === 2 ? 'criterion' : 'subCriterion';
}

// ---------------------------------------------------------------------------------------------------------------
// Problems

export type MethodInvalidReason =
  | 'unknownType'
  | 'notANumber'
  | 'tooManyDecimals'
  | 'negative'
  | 'notPositive'
  | 'aboveMax'
  | 'levelsEmpty'
  | 'emptyLabel'
  | 'duplicateLabel'
  | 'bandsEmpty'
  | 'bandsUnsorted'
  | 'bandsOverlap'
  | 'badOption'
  | 'notForKind'
  | 'emptyIndicator';

export type ClassesInvalidReason = 'emptyName' | 'duplicateName' | 'badMinIndex' | 'outOfRange' | 'unsorted' | 'duplicateMinIndex';

/**
 * A framework problem: a code, the node it concerns (null for framework-wide problems) and the parameters a
 * Vietnamese message needs. Messages themselves are rendered elsewhere (i18n).
 */
export type FrameworkProblem =
  | { code: 'emptyFramework'; nodeCode: null; params: Record<string, never> }
  | { code: 'badCode'; nodeCode: null; params: { index: number } }
  | { code: 'duplicateCode'; nodeCode: string; params: { count: number } }
  | { code: 'orphan'; nodeCode: string; params: { parentCode: string } }
  | { code: 'cycle'; nodeCode: string; params: { path: string[] } }
  | { code: 'tooDeep'; nodeCode: string; params: { depth: number; maxDepth: number } }
  | { code: 'badAttribute'; nodeCode: string; params: { attribute: 'source' | 'kind'; value: string } }
  | { code: 'badMax'; nodeCode: string; params: { value: string; reason: 'notANumber' | 'tooManyDecimals' } }
  | { code: 'negativeMax'; nodeCode: string; params: { maxPoints: string } }
  | { code: 'sumMismatch'; nodeCode: string; params: { maxPoints: string; childrenSum: string; children: string[] } }
  | { code: 'kindMismatch'; nodeCode: string; params: { kind: NodeKind; parentCode: string; parentKind: NodeKind } }
  | { code: 'methodOnNonLeaf'; nodeCode: string; params: { method: string } }
  | {
      code: 'methodInvalid';
      nodeCode: string;
      params: { method: string; reason: MethodInvalidReason; field?: string; index?: number; value?: string };
    }
  | { code: 'surveySourceMismatch'; nodeCode: string; params: { source: string; method: string } }
  | { code: 'classesInvalid'; nodeCode: null; params: { reason: ClassesInvalidReason; index: number; name: string; value?: string } };

export type FrameworkProblemCode = FrameworkProblem['code'];

/** Thrown only by helpers that cannot return problems (frameworkMax); everything else returns them. */
export class FrameworkInvalidError extends Error {
  readonly problems: FrameworkProblem[];
  constructor(problems: FrameworkProblem[]) {
    super(`Invalid framework: ${problems.map((p) => (p.nodeCode ? `${p.code}(${p.nodeCode})` : p.code)).join(', ')}`);
    this.name = 'FrameworkInvalidError';
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Small readers shared with scoring

function show(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

type NumRead = { ok: true; value: Decimal } | { ok: false; reason: 'notANumber' | 'tooManyDecimals'; value: string };

/** Reads a number from data; points have at most POINT_DECIMALS decimals, percentages up to 6. */
export function readNum(value: unknown, maxDecimals: number = POINT_DECIMALS): NumRead {
  if (typeof value !== 'string' && typeof value !== 'number') return { ok: false, reason: 'notANumber', value: show(value) };
  const d = tryDec(value, { maxDecimals: Number.POSITIVE_INFINITY });
  if (d === null) return { ok: false, reason: 'notANumber', value: show(value) };
  if ((decimalPlaces(d) ?? Number.POSITIVE_INFINITY) > maxDecimals) return { ok: false, reason: 'tooManyDecimals', value: show(value) };
  return { ok: true, value: d };
}

export function nodeKind(node: FrameworkNode): NodeKind {
  return node.kind ?? 'normal';
}

/**
 * The method a leaf is scored with: its own, or by default 'survey' for survey-sourced leaves, 'bonus' (cap = max)
 * for bonus leaves, and 'direct' otherwise (penalty leaves: −max..0).
 */
export function effectiveMethod(node: FrameworkNode): ScoringMethod {
  if (node.method) return node.method;
  if (node.source === 'survey') return { type: 'survey' };
  if (node.kind === 'bonus') return { type: 'bonus', cap: node.maxPoints };
  return { type: 'direct' };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Problems of a leaf's scoring method (`maxPoints` already read, or null when unreadable). Used by validation and by
 * scoreLeaf, so a method is judged by one function.
 */
export function methodProblems(node: FrameworkNode, maxPoints: Decimal | null): FrameworkProblem[] {
  const out: FrameworkProblem[] = [];
  const method = effectiveMethod(node) as unknown;
  const code = node.code;
  const type = isRecord(method) && typeof method.type === 'string' ? method.type : show(isRecord(method) ? method.type : method);
  const bad = (reason: MethodInvalidReason, extra: { field?: string; index?: number; value?: string } = {}) =>
    out.push({ code: 'methodInvalid', nodeCode: code, params: { method: type, reason, ...extra } });
  if (!isRecord(method) || !METHOD_TYPES.includes(type)) {
    bad('unknownType');
    return out;
  }
  const kind = nodeKind(node);
  if (KINDS.includes(kind) && !METHODS_FOR_KIND[kind].includes(type as ScoringMethodType)) bad('notForKind', { value: kind });
  if ((node.source === 'survey') !== (type === 'survey')) {
    out.push({ code: 'surveySourceMismatch', nodeCode: code, params: { source: show(node.source), method: type } });
  }
  // A number field: readable, ≥ 0 (or > 0), and within the node's max when it is points.
  const points = (field: string, value: unknown, opts: { positive?: boolean; withinMax?: boolean; index?: number; percent?: boolean }) => {
    const r = readNum(value, opts.percent ? 6 : POINT_DECIMALS);
    const where = opts.index === undefined ? { field } : { field, index: opts.index };
    if (!r.ok) {
      bad(r.reason, { ...where, value: r.value });
      return null;
    }
    if (opts.positive ? compare(r.value, ZERO) <= 0 : compare(r.value, ZERO) < 0) {
      bad(opts.positive ? 'notPositive' : 'negative', { ...where, value: toExactString(r.value) });
      return null;
    }
    if (opts.withinMax && maxPoints && compare(r.value, maxPoints) > 0) {
      bad('aboveMax', { ...where, value: toExactString(r.value) });
      return null;
    }
    return r.value;
  };
  const zeroRule = (v: unknown) => {
    if (v !== undefined && v !== 'max' && v !== 'zero') bad('badOption', { field: 'onZeroDenominator', value: show(v) });
  };
  const m = method;
  switch (type) {
    case 'levels': {
      const levels = m.levels;
      if (!Array.isArray(levels) || levels.length === 0) {
        bad('levelsEmpty');
        break;
      }
      const labels = new Set<string>();
      levels.forEach((level: unknown, index) => {
        const l = isRecord(level) ? level : {};
        if (typeof l.label !== 'string' || l.label.trim() === '') bad('emptyLabel', { index });
        else if (labels.has(l.label)) bad('duplicateLabel', { index, value: l.label });
        else labels.add(l.label);
        points('points', l.points, { withinMax: true, index });
      });
      break;
    }
    case 'bands': {
      const bands = m.bands;
      zeroRule(m.onZeroDenominator);
      if (!Array.isArray(bands) || bands.length === 0) {
        bad('bandsEmpty');
        break;
      }
      let prev: { min: Decimal; exclusive: boolean } | null = null;
      bands.forEach((band: unknown, index) => {
        const b = isRecord(band) ? band : {};
        const min = points('minPercent', b.minPercent, { percent: true, index });
        points('points', b.points, { withinMax: true, index });
        if (b.minExclusive !== undefined && typeof b.minExclusive !== 'boolean')
          bad('badOption', { field: 'minExclusive', index, value: show(b.minExclusive) });
        const exclusive = b.minExclusive === true;
        if (min && prev) {
          const c = compare(min, prev.min);
          // Equal thresholds are only meaningful as "= X" then "> X".
          if (c < 0) bad('bandsUnsorted', { index, value: toExactString(min) });
          else if (c === 0 && (prev.exclusive || !exclusive)) bad('bandsOverlap', { index, value: toExactString(min) });
        }
        if (min) prev = { min, exclusive };
      });
      break;
    }
    case 'proportional':
      zeroRule(m.onZeroDenominator);
      if (m.targetPercent !== undefined) points('targetPercent', m.targetPercent, { positive: true, percent: true });
      break;
    case 'count':
      points('pointsPerItem', m.pointsPerItem, { positive: true });
      if (m.cap !== undefined) points('cap', m.cap, { positive: true, withinMax: true });
      break;
    case 'deduction':
      points('pointsPerItem', m.pointsPerItem, { positive: true });
      points('floor', m.floor, { positive: true, withinMax: true });
      break;
    case 'bonus':
      points('cap', m.cap, { positive: true, withinMax: true });
      break;
    case 'data':
      if (typeof m.indicator !== 'string' || m.indicator.trim() === '') bad('emptyIndicator', { field: 'indicator' });
      break;
    default:
      break; // direct, boolean, survey: nothing to check
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree

export interface TreeNode {
  readonly code: string;
  readonly node: FrameworkNode;
  readonly parent: TreeNode | null;
  readonly children: readonly TreeNode[];
  /** 1 for areas. */
  readonly depth: number;
  readonly level: NodeLevel;
  readonly kind: NodeKind;
  readonly source: NodeSource;
  /** The declared maxPoints, exact. For bonus/penalty nodes: the cap. */
  readonly max: Decimal;
  readonly isLeaf: boolean;
  /** The effective scoring method (leaves only). */
  readonly method: ScoringMethod | null;
  /** Position in pre-order (parents before children, siblings by `order`). */
  readonly seq: number;
}

export interface ClassThreshold {
  name: string;
  minIndex: Decimal;
}

export interface FrameworkTree {
  readonly framework: Framework;
  readonly roots: readonly TreeNode[];
  /** All nodes in pre-order. */
  readonly nodes: readonly TreeNode[];
  /** Leaves in pre-order. */
  readonly leaves: readonly TreeNode[];
  readonly byCode: ReadonlyMap<string, TreeNode>;
  /** Classification thresholds, highest minIndex first. */
  readonly classes: readonly ClassThreshold[];
}

export type BuildTreeResult = { ok: true; tree: FrameworkTree } | { ok: false; problems: FrameworkProblem[] };

interface Entry {
  node: FrameworkNode;
  index: number;
}

function siblingOrder(a: Entry, b: Entry): number {
  const oa = typeof a.node.order === 'number' ? a.node.order : Number.POSITIVE_INFINITY;
  const ob = typeof b.node.order === 'number' ? b.node.order : Number.POSITIVE_INFINITY;
  return oa !== ob ? (oa < ob ? -1 : 1) : a.index - b.index;
}

function isRoot(node: FrameworkNode): boolean {
  return node.parentCode === null || node.parentCode === undefined;
}

/** Children lists by parent code (null key = roots), siblings sorted; duplicate codes after the first are ignored. */
function indexNodes(fw: Framework): { byCode: Map<string, Entry>; children: Map<string | null, Entry[]>; duplicates: Map<string, number> } {
  const byCode = new Map<string, Entry>();
  const duplicates = new Map<string, number>();
  const nodes = Array.isArray(fw?.nodes) ? fw.nodes : [];
  nodes.forEach((node, index) => {
    if (!isRecord(node) || typeof node.code !== 'string' || node.code.trim() === '') return;
    if (byCode.has(node.code)) duplicates.set(node.code, (duplicates.get(node.code) ?? 1) + 1);
    else byCode.set(node.code, { node, index });
  });
  const children = new Map<string | null, Entry[]>();
  for (const entry of byCode.values()) {
    const key = isRoot(entry.node) ? null : entry.node.parentCode;
    let list = children.get(key);
    if (!list) {
      list = [];
      children.set(key, list);
    }
    list.push(entry);
  }
  for (const list of children.values()) list.sort(siblingOrder);
  return { byCode, children, duplicates };
}

/** The framework's classification thresholds, checked: names non-empty and unique, minIndex in [0, 100], strictly descending. */
function readClasses(fw: Framework, problems: FrameworkProblem[]): ClassThreshold[] {
  const out: ClassThreshold[] = [];
  const classes = Array.isArray(fw?.classes) ? fw.classes : [];
  const names = new Set<string>();
  let prev: Decimal | null = null;
  classes.forEach((rule, index) => {
    const name = isRecord(rule) && typeof rule.name === 'string' ? rule.name : '';
    const bad = (reason: ClassesInvalidReason, value?: string) =>
      problems.push({ code: 'classesInvalid', nodeCode: null, params: value === undefined ? { reason, index, name } : { reason, index, name, value } });
    if (name.trim() === '') bad('emptyName');
    else if (names.has(name)) bad('duplicateName');
    names.add(name);
    const r = readNum(isRecord(rule) ? rule.minIndex : undefined, 6);
    if (!r.ok) {
      bad('badMinIndex', r.value);
      return;
    }
    if (compare(r.value, ZERO) < 0 || compare(r.value, HUNDRED) > 0) bad('outOfRange', toExactString(r.value));
    if (prev) {
      const c = compare(r.value, prev);
      if (c > 0) bad('unsorted', toExactString(r.value));
      else if (c === 0) bad('duplicateMinIndex', toExactString(r.value));
    }
    prev = r.value;
    out.push({ name, minIndex: r.value });
  });
  return out;
}

/**
 * Validates the framework and compiles it into a tree. All problems are collected (not just the first); the tree is
 * returned only when there are none.
 */
export function buildTree(fw: Framework): BuildTreeResult {
  const problems: FrameworkProblem[] = [];
  const nodes = Array.isArray(fw?.nodes) ? fw.nodes : [];
  if (nodes.length === 0) problems.push({ code: 'emptyFramework', nodeCode: null, params: {} });
  nodes.forEach((node, index) => {
    if (!isRecord(node) || typeof node.code !== 'string' || node.code.trim() === '') problems.push({ code: 'badCode', nodeCode: null, params: { index } });
  });
  const { byCode, children, duplicates } = indexNodes(fw);
  for (const [code, count] of duplicates) problems.push({ code: 'duplicateCode', nodeCode: code, params: { count } });

  // Attributes and maxima.
  const maxima = new Map<string, Decimal>();
  for (const [code, { node }] of byCode) {
    if (!SOURCES.includes(node.source)) problems.push({ code: 'badAttribute', nodeCode: code, params: { attribute: 'source', value: show(node.source) } });
    if (node.kind !== undefined && !KINDS.includes(node.kind))
      problems.push({ code: 'badAttribute', nodeCode: code, params: { attribute: 'kind', value: show(node.kind) } });
    const r = readNum(node.maxPoints);
    if (!r.ok) problems.push({ code: 'badMax', nodeCode: code, params: { value: r.value, reason: r.reason } });
    else if (compare(r.value, ZERO) < 0) problems.push({ code: 'negativeMax', nodeCode: code, params: { maxPoints: toExactString(r.value) } });
    else maxima.set(code, r.value);
  }

  // Parents: orphans and cycles.
  const state = new Map<string, 1 | 2>(); // 1 = on the current walk, 2 = done
  for (const [code, { node }] of byCode) {
    if (!isRoot(node) && !byCode.has(node.parentCode as string))
      problems.push({ code: 'orphan', nodeCode: code, params: { parentCode: show(node.parentCode) } });
    if (state.has(code)) continue;
    const chain: string[] = [];
    let cur: string | null = code;
    while (cur !== null) {
      const s = state.get(cur);
      if (s === 2) break;
      if (s === 1) {
        const path = chain.slice(chain.indexOf(cur));
        const first = [...path].sort()[0];
        problems.push({ code: 'cycle', nodeCode: first, params: { path } });
        break;
      }
      state.set(cur, 1);
      chain.push(cur);
      const parent: FrameworkNode = (byCode.get(cur) as Entry).node;
      cur = isRoot(parent) || !byCode.has(parent.parentCode as string) ? null : (parent.parentCode as string);
    }
    for (const c of chain) state.set(c, 2);
  }

  // Per node: kinds, sums, methods.
  for (const [code, { node }] of byCode) {
    const kids = children.get(code) ?? [];
    const kind = nodeKind(node);
    const parent = isRoot(node) ? undefined : byCode.get(node.parentCode as string);
    if (parent) {
      const parentKind = nodeKind(parent.node);
      if (parentKind !== 'normal' && kind !== parentKind && KINDS.includes(parentKind)) {
        problems.push({ code: 'kindMismatch', nodeCode: code, params: { kind, parentCode: parent.node.code, parentKind } });
      }
    }
    if (kids.length > 0) {
      if (node.method !== undefined && node.method !== null)
        problems.push({ code: 'methodOnNonLeaf', nodeCode: code, params: { method: show(isRecord(node.method) ? node.method.type : node.method) } });
      const max = maxima.get(code);
      if (kind === 'normal' && max) {
        const normal = kids.filter((k) => nodeKind(k.node) === 'normal');
        const values = normal.map((k) => maxima.get(k.node.code));
        if (values.every((v) => v !== undefined)) {
          const total = values.reduce<Decimal>((a, v) => add(a, v as Decimal), ZERO);
          if (compare(total, max) !== 0) {
            problems.push({
              code: 'sumMismatch',
              nodeCode: code,
              params: { maxPoints: toExactString(max), childrenSum: toExactString(total), children: normal.map((k) => k.node.code) },
            });
          }
        }
      }
    } else {
      problems.push(...methodProblems(node, maxima.get(code) ?? null));
    }
  }

  // Depth, and the pre-order tree (only reachable nodes: orphans and cycles are already problems).
  type MutableNode = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { children: TreeNode[] };
  const ordered: MutableNode[] = [];
  const seen = new Set<string>();
  const visit = (entry: Entry, parent: MutableNode | null, depth: number) => {
    const { node } = entry;
    if (seen.has(node.code)) return;
    seen.add(node.code);
    if (depth === MAX_DEPTH + 1) problems.push({ code: 'tooDeep', nodeCode: node.code, params: { depth, maxDepth: MAX_DEPTH } });
    const kids = children.get(node.code) ?? [];
    const t: MutableNode = {
      code: node.code,
      node,
      parent,
      children: [],
      depth,
      level: levelOf(depth),
      kind: nodeKind(node),
      source: node.source,
      max: maxima.get(node.code) ?? ZERO,
      isLeaf: kids.length === 0,
      method: kids.length === 0 ? effectiveMethod(node) : null,
      seq: ordered.length,
    };
    ordered.push(t);
    if (parent) parent.children.push(t);
    for (const k of kids) visit(k, t, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, null, 1);

  const classes = readClasses(fw, problems);
  if (problems.length > 0) return { ok: false, problems };
  const tree: FrameworkTree = {
    framework: fw,
    roots: ordered.filter((n) => n.parent === null),
    nodes: ordered,
    leaves: ordered.filter((n) => n.isLeaf),
    byCode: new Map(ordered.map((n) => [n.code, n as TreeNode])),
    classes,
  };
  return { ok: true, tree };
}

/** All problems of a framework (empty when valid). See FrameworkProblem for the codes. */
export function validateFramework(fw: Framework): FrameworkProblem[] {
  const r = buildTree(fw);
  return r.ok ? [] : r.problems;
}

/** Children of a node (or the roots for null), siblings ordered by `order` then array position. Works on invalid frameworks too. */
export function childrenOf(fw: Framework, code: string | null): FrameworkNode[] {
  return (indexNodes(fw).children.get(code) ?? []).map((e) => e.node);
}

/** Leaf codes in pre-order, reachable from the roots. Works on invalid frameworks (unreachable nodes are skipped). */
export function leafCodes(fw: Framework): string[] {
  const { children } = indexNodes(fw);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (node: FrameworkNode) => {
    if (seen.has(node.code)) return;
    seen.add(node.code);
    const kids = children.get(node.code) ?? [];
    if (kids.length === 0) out.push(node.code);
    for (const k of kids) visit(k.node);
  };
  for (const root of children.get(null) ?? []) visit(root.node);
  return out;
}

/** Is this leaf counted when the survey is (not) included? Survey-sourced leaves drop out without a survey. */
export function isIncluded(leaf: TreeNode, surveyIncluded: boolean): boolean {
  return surveyIncluded || leaf.source !== 'survey';
}

/**
 * The maximum each normal node contributes, given whether the survey component is included: the sum of its included
 * normal leaves' maxPoints. With the survey included this equals the declared maxPoints (validation guarantees the
 * sums); without it, survey-sourced leaves and their maxima are dropped — methodology §1.3, rule to implement:
 * "index = (appraised + survey) / (max_appraised + max_survey_included) × 100"; Hà Nội: "kết quả thẩm định điểm tự
 * chấm là kết quả chỉ số, được quy về thang điểm 100". Bonus and penalty nodes get their declared cap.
 */
export function nodeMaxima(tree: FrameworkTree, surveyIncluded: boolean): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const n = tree.nodes[i];
    if (n.kind !== 'normal') {
      out.set(n.code, n.max);
    } else if (n.isLeaf) {
      out.set(n.code, isIncluded(n, surveyIncluded) ? n.max : ZERO);
    } else {
      let total = ZERO;
      for (const c of n.children) if (c.kind === 'normal') total = add(total, out.get(c.code) as Decimal);
      out.set(n.code, total);
    }
  }
  return out;
}

/** The index denominator: sum of the roots' normal maxima (100 in the national frameworks), less the survey part when it is not included. */
export function treeMax(tree: FrameworkTree, surveyIncluded: boolean): Decimal {
  const maxima = nodeMaxima(tree, surveyIncluded);
  let total = ZERO;
  for (const r of tree.roots) if (r.kind === 'normal') total = add(total, maxima.get(r.code) as Decimal);
  return total;
}

/** frameworkMax(fw, { surveyIncluded }) — see treeMax. Throws FrameworkInvalidError for an invalid framework. */
export function frameworkMax(fw: Framework, options: { surveyIncluded: boolean }): Decimal {
  const r = buildTree(fw);
  if (!r.ok) throw new FrameworkInvalidError(r.problems);
  return treeMax(r.tree, options.surveyIncluded);
}
