/**
 * Survey indices (SIPAS, PAR sociological survey), exact.
 *
 * Methodology §2.4 and sipas_structure.json ("index_computation", inferred, not verified):
 * - answers use the 5-level scale; levels 4 (Hài lòng) and 5 (Rất hài lòng) count as satisfied;
 * - element index = share of valid answers at level 4–5 among the valid answers of that element, in %;
 * - overall index = mean of the element indices.
 * The reference states the element index both as "% of respondents answering Hài lòng or Rất hài lòng about that
 * element" (methodology §2.4) and as "% of valid answers that are Hài lòng or Rất hài lòng" (sipas_structure.json);
 * with several questions per element the two differ. This module implements the documented per-answer reading (each
 * valid answer counts once) and marks every result provisional until the official formula (1001/QĐ-BNV) is
 * confirmed. A version may choose `meanScoreOver5` instead: element index = mean level / 5, in %.
 *
 * "Elements" are the sections that hold 5-level questions: a SIPAS element, or for the free sections of the PAR
 * survey forms the section id. Excluded responses never count. Values are exact fractions, rounded half-up to 2
 * decimals once, at output; the overall index is the mean of the exact element values of the elements that have
 * answers.
 *
 * Margins of error are statistical estimates (floating point, 95 %, normal approximation), not official results:
 * - element, shareSatisfied: 1.96 · √(p(1−p)/n), n = respondents with a valid answer in the element;
 * - otherwise (meanScoreOver5 elements, overall): 1.96 · s/√n with s the sample standard deviation of the
 *   respondents' own values (their share satisfied or mean level / 5, overall: the mean of their element values);
 * - times the finite-population correction √((N−n)/(N−1)) when the frame size N is known; in percentage points.
 */

import { rankDescending } from '../par/ranking.ts';
import { type Decimal, div, fromScaledInteger, HUNDRED, mul, sub, sum, toFixed, toNumber, toScaledInteger } from '../shared/decimal.ts';
import { type Answers, type FormulaKind, type QuestionnaireContent, SCALE5_SATISFIED_MIN } from './questionnaire.ts';

export const PROVISIONAL_NOTE =
  'Công thức SIPAS chưa được xác nhận (QĐ 1001/QĐ-BNV): chỉ số yếu tố = tỷ lệ câu trả lời hợp lệ ở mức 4–5; chỉ số chung = trung bình các yếu tố. ' +
  'Provisional: element index = share of valid answers at level 4–5; overall = mean of elements (methodology §2.4, unconfirmed).';

export interface IndexResponse {
  unitId: string;
  answers: Answers;
  excluded?: boolean;
}

export interface IndexCell {
  /** exact value in % (null: no valid answer) */
  exact: Decimal | null;
  /** rounded half-up to 2 decimals, text */
  value: string | null;
  /** valid answers counted */
  answers: number;
  /** respondents with at least one valid answer */
  n: number;
  /** 95 % margin of error in percentage points, 2 decimals */
  marginOfError: string | null;
}

export interface IndexRow {
  key: string;
  respondents: number;
  frameSize: number | null;
  elements: Record<string, IndexCell>;
  overall: IndexCell;
}

/** The element keys of a questionnaire: sections with 5-level questions, in order. */
export function indexElements(q: Pick<QuestionnaireContent, 'sections'>): { key: string; questionIds: string[] }[] {
  const out: { key: string; questionIds: string[] }[] = [];
  for (const s of q.sections) {
    const ids = s.questions.filter((x) => x.type === 'scale5').map((x) => x.id);
    if (ids.length === 0) continue;
    const key = s.element ?? s.id;
    const existing = out.find((e) => e.key === key);
    if (existing) existing.questionIds.push(...ids);
    else out.push({ key, questionIds: ids });
  }
  return out;
}

const isLevel = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;

function sd(values: number[]): number {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
}

function fpc(n: number, frameSize: number | null): number {
  if (frameSize === null || frameSize <= 1) return 1;
  if (n >= frameSize) return 0;
  return Math.sqrt((frameSize - n) / (frameSize - 1));
}

/** A float percentage-point margin as text with 2 decimals, rounded half-up on the decimal text. */
function moeText(x: number): string {
  // 6 decimals of the float first, then the exact half-up rounding of that text.
  return toFixed(x.toFixed(6), 2);
}

function cell(exact: Decimal | null, answers: number, n: number, moe: number | null): IndexCell {
  return { exact, value: exact === null ? null : toFixed(exact, 2), answers, n, marginOfError: moe === null || !Number.isFinite(moe) ? null : moeText(moe) };
}

