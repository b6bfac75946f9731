import { describe, expect, it } from 'vitest';
import { dec, div, toExactString } from '../shared/decimal.ts';
import { CA_MAU, CA_MAU_1_1_4, levelsFromRule, n } from './fixtures.ts';
import type { FrameworkNode, ScoringMethod } from './framework.ts';
import { type LeafInput, type LeafScore, scoreLeaf, validateLeafPoints } from './scoring.ts';

function leaf(maxPoints: string | number, method?: ScoringMethod, extra: Partial<FrameworkNode> = {}): FrameworkNode {
  return n('L', null, maxPoints, method ? { method, ...extra } : extra);
}

/** The points as exact text, or the problem code. */
function pts(r: LeafScore): string {
  return r.ok ? toExactString(r.points) : `!${r.problem.code}`;
}

function score(node: FrameworkNode, input: LeafInput | Record<string, unknown>): string {
  return pts(scoreLeaf(node, input as LeafInput));
}

describe('proportional (766 linear / target-based rules, rounded half-up at the leaf)', () => {
  const linear2 = leaf(2, { type: 'proportional' });

  it('87/89 of 2 points → 1.96 (verified 766 portal example, methodology §3.3)', () => {
    expect(score(linear2, { numerator: 87, denominator: 89 })).toBe('1.96');
    expect(score(linear2, { percent: '97.75' })).toBe('1.96'); // 1.955 exactly → 1.96
    expect(score(linear2, { percent: div(8700, 89) })).toBe('1.96'); // an exact Decimal percent
  });

  it('Tiến độ: 1652/2270 of 20 → 14.56 (Sở Công Thương Phú Thọ, methodology §3.3)', () => {
    expect(score(leaf(20, { type: 'proportional' }), { numerator: 1652, denominator: 2270 })).toBe('14.56');
  });

  it('target-based: full points at or above the target', () => {
    const t80 = leaf(4, { type: 'proportional', targetPercent: 80 });
    expect(score(t80, { percent: 60 })).toBe('3'); // 4 × 60/80
    expect(score(t80, { percent: 80 })).toBe('4');
    expect(score(t80, { percent: 95 })).toBe('4');
    expect(score(leaf(6, { type: 'proportional', targetPercent: 90 }), { percent: '85.5' })).toBe('5.7');
    expect(score(linear2, { percent: 120 })).toBe('2'); // capped at max
    expect(score(linear2, { percent: 0 })).toBe('0');
  });

  it('zero denominator follows the data rule, else is refused', () => {
    expect(score(linear2, { numerator: 0, denominator: 0 })).toBe('!zeroDenominator');
    expect(score(leaf(6, { type: 'proportional', onZeroDenominator: 'max' }), { numerator: 0, denominator: 0 })).toBe('6'); // 766 PAKN: no PAKN → 6
    expect(score(leaf(6, { type: 'proportional', onZeroDenominator: 'zero' }), { numerator: 0, denominator: 0 })).toBe('0');
  });

  it('refuses negative or unreadable values', () => {
    expect(score(linear2, { percent: -1 })).toBe('!negativeValue');
    expect(score(linear2, { numerator: -1, denominator: 4 })).toBe('!negativeValue');
    expect(score(linear2, { percent: 'nhiều' })).toBe('!notANumber');
    expect(score(linear2, { percent: Number.NaN })).toBe('!notANumber');
    expect(score(linear2, { percent: '97.1234567' })).toBe('!tooManyDecimals');
  });
});

describe('bands: Cà Mau QĐ 1880/QĐ-UBND 2013, TCTP 1.1.4', () => {
  const row = CA_MAU.find((r) => r.code === '1.1.4');
  const node = leaf(row?.maxPoints ?? 0, CA_MAU_1_1_4);

  it('the wording is the one the bands encode', () => {
    expect(row?.rule).toBe('Thực hiện trên 90% kế hoạch: 2; Thực hiện từ 70% - 90% kế hoạch: 1; Dưới 70% kế hoạch: 0');
  });

  it('"trên 90%": 2 — strictly above 90', () => {
    expect(score(node, { percent: '90.01' })).toBe('2');
    expect(score(node, { percent: 100 })).toBe('2');
    expect(score(node, { percent: 130 })).toBe('2');
  });

  it('"từ 70% - 90%": 1 — both ends included', () => {
    expect(score(node, { percent: 90 })).toBe('1');
    expect(score(node, { percent: 70 })).toBe('1');
    expect(score(node, { percent: '80.5' })).toBe('1');
    expect(score(node, { numerator: 9, denominator: 10 })).toBe('1'); // exactly 90%
    expect(score(node, { numerator: 901, denominator: 1000 })).toBe('2');
  });

  it('"dưới 70%": 0', () => {
    expect(score(node, { percent: '69.99' })).toBe('0');
    expect(score(node, { percent: 0 })).toBe('0');
    expect(score(node, { numerator: 2, denominator: 3 })).toBe('0'); // 66.67%
  });

  it('below every band earns 0; a zero denominator needs a rule', () => {
    const from50 = leaf(2, { type: 'bands', bands: [{ minPercent: 50, points: 1 }] });
    expect(score(from50, { percent: 49 })).toBe('0');
    expect(score(from50, { numerator: 1, denominator: 0 })).toBe('!zeroDenominator');
    const withRule = leaf(2, { type: 'bands', bands: [{ minPercent: 50, points: 1 }], onZeroDenominator: 'max' });
    expect(score(withRule, { numerator: 0, denominator: 0 })).toBe('2');
  });
});

