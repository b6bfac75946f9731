import { describe, expect, it } from 'vitest';
import { dec, toFixed } from '../shared/decimal.ts';
import { type ComputeInput, type ComputeResult, type ComputeSuccess, computeResults, type UnitScores, whatIf } from './compute.ts';
import { n, PROVINCE_876_SPLIT, province876Nodes, seventyScores, seventyThirtyNodes } from './fixtures.ts';
import type { ClassRule, Framework, FrameworkNode } from './framework.ts';

const PAR_2022: ClassRule[] = [
  { name: 'Nhóm A', minIndex: 90 },
  { name: 'Nhóm B', minIndex: 80 },
  { name: 'Nhóm C', minIndex: 70 },
];

const NAM_DINH_SO: ClassRule[] = [
  { name: 'Nhóm I', minIndex: 90 },
  { name: 'Nhóm II', minIndex: 80 },
];

function ok(r: ComputeResult): ComputeSuccess {
  if (!r.ok) throw new Error(`expected results, got problems: ${JSON.stringify(r.problems)}`);
  return r;
}

function run(nodes: FrameworkNode[], units: UnitScores[], opts: { surveyIncluded?: boolean; classes?: ClassRule[] } = {}): ComputeSuccess {
  return ok(computeResults({ framework: { nodes, classes: opts.classes ?? [] }, surveyIncluded: opts.surveyIncluded ?? true, units }));
}

function unit(unitId: string, scores: Record<string, string | number | null>): UnitScores {
  return { unitId, scores };
}

/** One area of `max` points with a single direct leaf: the simplest way to place a unit at an exact total. */
function single(max: number): FrameworkNode[] {
  return [n('1', null, max), n('1.1', '1', max)];
}

describe('index = total / max × 100, rounded half-up once (methodology §1.3)', () => {
  it('63 of 70 → 90.00 (Hà Nội: no survey, rescaled by the self-assessed maximum)', () => {
    const r = run(seventyThirtyNodes(), [unit('u', seventyScores('63'))], { surveyIncluded: false });
    expect(r.max).toBe('70.00');
    expect(r.units[0]).toMatchObject({ total: '63.00', max: '70.00', index: '90.00', indexExact: '90', missing: [] });
  });

  it('with the survey included the denominator is 100', () => {
    const r = run(seventyThirtyNodes(), [unit('u', { ...seventyScores('63'), 'S.1': 27 })], { surveyIncluded: true });
    expect(r.units[0]).toMatchObject({ total: '90.00', max: '100.00', index: '90.00' });
  });

  it('Nam Định 2020 sở: 62.62 of 70 → 89.457142… → 89.46 (exact kept as a fraction)', () => {
    const r = run(seventyThirtyNodes(), [unit('so', seventyScores('62.62'))], { surveyIncluded: false, classes: NAM_DINH_SO });
    expect(r.units[0]).toMatchObject({ total: '62.62', index: '89.46', indexExact: '3131/35', classification: 'Nhóm II' });
    expect(toFixed(dec(r.units[0].indexExact as string), 4)).toBe('89.4571');
  });

  it('Nam Định huyện: 61.46 of 70 → 87.80', () => {
    const r = run(seventyThirtyNodes(), [unit('h', seventyScores('61.46'))], { surveyIncluded: false });
    expect(r.units[0].index).toBe('87.80');
  });
});

describe('group summary: mean of indices vs index of the mean (Nam Định 2020)', () => {
  // A constructed group of three sở whose mean score is exactly 62.62 of 70 (the real unit scores are not in the
  // reference). Their published indices are 87.81, 89.71 and 90.84; the mean
  // of those is 89.4533… → 89.45 (the published Nam Định figure), while the index of the mean score is 89.46.
  const units = [unit('so-1', seventyScores('61.47')), unit('so-2', seventyScores('62.80')), unit('so-3', seventyScores('63.59'))];
  const r = run(seventyThirtyNodes(), units, { surveyIncluded: false, classes: NAM_DINH_SO });

  it('unit indices are rounded one by one', () => {
    expect(r.units.map((u) => u.index)).toEqual(['87.81', '89.71', '90.84']);
    expect(r.units.map((u) => u.classification)).toEqual(['Nhóm II', 'Nhóm II', 'Nhóm I']);
  });

  it('meanOfIndices = 89.45, indexOfMean = 89.46, meanTotal = 62.62', () => {
    expect(r.summary).toEqual({ count: 3, max: '70.00', meanTotal: '62.62', meanOfIndices: '89.45', indexOfMean: '89.46' });
  });

  it('a single unit has both means equal to its index', () => {
    const one = run(seventyThirtyNodes(), [unit('so', seventyScores('62.62'))], { surveyIncluded: false });
    expect(one.summary).toMatchObject({ meanOfIndices: '89.46', indexOfMean: '89.46' });
  });

  it('an empty group has no means', () => {
    expect(run(seventyThirtyNodes(), []).summary).toEqual({ count: 0, max: '100.00', meanTotal: null, meanOfIndices: null, indexOfMean: null });
  });
});