/** Indices of one set of responses (a unit, a group, the province). */
export function computeRow(
  q: Pick<QuestionnaireContent, 'sections'>,
  formula: FormulaKind,
  responses: readonly IndexResponse[],
  key: string,
  frameSize: number | null,
): IndexRow {
  const elements = indexElements(q);
  const valid = responses.filter((r) => !r.excluded);
  const out: Record<string, IndexCell> = {};
  const exactValues: Decimal[] = [];
  // per respondent: element → own value (0..1)
  const own = valid.map(() => new Map<string, number>());
  for (const e of elements) {
    let count = 0;
    let satisfied = 0;
    let levelSum = 0;
    let respondents = 0;
    const perRespondent: number[] = [];
    valid.forEach((r, i) => {
      let c = 0;
      let s = 0;
      let l = 0;
      for (const id of e.questionIds) {
        const v = r.answers[id];
        if (!isLevel(v)) continue;
        c++;
        l += v;
        if (v >= SCALE5_SATISFIED_MIN) s++;
      }
      if (c === 0) return;
      respondents++;
      count += c;
      satisfied += s;
      levelSum += l;
      const value = formula === 'shareSatisfied' ? s / c : l / (5 * c);
      perRespondent.push(value);
      own[i].set(e.key, value);
    });
    if (count === 0) {
      out[e.key] = cell(null, 0, 0, null);
      continue;
    }
    const exact = formula === 'shareSatisfied' ? div(mul(HUNDRED, BigInt(satisfied)), BigInt(count)) : div(mul(HUNDRED, BigInt(levelSum)), BigInt(5 * count));
    exactValues.push(exact);
    let moe: number | null = null;
    if (respondents >= 2) {
      const f = fpc(respondents, frameSize);
      if (formula === 'shareSatisfied') {
        const p = toNumber(exact) / 100;
        // 196 = 1.96 (z for 95 %) × 100 (percentage points)
        moe = 196 * Math.sqrt((p * (1 - p)) / respondents) * f;
      } else {
        moe = 196 * (sd(perRespondent) / Math.sqrt(respondents)) * f;
      }
    }
    out[e.key] = cell(exact, count, respondents, moe);
  }
  const overallExact = exactValues.length === 0 ? null : div(sum(exactValues), BigInt(exactValues.length));
  const overallOwn = own.filter((m) => m.size > 0).map((m) => [...m.values()].reduce((s, x) => s + x, 0) / m.size);
  const overallMoe = overallOwn.length >= 2 ? 196 * (sd(overallOwn) / Math.sqrt(overallOwn.length)) * fpc(overallOwn.length, frameSize) : null;
  const answered = elements.reduce((s, e) => s + (out[e.key]?.answers ?? 0), 0);
  return {
    key,
    respondents: valid.length,
    frameSize,
    elements: out,
    overall: cell(overallExact, answered, overallOwn.length, overallMoe),
  };
}

export interface IndexUnit {
  unitId: string;
  frameSize: number | null;
  groupCodes: string[];
}

export interface IndicesResult {
  formula: FormulaKind;
  provisional: true;
  elements: string[];
  province: IndexRow;
  groups: IndexRow[];
  units: (IndexRow & { rank: number | null })[];
}

const sumFrames = (units: readonly IndexUnit[]): number | null =>
  units.every((u) => u.frameSize !== null) ? units.reduce((s, u) => s + (u.frameSize ?? 0), 0) : null;

/**
 * Indices per unit, per group of units and for the province (pooled responses of the units concerned), with a
 * league table of the units by overall index (competition ranking on the 2-decimal values, units without an index
 * are not ranked).
 */
export function computeIndices(
  q: Pick<QuestionnaireContent, 'sections'>,
  formula: FormulaKind,
  units: readonly IndexUnit[],
  responses: readonly IndexResponse[],
): IndicesResult {
  const byUnit = new Map<string, IndexResponse[]>();
  for (const r of responses) {
    let list = byUnit.get(r.unitId);
    if (!list) {
      list = [];
      byUnit.set(r.unitId, list);
    }
    list.push(r);
  }
  const unitRows = units.map((u) => computeRow(q, formula, byUnit.get(u.unitId) ?? [], u.unitId, u.frameSize));
  const ranks = rankDescending(unitRows.map((r) => r.overall.value));
  const groupCodes = [...new Set(units.flatMap((u) => u.groupCodes))].sort();
  const groups = groupCodes.map((g) => {
    const members = units.filter((u) => u.groupCodes.includes(g));
    return computeRow(
      q,
      formula,
      members.flatMap((u) => byUnit.get(u.unitId) ?? []),
      g,
      sumFrames(members),
    );
  });
  const unitIds = new Set(units.map((u) => u.unitId));
  const province = computeRow(
    q,
    formula,
    responses.filter((r) => unitIds.has(r.unitId)),
    'province',
    sumFrames(units),
  );
  return {
    formula,
    provisional: true,
    elements: indexElements(q).map((e) => e.key),
    province,
    groups,
    units: unitRows.map((r, i) => ({ ...r, rank: ranks[i] })),
  };
}

/** Change against last year, on the published (2-decimal) values, so that the shown numbers add up. */
export function changeOf(current: string | null, previous: string | null): string | null {
  if (current === null || previous === null) return null;
  const a = toScaledInteger(current, 2);
  const b = toScaledInteger(previous, 2);
  if (a === null || b === null) return toFixed(sub(current, previous), 2);
  return toFixed(fromScaledInteger(a - b, 2), 2);
}

/** Points of a survey-derived PAR leaf: max × index / 100, rounded half-up to 2 decimals (from the exact index). */
export function leafPoints(maxPoints: string, index: Decimal): string {
  return toFixed(div(mul(maxPoints, index), HUNDRED), 2);
}