describe('levels: Cà Mau TCTP 1.1.1 "Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0"', () => {
  const node = leaf(1, levelsFromRule(CA_MAU[2].rule as string));

  it('by index or by exact label', () => {
    expect(score(node, { level: 0 })).toBe('1');
    expect(score(node, { level: 1 })).toBe('0.5');
    expect(score(node, { level: 'Ban hành không kịp thời' })).toBe('0.5');
    expect(score(node, { level: 'Không ban hành' })).toBe('0');
  });

  it('unknown level', () => {
    const r = scoreLeaf(node, { level: 3 });
    expect(r).toEqual({ ok: false, problem: { code: 'unknownLevel', nodeCode: 'L', params: { level: '3', count: 3 } } });
    expect(score(node, { level: 'Ban hành' })).toBe('!unknownLevel');
    expect(score(node, { level: 0.5 })).toBe('!unknownLevel');
    expect(score(node, { level: -1 })).toBe('!unknownLevel');
  });
});

describe('count, boolean, deduction, bonus, data, direct', () => {
  it('count: n × per item, capped by cap or max', () => {
    const node = leaf(2, { type: 'count', pointsPerItem: '0.25' });
    expect(score(node, { count: 3 })).toBe('0.75');
    expect(score(node, { count: 12 })).toBe('2');
    expect(score(leaf(2, { type: 'count', pointsPerItem: '0.25', cap: '1.5' }), { count: 12 })).toBe('1.5');
    expect(score(node, { count: 1.5 })).toBe('!notAnInteger');
    expect(score(node, { count: -1 })).toBe('!negativeValue');
  });

  it('boolean: yes → max, no → 0', () => {
    const node = leaf('1.5', { type: 'boolean' });
    expect(score(node, { yes: true })).toBe('1.5');
    expect(score(node, { yes: false })).toBe('0');
    expect(score(node, { yes: 'có' })).toBe('!wrongInput');
  });

  it('deduction: −n × per item, not below −floor', () => {
    const node = leaf(3, { type: 'deduction', pointsPerItem: '0.5', floor: 2 }, { kind: 'penalty' });
    expect(score(node, { count: 0 })).toBe('0');
    expect(score(node, { count: 3 })).toBe('-1.5');
    expect(score(node, { count: 4 })).toBe('-2');
    expect(score(node, { count: 10 })).toBe('-2'); // floor
  });

  it('bonus: 0..cap', () => {
    const node = leaf(3, { type: 'bonus', cap: 2 }, { kind: 'bonus' });
    expect(score(node, { points: '1.5' })).toBe('1.5');
    expect(scoreLeaf(node, { points: '2.5' })).toEqual({ ok: false, problem: { code: 'aboveCap', nodeCode: 'L', params: { value: '2.5', cap: '2' } } });
    expect(score(node, { points: -1 })).toBe('!belowZero');
    expect(score(n('L', null, 1, { kind: 'bonus' }), { points: 1 })).toBe('1'); // default cap = max
  });

  it('data: a value from another module, within 0..max', () => {
    const node = leaf(6, { type: 'data', indicator: '766.congkhai' }, { source: 'data' });
    expect(score(node, { value: '5.25' })).toBe('5.25');
    expect(score(node, { value: 7 })).toBe('!aboveMax');
    expect(score(node, { points: 5 })).toBe('!wrongInput');
  });

  it('direct (the default): points 0..max, at most 2 decimals', () => {
    const node = leaf(2);
    expect(score(node, { points: '1.75' })).toBe('1.75');
    expect(score(node, { points: 2 })).toBe('2');
    expect(scoreLeaf(node, { points: '2.01' })).toEqual({ ok: false, problem: { code: 'aboveMax', nodeCode: 'L', params: { value: '2.01', max: '2' } } });
    expect(score(node, { points: '-0.01' })).toBe('!belowZero');
    expect(score(node, { points: '1.005' })).toBe('!tooManyDecimals');
    expect(score(node, { points: 'x' })).toBe('!notANumber');
  });

  it('wrong input shape lists what was expected', () => {
    const r = scoreLeaf(leaf(2, { type: 'proportional' }), { count: 3 });
    expect(r).toEqual({
      ok: false,
      problem: {
        code: 'wrongInput',
        nodeCode: 'L',
        params: { method: 'proportional', expected: [['percent'], ['numerator', 'denominator']], received: ['count'] },
      },
    });
    expect(score(leaf(2), null as never)).toBe('!wrongInput');
  });

  it('an invalid node is reported, not scored', () => {
    const r = scoreLeaf(leaf(2, { type: 'levels', levels: [] }), { level: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('methodInvalid');
    expect(r.problem.params).toEqual({ problems: [{ code: 'methodInvalid', nodeCode: 'L', params: { method: 'levels', reason: 'levelsEmpty' } }] });
    expect(score(leaf('ba'), { points: 1 })).toBe('!methodInvalid');
    expect(score(leaf(-2), { points: 1 })).toBe('!methodInvalid');
  });
});

describe('survey leaves', () => {
  const node = n('S', null, 3, { source: 'survey' });

  it('are not self-scored (methodology §1.3)', () => {
    expect(scoreLeaf(node, { points: 3 })).toEqual({ ok: false, problem: { code: 'surveyNotSelfScored', nodeCode: 'S', params: {} } });
    expect(score(node, { level: 0 })).toBe('!surveyNotSelfScored');
    expect(score(node, { percent: 90 })).toBe('!surveyNotSelfScored');
  });

  it('take max × survey index, rounded half-up to 2 decimals', () => {
    expect(score(node, { surveyIndex: '0.8765' })).toBe('2.63'); // 2.6295
    expect(score(node, { surveyPercent: '87.65' })).toBe('2.63');
    expect(score(node, { surveyIndex: 1 })).toBe('3');
    expect(score(node, { surveyIndex: '0.835' })).toBe('2.51'); // 2.505 → half-up
  });

  it('index out of range', () => {
    expect(score(node, { surveyIndex: '1.2' })).toBe('!outOfRange');
    expect(score(node, { surveyPercent: 101 })).toBe('!outOfRange');
    expect(score(node, { surveyIndex: -0.1 })).toBe('!negativeValue');
  });
});

describe('validateLeafPoints (points entered directly, e.g. appraisal)', () => {
  it('normal leaves: [0, max], at most 2 decimals', () => {
    const node = leaf(2, { type: 'levels', levels: [{ label: 'Đạt', points: 2 }] });
    expect(pts(validateLeafPoints(node, '1.25'))).toBe('1.25'); // need not be a level: appraisers adjust
    expect(pts(validateLeafPoints(node, 0))).toBe('0');
    expect(pts(validateLeafPoints(node, 2))).toBe('2');
    expect(pts(validateLeafPoints(node, '2.5'))).toBe('!aboveMax');
    expect(pts(validateLeafPoints(node, -1))).toBe('!belowZero');
    expect(pts(validateLeafPoints(node, '0.125'))).toBe('!tooManyDecimals');
    expect(pts(validateLeafPoints(node, dec('1/3')))).toBe('!tooManyDecimals');
    expect(pts(validateLeafPoints(node, 'hai'))).toBe('!notANumber');
  });

  it('penalty leaves: [−floor, 0]', () => {
    const node = leaf(3, { type: 'deduction', pointsPerItem: 1, floor: 2 }, { kind: 'penalty' });
    expect(pts(validateLeafPoints(node, '-1.5'))).toBe('-1.5');
    expect(pts(validateLeafPoints(node, -2))).toBe('-2');
    expect(validateLeafPoints(node, '-2.5')).toEqual({ ok: false, problem: { code: 'belowFloor', nodeCode: 'L', params: { value: '-2.5', floor: '2' } } });
    expect(pts(validateLeafPoints(node, 1))).toBe('!aboveZero');
    const plain = n('P', null, 3, { kind: 'penalty' });
    expect(pts(validateLeafPoints(plain, -3))).toBe('-3');
    expect(pts(validateLeafPoints(plain, '-3.01'))).toBe('!belowFloor');
  });

  it('bonus leaves: [0, cap]', () => {
    const node = leaf(5, { type: 'bonus', cap: '2.5' }, { kind: 'bonus' });
    expect(pts(validateLeafPoints(node, '2.5'))).toBe('2.5');
    expect(pts(validateLeafPoints(node, 3))).toBe('!aboveCap');
    expect(pts(validateLeafPoints(node, '-0.5'))).toBe('!belowZero');
  });

  it('survey leaves accept their final points (the survey module computes them)', () => {
    expect(pts(validateLeafPoints(n('S', null, 3, { source: 'survey' }), '2.63'))).toBe('2.63');
  });
});
