import { type Framework, type FrameworkNode, type LeafInput, type ScoreProblem, scoreLeaf, validateLeafPoints } from '../../domain/par/index.ts';
import { toFixed } from '../../domain/shared/decimal.ts';
import type { MessageCode } from '../../server/messages.ts';
import { type StoredFramework, type StoredNode, shortDecimal } from './repo.ts';

export type LeafCheck = { ok: true; points: string } | { ok: false; problem: MessageCode; params: Record<string, string> };

export function domainNode(n: StoredNode): FrameworkNode {
  return {
    code: n.code,
    parentCode: n.parentCode,
    title: n.title,
    maxPoints: n.maxPoints,
    source: n.source,
    kind: n.kind,
    method: (n.method ?? undefined) as FrameworkNode['method'],
    guidance: n.guidance ?? undefined,
    evidenceRequired: n.evidenceRequired,
    order: n.order,
  };
}

/** A stored framework as the domain computes it, with its index settings: one conversion for every computation. */
export function domainFramework(fw: Pick<StoredFramework, 'nodes' | 'classes' | 'indexDenominator' | 'withoutSurvey'>): Framework {
  return { nodes: fw.nodes.map(domainNode), classes: fw.classes, indexDenominator: fw.indexDenominator, withoutSurvey: fw.withoutSurvey };
}

/** Vietnamese users type a decimal comma. */
function normalise(points: string | number): string | number {
  return typeof points === 'string' ? points.trim().replace(',', '.') : points;
}

function problemMessage(p: ScoreProblem): LeafCheck & { ok: false } {
  const params = p.params as Record<string, unknown>;
  switch (p.code) {
    case 'tooManyDecimals':
      return { ok: false, problem: 'par_points_precision', params: {} };
    case 'aboveMax':
    case 'aboveCap':
    case 'aboveZero':
      return { ok: false, problem: 'par_points_above_max', params: { points: String(params.value), max: String(params.max ?? params.cap ?? '0') } };
    case 'belowZero':
      return { ok: false, problem: 'par_points_below_min', params: { points: String(params.value), min: '0' } };
    case 'belowFloor':
      return { ok: false, problem: 'par_points_below_min', params: { points: String(params.value), min: `-${params.floor}` } };
    case 'surveyNotSelfScored':
      return { ok: false, problem: 'par_survey_not_self_scored', params: {} };
    default:
      return { ok: false, problem: 'par_points_invalid', params: {} };
  }
}

/**
 * Checks points for a leaf. Units and appraisers score only self-assessed leaves: survey-derived points come from the
 * survey (methodology §1.3: "Không tự đánh giá, chấm điểm đối với các tiêu chí đánh giá qua điều tra xã hội học") and
 * data-derived points from the module that measured them.
 */
export function checkLeafPoints(node: StoredNode, points: string | number | null, purpose: 'self' | 'appraisal' | 'derived'): LeafCheck {
  if (purpose !== 'derived' && node.source === 'survey') return { ok: false, problem: 'par_survey_not_self_scored', params: {} };
  if (purpose !== 'derived' && node.source === 'data') return { ok: false, problem: 'par_data_not_editable', params: {} };
  if (points === null || points === '') return { ok: false, problem: 'par_points_invalid', params: {} };
  const r = validateLeafPoints(domainNode(node), normalise(points));
  if (!r.ok) return problemMessage(r.problem);
  return { ok: true, points: shortDecimal(toFixed(r.points, 2)) };
}

/** Scores a leaf from its method's input (a level, a percentage, a count, yes/no). */
export function checkLeafInput(node: StoredNode, input: Record<string, unknown>): LeafCheck {
  if (node.source === 'survey') return { ok: false, problem: 'par_survey_not_self_scored', params: {} };
  if (node.source === 'data') return { ok: false, problem: 'par_data_not_editable', params: {} };
  const r = scoreLeaf(domainNode(node), input as LeafInput);
  if (!r.ok) return problemMessage(r.problem);
  return { ok: true, points: shortDecimal(toFixed(r.points, 2)) };
}
