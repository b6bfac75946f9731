/**
 * Data-derived leaves (source "data", method `Dữ liệu: <indicator>`): the indicators the system itself measures and
 * how a measure becomes points. The same catalogue serves the PAR Index (e.g. the inspection-coverage sub-criterion,
 * methodology §1.5 "tỷ lệ cơ quan, đơn vị được kiểm tra CCHC ≥ 30%" [I]) and the evaluation of heads of agencies,
 * whose inputs come from PAR results, task completion and inspection findings (issue: "each with provenance").
 *
 * Conversion: points = max × min(1, percent / target), rounded half-up to 2 decimals at the leaf — the proportional
 * method of the framework (`proportionalPoints`), so a data leaf scores exactly like a proportional leaf fed the same
 * percentage. A measure with a zero denominator (nothing to measure) follows the indicator's rule.
 */

import { MIN_COVERAGE_PERCENT } from '../plans/inspections.ts';
import { type Decimal, dec, div, HUNDRED, mul, ZERO } from '../shared/decimal.ts';
import { proportionalPoints } from './scoring.ts';

export const DATA_INDICATOR_IDS = [
  'par.index',
  'par.indexPreviousYear',
  'plans.task_completion',
  'plans.finding_resolution',
  'plans.inspection_coverage',
  '766.total',
  '766.onTimeRate',
  '766.onlineRate',
  '766.digitisationRate',
  '766.onlinePaymentRate',
] as const;
export type DataIndicatorId = (typeof DATA_INDICATOR_IDS)[number];

export interface DataIndicator {
  id: DataIndicatorId;
  labelVi: string;
  labelEn: string;
  /** full points at or above this percentage */
  targetPercent: number;
  /** what a zero denominator earns: full points (nothing was due, nothing was lost) or nothing */
  onZeroDenominator: 'max' | 'zero';
  /** 'unit': measured per assessed unit; 'province': one figure for the whole province, given to every unit */
  scope: 'unit' | 'province';
}

export const DATA_INDICATORS: Readonly<Record<DataIndicatorId, DataIndicator>> = {
  'par.index': {
    id: 'par.index',
    labelVi: 'Chỉ số CCHC của đơn vị trong năm (đã công bố)',
    labelEn: "The unit's published PAR Index of the year",
    targetPercent: 100,
    onZeroDenominator: 'zero',
    scope: 'unit',
  },
  'par.indexPreviousYear': {
    id: 'par.indexPreviousYear',
    labelVi: 'Chỉ số CCHC của đơn vị năm trước liền kề (đã công bố)',
    labelEn: "The unit's published PAR Index of the previous year",
    targetPercent: 100,
    onZeroDenominator: 'zero',
    scope: 'unit',
  },
  'plans.task_completion': {
    id: 'plans.task_completion',
    labelVi: 'Tỷ lệ nhiệm vụ CCHC đến hạn trong năm đã hoàn thành (đơn vị chủ trì)',
    labelEn: 'Share of the reform tasks due in the year that the unit (as lead) completed',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
  'plans.finding_resolution': {
    id: 'plans.finding_resolution',
    labelVi: 'Tỷ lệ tồn tại, hạn chế qua kiểm tra CCHC trong năm đã khắc phục',
    labelEn: 'Share of the findings of the year’s PAR inspections that were remedied',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
  'plans.inspection_coverage': {
    id: 'plans.inspection_coverage',
    labelVi: `Tỷ lệ cơ quan, đơn vị được kiểm tra CCHC trong năm (đạt từ ${MIN_COVERAGE_PERCENT}%)`,
    labelEn: `Share of units given a PAR inspection in the year (full points from ${MIN_COVERAGE_PERCENT}%)`,
    targetPercent: MIN_COVERAGE_PERCENT,
    onZeroDenominator: 'zero',
    scope: 'province',
  },
  '766.total': {
    id: '766.total',
    labelVi: 'Điểm Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) của đơn vị trong năm',
    labelEn: 'The unit’s Decision 766 service index total of the year (of 100)',
    targetPercent: 100,
    onZeroDenominator: 'zero',
    scope: 'unit',
  },
  '766.onTimeRate': {
    id: '766.onTimeRate',
    labelVi: 'Tỷ lệ hồ sơ TTHC tiếp nhận trong năm giải quyết đúng hạn',
    labelEn: 'Share of the dossiers received in the year handled on time',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
  '766.onlineRate': {
    id: '766.onlineRate',
    labelVi: 'Tỷ lệ hồ sơ trực tuyến toàn trình trong năm',
    labelEn: 'Share of the dossiers of full-online procedures submitted online in the year',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
  '766.digitisationRate': {
    id: '766.digitisationRate',
    labelVi: 'Tỷ lệ hồ sơ TTHC được số hóa trong năm',
    labelEn: 'Share of the dossiers digitised in the year',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
  '766.onlinePaymentRate': {
    id: '766.onlinePaymentRate',
    labelVi: 'Tỷ lệ hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến trong năm',
    labelEn: 'Share of the dossiers with a financial obligation paid online in the year',
    targetPercent: 100,
    onZeroDenominator: 'max',
    scope: 'unit',
  },
};

export function dataIndicator(id: string): DataIndicator | null {
  return Object.hasOwn(DATA_INDICATORS, id) ? DATA_INDICATORS[id as DataIndicatorId] : null;
}

/** A measured value: a count ratio (e.g. 12 of 15 tasks) or a percentage already published (a PAR index of 87.45). */
export type DataMeasure = { numerator: number; denominator: number } | { percent: string };

/** The measure as an exact percentage, or null when its denominator is 0. */
export function measurePercent(m: DataMeasure): Decimal | null {
  if ('percent' in m) return dec(m.percent);
  if (m.denominator === 0) return null;
  return mul(div(m.numerator, m.denominator), HUNDRED);
}

/** Points of a data leaf with maximum `max` for the measure, by the indicator's target and zero-denominator rule. */
export function dataLeafPoints(indicator: DataIndicator, max: Decimal, m: DataMeasure): Decimal {
  const percent = measurePercent(m);
  if (percent === null) return indicator.onZeroDenominator === 'max' ? max : ZERO;
  return proportionalPoints(max, percent, dec(indicator.targetPercent));
}
