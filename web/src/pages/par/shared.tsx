// Helpers shared by the PAR Index screens: labels and colours of stages/statuses, number formatting,
// the criteria tree, and a client-side preview of how a scoring method turns an input into points.

import { Badge, type BadgeProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchUnitGroups, queryKeys } from '../../api/endpoints';
import type { AssessmentStatus, ClassRule, FrameworkNode, LeafScore, ParStage, Purpose, ScoringMethod } from '../../api/par';
import i18n, { groupName } from '../../i18n';
import { foldText } from '../../i18n/format';

// ---- numbers ----

function locale(): string {
  return i18n.language === 'en' ? 'en-US' : 'vi-VN';
}

/** Parse a decimal typed with a comma or a dot ("1,5" / "1.5"); null when empty or not a number. */
export function parseDecimal(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = value.trim().replace(/\s/g, '').replace(',', '.');
  if (s === '' || !/^-?\d*(\.\d*)?$/.test(s) || s === '-' || s === '.') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Points or index with exactly 2 decimals in the UI language: 89.457 → "89,46" (vi) / "89.46" (en). */
export function fmt2(value: string | number | null | undefined): string {
  const n = parseDecimal(value ?? null);
  if (n === null) return '—';
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

/** A number with at most 2 decimals (percent thresholds, targets): 90 → "90", 12.5 → "12,5". */
export function fmtNum(value: string | number | null | undefined): string {
  const n = parseDecimal(value ?? null);
  if (n === null) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
}

/** A signed change with 2 decimals: "+1,25" / "−0,50". */
export function fmtSigned(value: string | number | null | undefined): string {
  const n = parseDecimal(value ?? null);
  if (n === null) return '—';
  const s = fmt2(Math.abs(n));
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : s;
}

/** Index in percent: "89,46%". */
export function fmtPct(value: string | number | null | undefined): string {
  const s = fmt2(value);
  return s === '—' ? s : `${s}%`;
}

/** Integer in the UI language. */
export function fmtInt(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** File size: 1.2 MB / 340 KB. */
export function fmtSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} KB`;
}

/** The decimal separator typed in number inputs. */
export function decimalSeparator(): string {
  return i18n.language === 'en' ? '.' : ',';
}

/** Points as the API wants them: a dot and at most 2 decimals. */
export function toApiPoints(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** Hundredths (integers) so that sums of points stay exact. */
export function toHundredths(v: string | number | null | undefined): number | null {
  const n = parseDecimal(v ?? null);
  return n === null ? null : Math.round(n * 100);
}

// ---- stages, statuses, classes ----

export const STAGE_COLOR: Record<ParStage, string> = {
  selfAssessment: 'blue',
  appraisal: 'orange',
  explanation: 'grape',
  reappraisal: 'pink',
  council: 'teal',
  published: 'green',
};

export const STATUS_COLOR: Record<AssessmentStatus, string> = {
  draft: 'gray',
  returned: 'red',
  submitted: 'blue',
  appraised: 'orange',
  explained: 'grape',
  reappraised: 'pink',
  finalised: 'teal',
  published: 'green',
};

export function StageBadge({ stage, ...rest }: { stage: ParStage } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={STAGE_COLOR[stage] ?? 'gray'} variant="light" {...rest}>
      {t(`par.stage.${stage}`)}
    </Badge>
  );
}

export function StatusBadge({ status, ...rest }: { status: AssessmentStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" {...rest}>
      {t(`par.status.${status}`)}
    </Badge>
  );
}

const CLASS_COLORS = ['green', 'teal', 'blue', 'yellow', 'orange', 'red', 'gray'];

/** Colour of a class by its position in the framework's list (best first). */
export function classColor(name: string | null, classes: readonly ClassRule[] | undefined): string {
  if (!name) return 'gray';
  const sorted = [...(classes ?? [])].sort((a, b) => Number(b.minIndex) - Number(a.minIndex));
  const i = sorted.findIndex((c) => c.name === name);
  if (i < 0) return 'gray';
  if (sorted.length <= 1) return CLASS_COLORS[0];
  // spread the palette over the classes: the best is green, the worst red
  return CLASS_COLORS[Math.round((i / (sorted.length - 1)) * 5)];
}

export function ClassBadge({ name, classes, ...rest }: { name: string | null; classes?: readonly ClassRule[] } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={classColor(name, classes)} variant="light" {...rest}>
      {name ?? t('par.noClass')}
    </Badge>
  );
}

/** Background for a heat-map cell: red (low) → yellow → green (high), light enough for dark text. */
export function heatColor(index: string | number | null | undefined): string {
  const n = parseDecimal(index ?? null);
  if (n === null) return 'var(--mantine-color-gray-1)';
  const t = Math.max(0, Math.min(1, (n - 50) / 50));
  const hue = Math.round(t * 125);
  return `hsl(${hue} 70% ${78 + Math.round(t * 6)}%)`;
}

/** Unit group (khối) names, localised. */
/** Where a cycle's pages lead back to, and its title: the PAR Index or the evaluation of heads of agencies. */
export function usePurposeHome(purpose: Purpose): { to: string; title: string } {
  const { t } = useTranslation();
  return purpose === 'headEvaluation' ? { to: '/head-evaluation', title: t('headEval.title') } : { to: '/par', title: t('par.title') };
}

export function useGroupName(): (code: string) => string {
  const groups = useQuery({ queryKey: queryKeys.unitGroups, queryFn: fetchUnitGroups, staleTime: 10 * 60_000 });
  return (code: string) => {
    const g = groups.data?.find((x) => x.code === code);
    return g ? groupName(g) : code;
  };
}

/** "Khối xã, phường · <framework>" unless the framework's name already names the group. */
export function frameworkLabel(name: string, group: string): string {
  return foldText(name).includes(foldText(group)) ? name : `${group} · ${name}`;
}

// ---- the criteria tree ----

export interface TreeNode {
  node: FrameworkNode;
  children: TreeNode[];
  depth: number;
  isLeaf: boolean;
}

export function buildTree(nodes: readonly FrameworkNode[]): TreeNode[] {
  const byParent = new Map<string | null, FrameworkNode[]>();
  for (const n of nodes) {
    const list = byParent.get(n.parentCode) ?? [];
    list.push(n);
    byParent.set(n.parentCode, list);
  }
  const make = (n: FrameworkNode, depth: number): TreeNode => {
    const kids = (byParent.get(n.code) ?? []).slice().sort((a, b) => a.order - b.order);
    return { node: n, depth, isLeaf: kids.length === 0, children: kids.map((k) => make(k, depth + 1)) };
  };
  return (byParent.get(null) ?? [])
    .slice()
    .sort((a, b) => a.order - b.order)
    .map((n) => make(n, 1));
}

/** Leaves in reading order (pre-order). */
export function leavesOf(tree: readonly TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (t: TreeNode) => {
    if (t.isLeaf) out.push(t);
    else t.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}

/** Codes of the node and its ancestors. */
export function ancestorsOf(code: string, nodes: readonly FrameworkNode[]): string[] {
  const by = new Map(nodes.map((n) => [n.code, n]));
  const out: string[] = [];
  let cur = by.get(code);
  while (cur) {
    out.push(cur.code);
    cur = cur.parentCode ? by.get(cur.parentCode) : undefined;
  }
  return out;
}

/** The points that count at the current step: final, else re-appraised, else appraised, else self. */
export function currentPoints(s: LeafScore | undefined): string | null {
  if (!s) return null;
  return s.finalPoints ?? s.reappraisedPoints ?? s.appraisedPoints ?? s.selfPoints;
}

/** Sum (in hundredths) of the current points of the leaves under every node; null when no leaf below is scored. */
export function rollUp(tree: readonly TreeNode[], scores: ReadonlyMap<string, LeafScore>, pick = currentPoints): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (t: TreeNode): number | null => {
    if (t.isLeaf) {
      const v = toHundredths(pick(scores.get(t.node.code)));
      out.set(t.node.code, v);
      return v;
    }
    let sum: number | null = null;
    for (const c of t.children) {
      const v = walk(c);
      if (v !== null) sum = (sum ?? 0) + v;
    }
    out.set(t.node.code, sum);
    return sum;
  };
  tree.forEach(walk);
  return out;
}

// ---- scoring methods (preview only: the server computes the points that count) ----

export function effectiveMethod(node: FrameworkNode): ScoringMethod {
  if (node.method) return node.method;
  if (node.source === 'survey') return { type: 'survey' };
  if (node.source === 'data') return { type: 'data', indicator: '' };
  if (node.kind === 'bonus') return { type: 'bonus', cap: node.maxPoints };
  return { type: 'direct' };
}

function roundHalfUp2(n: number): number {
  return (Math.sign(n) * Math.round(Math.abs(n) * 100 + 1e-9)) / 100;
}

/** Bands from the lowest threshold up (the API may list them either way). */
export function sortedBands(m: ScoringMethod & { type: 'bands' }) {
  return [...m.bands].sort((a, b) => Number(a.minPercent) - Number(b.minPercent));
}

export type MethodInput =
  | { kind: 'level'; level: number | null }
  | { kind: 'percent'; percent: number | null }
  | { kind: 'count'; count: number | null }
  | { kind: 'yes'; yes: boolean | null }
  | { kind: 'points'; points: number | null };

/** What a scoring method asks for. */
export function inputKind(m: ScoringMethod): MethodInput['kind'] | 'readonly' {
  switch (m.type) {
    case 'levels':
      return 'level';
    case 'bands':
    case 'proportional':
      return 'percent';
    case 'count':
    case 'deduction':
      return 'count';
    case 'boolean':
      return 'yes';
    case 'direct':
    case 'bonus':
      return 'points';
    default:
      return 'readonly';
  }
}

/** Points a method gives for an input, or null when the input is incomplete. */
export function previewPoints(node: FrameworkNode, m: ScoringMethod, input: MethodInput): number | null {
  const max = Number(node.maxPoints);
  switch (input.kind) {
    case 'level': {
      if (m.type !== 'levels' || input.level === null) return null;
      const l = m.levels[input.level];
      return l ? Number(l.points) : null;
    }
    case 'percent': {
      if (input.percent === null) return null;
      if (m.type === 'bands') {
        let pts = 0;
        for (const b of sortedBands(m)) {
          const min = Number(b.minPercent);
          if (input.percent > min || (input.percent === min && b.minExclusive !== true)) pts = Number(b.points);
        }
        return pts;
      }
      if (m.type === 'proportional') {
        const target = m.targetPercent === undefined ? 100 : Number(m.targetPercent);
        return roundHalfUp2(max * Math.min(1, input.percent / target));
      }
      return null;
    }
    case 'count': {
      if (input.count === null) return null;
      if (m.type === 'count') return Math.min(m.cap === undefined ? max : Number(m.cap), input.count * Number(m.pointsPerItem));
      if (m.type === 'deduction') return -Math.min(Number(m.floor), input.count * Number(m.pointsPerItem));
      return null;
    }
    case 'yes':
      return input.yes === null ? null : input.yes ? max : 0;
    case 'points':
      return input.points;
  }
}

/** The request body's `input` for a method input (points go as `points`, not `input`). */
export function toApiInput(input: MethodInput): Record<string, unknown> | null {
  switch (input.kind) {
    case 'level':
      return input.level === null ? null : { level: input.level };
    case 'percent':
      return input.percent === null ? null : { percent: String(input.percent) };
    case 'count':
      return input.count === null ? null : { count: String(input.count) };
    case 'yes':
      return input.yes === null ? null : { yes: input.yes };
    case 'points':
      return null;
  }
}

/** The control's initial state from what was saved. */
export function initialInput(m: ScoringMethod, score: LeafScore | undefined): MethodInput {
  const saved = (score?.selfInput ?? null) as Record<string, unknown> | null;
  const self = parseDecimal(score?.selfPoints ?? null);
  switch (inputKind(m)) {
    case 'level': {
      let level: number | null = null;
      if (saved && typeof saved.level === 'number') level = saved.level;
      else if (saved && typeof saved.level === 'string' && m.type === 'levels') level = m.levels.findIndex((l) => l.label === saved.level);
      else if (self !== null && m.type === 'levels') level = m.levels.findIndex((l) => Number(l.points) === self);
      return { kind: 'level', level: level !== null && level >= 0 ? level : null };
    }
    case 'percent': {
      if (saved && 'percent' in saved) return { kind: 'percent', percent: parseDecimal(saved.percent as string) };
      if (saved && 'numerator' in saved && 'denominator' in saved) {
        const n = parseDecimal(saved.numerator as string);
        const d = parseDecimal(saved.denominator as string);
        return { kind: 'percent', percent: n !== null && d ? Math.round((n / d) * 1e6) / 1e4 : null };
      }
      return { kind: 'percent', percent: null };
    }
    case 'count':
      return { kind: 'count', count: saved && 'count' in saved ? parseDecimal(saved.count as string) : null };
    case 'yes':
      if (saved && typeof saved.yes === 'boolean') return { kind: 'yes', yes: saved.yes };
      return { kind: 'yes', yes: self === null ? null : self > 0 };
    default:
      return { kind: 'points', points: self };
  }
}

/** Lower and upper bounds of the points a leaf accepts. */
export function leafBounds(node: FrameworkNode): { min: number; max: number } {
  const m = effectiveMethod(node);
  const max = Number(node.maxPoints);
  if (node.kind === 'bonus') return { min: 0, max: m.type === 'bonus' ? Number(m.cap) : max };
  if (node.kind === 'penalty') return { min: -(m.type === 'deduction' ? Number(m.floor) : max), max: 0 };
  return { min: 0, max };
}