describe('provincial structure (QĐ 876/QĐ-BNV: 8 areas, 100 points, 32 by survey — methodology §1.2)', () => {
  const full: Record<string, string> = {};
  for (const { area, self, survey } of PROVINCE_876_SPLIT) {
    full[`${area}.1`] = String(self);
    full[`${area}.2`] = String(survey);
  }
  const selfOnly = Object.fromEntries(Object.entries(full).filter(([code]) => code.endsWith('.1')));

  it('has 8 areas, 100 points, 32 of them by survey', () => {
    const r = run(province876Nodes(), [unit('t', full)]);
    expect(Object.keys(r.units[0].areas)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(r.max).toBe('100.00');
    expect(r.units[0].index).toBe('100.00');
  });

  it('without the survey the denominator is 68, per area too', () => {
    const r = run(province876Nodes(), [unit('t', selfOnly)], { surveyIncluded: false });
    expect(r.max).toBe('68.00');
    expect(r.units[0]).toMatchObject({ total: '68.00', max: '68.00', index: '100.00', missing: [] });
    expect(r.units[0].areas['8']).toMatchObject({ score: '16.00', max: '16.00', index: '100.00' });
    expect(Object.keys(r.units[0].leaves)).toEqual(['1.1', '2.1', '3.1', '4.1', '5.1', '6.1', '7.1', '8.1']);
  });

  it('63 of 68 → 92.65 (92.647…)', () => {
    const scores = { ...selfOnly, '8.1': '11' };
    const r = run(province876Nodes(), [unit('t', scores)], { surveyIncluded: false });
    expect(r.units[0]).toMatchObject({ total: '63.00', index: '92.65', indexExact: '1575/17' });
    expect(r.units[0].areas['8']).toMatchObject({ score: '11.00', max: '16.00', index: '68.75' });
  });

  it('survey scores are refused when the survey is not included', () => {
    const r = computeResults({ framework: { nodes: province876Nodes(), classes: [] }, surveyIncluded: false, units: [unit('t', full)] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(8);
    expect(r.problems[0]).toEqual({ code: 'surveyNotIncluded', unitId: 't', nodeCode: '1.2' });
  });

  it('missing survey points count 0 and are listed when the survey is included', () => {
    const r = run(province876Nodes(), [unit('t', selfOnly)]);
    expect(r.units[0]).toMatchObject({ total: '68.00', index: '68.00' });
    expect(r.units[0].missing).toEqual(['1.2', '2.2', '3.2', '4.2', '5.2', '6.2', '7.2', '8.2']);
  });

  it('an area made only of survey items has no index without the survey', () => {
    const nodes = [...single(70), n('S', null, 30, { source: 'survey' }), n('S.1', 'S', 30, { source: 'survey' })];
    const r = run(nodes, [unit('t', { '1.1': 35 })], { surveyIncluded: false });
    expect(r.units[0].areas.S).toEqual({ score: '0.00', max: '0.00', index: null, indexExact: null, rank: null });
    expect(r.units[0].index).toBe('50.00');
  });
});

describe('classification from the published index (methodology §1.4, PAR 2022: A ≥ 90, B 80–<90, C 70–<80)', () => {
  // Max 200 lets an exact index carry a third decimal: 179.99/200 = 89.995.
  const totals = ['180', '179.99', '179.98', '179.97', '160', '159.99', '140', '139.99', '0'];
  const r = run(
    single(200),
    totals.map((t) => unit(t, { '1.1': t })),
    { classes: PAR_2022 },
  );
  const byId = Object.fromEntries(r.units.map((u) => [u.unitId, u]));

  it('90.00 → A; exact 89.995 publishes as 90.00 → A; 89.99 → B', () => {
    expect(byId['180']).toMatchObject({ index: '90.00', classification: 'Nhóm A' });
    expect(byId['179.99']).toMatchObject({ index: '90.00', indexExact: '17999/200', classification: 'Nhóm A' });
    expect(byId['179.98']).toMatchObject({ index: '89.99', classification: 'Nhóm B' });
  });

  it('boundaries of B and C, and below every class', () => {
    expect(byId['160']).toMatchObject({ index: '80.00', classification: 'Nhóm B' });
    expect(byId['159.99']).toMatchObject({ index: '80.00', classification: 'Nhóm B' }); // 79.995 → 80.00
    expect(byId['140']).toMatchObject({ index: '70.00', classification: 'Nhóm C' });
    expect(byId['139.99']).toMatchObject({ index: '70.00', classification: 'Nhóm C' }); // 69.995 → 70.00
    expect(byId['0']).toMatchObject({ index: '0.00', classification: null });
  });

  it('Khánh Hòa-style classes with a floor class catch everything', () => {
    const kh: ClassRule[] = [
      { name: 'Tốt', minIndex: 90 },
      { name: 'Khá', minIndex: 80 },
      { name: 'Trung bình', minIndex: 65 },
      { name: 'Yếu', minIndex: 0 },
    ];
    const k = run(single(100), [unit('a', { '1.1': 95 }), unit('b', { '1.1': '64.99' }), unit('c', { '1.1': 0 })], { classes: kh });
    expect(k.units.map((u) => u.classification)).toEqual(['Tốt', 'Yếu', 'Yếu']);
  });

  it('no classes configured → null', () => {
    expect(run(single(100), [unit('a', { '1.1': 95 })]).units[0].classification).toBeNull();
  });
});

describe('ranking: competition ranks on the exact index', () => {
  it('ties share a rank: 1, 2, 2, 4', () => {
    const r = run(single(100), [unit('a', { '1.1': 90 }), unit('b', { '1.1': 80 }), unit('c', { '1.1': 80 }), unit('d', { '1.1': 70 })]);
    expect(r.units.map((u) => u.rank)).toEqual([1, 2, 2, 4]);
  });

  it('order of input does not matter', () => {
    const r = run(single(100), [unit('d', { '1.1': 70 }), unit('c', { '1.1': 80 }), unit('a', { '1.1': 90 }), unit('b', { '1.1': 80 })]);
    expect(Object.fromEntries(r.units.map((u) => [u.unitId, u.rank]))).toEqual({ a: 1, b: 2, c: 2, d: 4 });
  });

  it('equal published indices with different exact values do not tie', () => {
    // 179.98/200 = 89.99 and 179.97/200 = 89.985 both publish as 89.99
    const r = run(single(200), [unit('x', { '1.1': '179.97' }), unit('y', { '1.1': '179.98' })]);
    expect(r.units.map((u) => u.index)).toEqual(['89.99', '89.99']);
    expect(r.units.map((u) => u.rank)).toEqual([2, 1]);
  });

  it('ranks per area and per criterion', () => {
    const nodes = [n('1', null, 10), n('1.1', '1', 6), n('1.1.1', '1.1', 6), n('1.2', '1', 4), n('2', null, 10), n('2.1', '2', 10)];
    const r = run(nodes, [
      unit('a', { '1.1.1': 6, '1.2': 0, '2.1': 5 }),
      unit('b', { '1.1.1': 3, '1.2': 4, '2.1': 9 }),
      unit('c', { '1.1.1': 6, '1.2': 1, '2.1': 5 }),
    ]);
    expect(r.units.map((u) => u.areas['1'].rank)).toEqual([3, 1, 1]);
    expect(r.units.map((u) => u.areas['1'].score)).toEqual(['6.00', '7.00', '7.00']);
    expect(r.units.map((u) => u.areas['2'].rank)).toEqual([2, 1, 2]);
    expect(r.units.map((u) => u.criteria['1.1'].rank)).toEqual([1, 3, 1]);
    expect(r.units[1].criteria['1.1']).toEqual({ score: '3.00', max: '6.00', index: '50.00', indexExact: '50', rank: 3 });
    expect(r.units[1].criteria['1.2']).toMatchObject({ score: '4.00', index: '100.00' }); // a criterion that is a leaf
    expect(r.units.map((u) => u.rank)).toEqual([3, 1, 2]); // totals 11, 16, 12
  });
});

describe('roll-up details', () => {
  it('sums are exact (0.1 + 0.2 style)', () => {
    const nodes = [n('1', null, '0.3'), n('1.1', '1', '0.1'), n('1.2', '1', '0.2')];
    const r = run(nodes, [unit('a', { '1.1': 0.1, '1.2': 0.2 })]);
    expect(r.units[0]).toMatchObject({ total: '0.30', index: '100.00' });
  });

  it('missing leaves count 0 and are listed (null too); leaves show 0.00', () => {
    const r = run(seventyThirtyNodes(), [unit('a', { 'A.1': 25, 'A.2': null })], { surveyIncluded: false });
    expect(r.units[0].missing).toEqual(['A.2', 'B.1']);
    expect(r.units[0].leaves).toEqual({ 'A.1': '25.00', 'A.2': '0.00', 'B.1': '0.00' });
    expect(r.units[0].total).toBe('25.00');
  });

  it('criteria results: depth-2 normal nodes', () => {
    const r = run(seventyThirtyNodes(), [unit('a', { 'A.1': '12.5', 'A.2': 15, 'B.1': 30, 'S.1': 30 })]);
    expect(Object.keys(r.units[0].criteria)).toEqual(['A.1', 'A.2', 'B.1', 'S.1']);
    expect(r.units[0].criteria['A.1']).toMatchObject({ score: '12.50', max: '25.00', index: '50.00' });
    expect(r.units[0].areas.A).toMatchObject({ score: '27.50', max: '40.00', index: '68.75' });
  });
});

describe('bonus and penalty', () => {
  const nodes = (): FrameworkNode[] => [
    ...single(100),
    n('T', null, 3, { kind: 'bonus', title: 'Điểm thưởng' }),
    n('T.1', 'T', 2, { kind: 'bonus', method: { type: 'bonus', cap: 2 } }),
    n('T.2', 'T', 2, { kind: 'bonus' }),
    n('P', null, 5, { kind: 'penalty', title: 'Điểm trừ' }),
    n('P.1', 'P', 3, { kind: 'penalty', method: { type: 'deduction', pointsPerItem: '0.5', floor: 3 } }),
    n('P.2', 'P', 3, { kind: 'penalty' }),
  ];

  it('bonus adds to the total but not to the max; the subtree cap applies', () => {
    const r = run(nodes(), [unit('a', { '1.1': 80, 'T.1': 2, 'T.2': 2 })]);
    expect(r.units[0]).toMatchObject({ subtotal: '80.00', bonus: '3.00', penalty: '0.00', total: '83.00', max: '100.00', index: '83.00' });
    expect(r.units[0].missing).toEqual([]); // no bonus awarded is not "missing"
    expect(r.units[0].areas).not.toHaveProperty('T');
  });

  it('leaf caps are enforced on input', () => {
    const r = computeResults({ framework: { nodes: nodes(), classes: [] }, surveyIncluded: true, units: [unit('a', { 'T.1': '2.5' })] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ code: 'invalidScore', unitId: 'a', problem: { code: 'aboveCap', nodeCode: 'T.1', params: { value: '2.5', cap: '2' } } }]);
  });

  it('penalties subtract, limited by floors and the subtree cap', () => {
    const r = run(nodes(), [unit('a', { '1.1': 80, 'P.1': -3, 'P.2': -3 }), unit('b', { '1.1': 80, 'P.1': '-1.5' })]);
    expect(r.units[0]).toMatchObject({ penalty: '-5.00', total: '75.00', index: '75.00' });
    expect(r.units[1]).toMatchObject({ penalty: '-1.50', total: '78.50' });
  });

  it('a penalty below its floor is refused', () => {
    const r = computeResults({ framework: { nodes: nodes(), classes: [] }, surveyIncluded: true, units: [unit('a', { 'P.1': '-3.5', 'P.2': 1 })] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => (p.code === 'invalidScore' ? p.problem.code : p.code))).toEqual(['belowFloor', 'aboveZero']);
  });

  it('the total is clamped to [0, max]', () => {
    const r = run(nodes(), [unit('top', { '1.1': 99, 'T.1': 2 }), unit('low', { '1.1': 1, 'P.1': -3, 'P.2': -2 })]);
    expect(r.units[0]).toMatchObject({ subtotal: '99.00', bonus: '2.00', total: '100.00', index: '100.00' });
    expect(r.units[1]).toMatchObject({ subtotal: '1.00', penalty: '-5.00', total: '0.00', index: '0.00' });
  });

  it('a bonus item under a normal criterion counts in the total only', () => {
    const f = [n('1', null, 10), n('1.1', '1', 10), n('1.9', '1', 1, { kind: 'bonus' })];
    const r = run(f, [unit('a', { '1.1': 8, '1.9': 1 })]);
    expect(r.units[0]).toMatchObject({ total: '9.00', index: '90.00' });
    expect(r.units[0].areas['1']).toMatchObject({ score: '8.00', index: '80.00' });
  });
});

describe('problems are returned, not thrown', () => {
  const framework: Framework = { nodes: seventyThirtyNodes(), classes: [] };

  function problems(units: UnitScores[], surveyIncluded = true) {
    const r = computeResults({ framework, surveyIncluded, units });
    if (r.ok) throw new Error('expected problems');
    return r.problems;
  }

  it('unknown code, non-leaf code, above max, decimals, garbage', () => {
    expect(problems([unit('a', { 'Z.9': 1, A: 40, 'A.1': 26, 'A.2': '1.005', 'B.1': 'ba mươi' })])).toEqual([
      { code: 'unknownCode', unitId: 'a', nodeCode: 'Z.9' },
      { code: 'notALeaf', unitId: 'a', nodeCode: 'A' },
      { code: 'invalidScore', unitId: 'a', problem: { code: 'aboveMax', nodeCode: 'A.1', params: { value: '26', max: '25' } } },
      { code: 'invalidScore', unitId: 'a', problem: { code: 'tooManyDecimals', nodeCode: 'A.2', params: { field: 'points', value: '1.005', maxDecimals: 2 } } },
      { code: 'invalidScore', unitId: 'a', problem: { code: 'notANumber', nodeCode: 'B.1', params: { field: 'points', value: 'ba mươi' } } },
    ]);
  });

  it('negative points on a normal leaf', () => {
    expect(problems([unit('a', { 'A.1': -1 })])[0]).toMatchObject({ problem: { code: 'belowZero' } });
  });

  it('duplicate unit', () => {
    expect(problems([unit('a', {}), unit('a', {})])).toEqual([{ code: 'duplicateUnit', unitId: 'a' }]);
  });

  it('an invalid framework returns its problems', () => {
    const r = computeResults({ framework: { nodes: [n('1', null, 10), n('1.1', '1', 9)], classes: [] }, surveyIncluded: true, units: [] });
    expect(r).toEqual({
      ok: false,
      problems: [
        { code: 'frameworkInvalid', problem: { code: 'sumMismatch', nodeCode: '1', params: { maxPoints: '10', childrenSum: '9', children: ['1.1'] } } },
      ],
    });
  });
});

describe('whatIf', () => {
  const base: ComputeInput = {
    framework: { nodes: seventyThirtyNodes(), classes: NAM_DINH_SO },
    surveyIncluded: false,
    units: [unit('a', seventyScores('62.62')), unit('b', seventyScores('63'))],
  };

  it('recomputes with the changes and leaves the input untouched', () => {
    const before = JSON.stringify(base);
    const r = ok(whatIf(base, [{ unitId: 'a', code: 'B.1', points: '23.00' }]));
    expect(r.units[0]).toMatchObject({ total: '63.00', index: '90.00', classification: 'Nhóm I', rank: 1 });
    expect(r.units[1].rank).toBe(1);
    expect(JSON.stringify(base)).toBe(before);
    expect(ok(computeResults(base)).units[0].index).toBe('89.46');
  });

  it('null removes a score', () => {
    const r = ok(whatIf(base, [{ unitId: 'b', code: 'B.1', points: null }]));
    expect(r.units[1].missing).toEqual(['B.1']);
    expect(r.units[1].total).toBe('40.00');
  });

  it('unknown unit and bad points are problems', () => {
    expect(whatIf(base, [{ unitId: 'zz', code: 'B.1', points: 1 }])).toEqual({ ok: false, problems: [{ code: 'unknownUnit', unitId: 'zz' }] });
    const r = whatIf(base, [{ unitId: 'a', code: 'B.1', points: 31 }]);
    expect(r.ok).toBe(false);
  });
});

describe('scale', () => {
  it('200 units × 150 leaves complete with consistent results', () => {
    // 8 areas × 5 criteria; the first 30 criteria have 4 leaves, the last 10 have 3: 150 leaves of 1 point.
    const nodes: FrameworkNode[] = [];
    let k = 0;
    for (let a = 1; a <= 8; a++) {
      const areaNodes: FrameworkNode[] = [];
      let areaMax = 0;
      for (let c = 1; c <= 5; c++, k++) {
        const count = k < 30 ? 4 : 3;
        areaNodes.push(n(`${a}.${c}`, `${a}`, count));
        for (let l = 1; l <= count; l++) areaNodes.push(n(`${a}.${c}.${l}`, `${a}.${c}`, 1));
        areaMax += count;
      }
      nodes.push(n(`${a}`, null, areaMax), ...areaNodes);
    }
    const codes = nodes.filter((x) => x.code.split('.').length === 3).map((x) => x.code);
    const units: UnitScores[] = [];
    for (let u = 0; u < 200; u++) {
      const scores: Record<string, string> = {};
      codes.forEach((code, i) => {
        scores[code] = ['1', '0.75', '0.5', '0.25', '0'][(u + i) % 5];
      });
      units.push({ unitId: `u${u}`, scores });
    }
    const r = run(nodes, units, { classes: PAR_2022 });
    expect(codes).toHaveLength(150);
    expect(r.units).toHaveLength(200);
    expect(r.units.every((x) => x.missing.length === 0)).toBe(true);
    const ranks = r.units.map((x) => x.rank as number);
    expect(Math.min(...ranks)).toBe(1);
    // every unit's total equals the sum of its areas
    for (const x of r.units) {
      const areaSum = Object.values(x.areas).reduce((s, a) => s + BigInt(a.score.replace('.', '')), 0n);
      expect(BigInt(x.total.replace('.', ''))).toBe(areaSum);
    }
  });
});

describe('index denominator and the rule without the survey part (methodology §1.3)', () => {
  // 70 assessed + 30 survey; a bonus root outside the denominator
  const nodes = [
    { code: '1', parentCode: null, maxPoints: 70, source: 'self' as const },
    { code: '1.1', parentCode: '1', maxPoints: 70, source: 'self' as const, method: { type: 'direct' as const } },
    { code: '2', parentCode: null, maxPoints: 30, source: 'survey' as const },
    { code: '2.1', parentCode: '2', maxPoints: 30, source: 'survey' as const, method: { type: 'survey' as const } },
  ];
  const run = (extra: object, surveyIncluded: boolean, scores: Record<string, string>) => {
    const r = computeResults({ framework: { nodes, classes: [], ...extra }, surveyIncluded, units: [{ unitId: 'A', scores }] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return { max: r.max, index: r.units[0].index };
  };

  it('rescales by default: 63 of 70 → 90.00', () => {
    expect(run({}, false, { '1.1': '63' })).toEqual({ max: '70.00', index: '90.00' });
  });

  it('keeps the full denominator when the framework says so: 63 of 100 → 63.00', () => {
    expect(run({ withoutSurvey: 'keepDenominator' }, false, { '1.1': '63' })).toEqual({ max: '100.00', index: '63.00' });
  });

  it('uses a declared denominator, rescaled without the survey part', () => {
    expect(run({ indexDenominator: '80' }, true, { '1.1': '63', '2.1': '17' })).toEqual({ max: '80.00', index: '100.00' });
    expect(run({ indexDenominator: '80' }, false, { '1.1': '45' })).toEqual({ max: '50.00', index: '90.00' });
  });
});
