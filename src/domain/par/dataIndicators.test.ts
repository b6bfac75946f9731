import { describe, expect, it } from 'vitest';
import { dec, toFixed } from '../shared/decimal.ts';
import { DATA_INDICATOR_IDS, DATA_INDICATORS, dataIndicator, dataLeafPoints, measurePercent } from './dataIndicators.ts';

const pts = (id: string, max: string, m: Parameters<typeof dataLeafPoints>[2]) => toFixed(dataLeafPoints(dataIndicator(id)!, dec(max), m), 2);

describe('data-derived leaves', () => {
  it('scores a count ratio like the portal scores a linear indicator (methodology §3.3 worked figures)', () => {
    // Tiến độ: 1652/2270 = 72.78% → 14.56 of 20; an indicator of 2 points: 87/89 = 97.75% → 1.96
    expect(pts('766.onTimeRate', '20', { numerator: 1652, denominator: 2270 })).toBe('14.56');
    expect(pts('plans.task_completion', '2', { numerator: 87, denominator: 89 })).toBe('1.96');
  });

  it('rounds half-up once, at the leaf, from the exact ratio', () => {
    // 20 × 1/8 = 2.5 exactly; 7 × 1/3 = 2.333… → 2.33; 35 × 2/3 = 23.333… → 23.33; 1 × 5/8 = 0.625 → 0.63
    expect(pts('plans.task_completion', '20', { numerator: 1, denominator: 8 })).toBe('2.50');
    expect(pts('plans.finding_resolution', '7', { numerator: 1, denominator: 3 })).toBe('2.33');
    expect(pts('plans.task_completion', '35', { numerator: 2, denominator: 3 })).toBe('23.33');
    expect(pts('plans.task_completion', '1', { numerator: 5, denominator: 8 })).toBe('0.63');
  });

  it('takes a published index as a percentage', () => {
    // 35 × 87.45% = 30.6075 → 30.61
    expect(pts('par.indexPreviousYear', '35', { percent: '87.45' })).toBe('30.61');
    expect(pts('766.total', '10', { percent: '71.5' })).toBe('7.15');
  });

  it('gives full points to inspection coverage from 30 % and proportional points below', () => {
    // 41/135 = 30.37 % ≥ 30 → max; 40/135 = 29.63 % → 1 × (40/135) / 0.30 = 0.98765… → 0.99
    expect(pts('plans.inspection_coverage', '1', { numerator: 41, denominator: 135 })).toBe('1.00');
    expect(pts('plans.inspection_coverage', '1', { numerator: 40, denominator: 135 })).toBe('0.99');
    expect(pts('plans.inspection_coverage', '2', { numerator: 0, denominator: 135 })).toBe('0.00');
  });

  it('follows each indicator’s rule for a zero denominator', () => {
    // nothing was due, nothing was found: nothing lost
    expect(pts('plans.task_completion', '20', { numerator: 0, denominator: 0 })).toBe('20.00');
    expect(pts('plans.finding_resolution', '7', { numerator: 0, denominator: 0 })).toBe('7.00');
    // no unit to inspect: nothing earned
    expect(pts('plans.inspection_coverage', '1', { numerator: 0, denominator: 0 })).toBe('0.00');
    expect(measurePercent({ numerator: 3, denominator: 0 })).toBeNull();
  });

  it('has a complete, bilingual catalogue and knows no other ids', () => {
    for (const id of DATA_INDICATOR_IDS) {
      const d = DATA_INDICATORS[id];
      expect(d.id).toBe(id);
      expect(d.labelVi.length).toBeGreaterThan(10);
      expect(d.labelEn.length).toBeGreaterThan(10);
    }
    expect(dataIndicator('766.unknown')).toBeNull();
    expect(dataIndicator('toString')).toBeNull();
  });
});
