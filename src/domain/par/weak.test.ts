import { describe, expect, it } from 'vitest';
import { type ComputeSuccess, computeResults } from './compute.ts';
import { n } from './fixtures.ts';
import { type Framework, FrameworkInvalidError } from './framework.ts';
import { weakLeaves } from './weak.ts';

const framework: Framework = {
  nodes: [
    n('1', null, 10),
    n('1.1', '1', 4, { title: 'Kế hoạch CCHC năm' }),
    n('1.2', '1', 6, { title: 'Báo cáo CCHC' }),
    n('2', null, 10),
    n('2.1', '2', 10),
    n('T', null, 2, { kind: 'bonus' }),
    n('P', null, 2, { kind: 'penalty' }),
  ],
  classes: [],
};

function compute(units: Record<string, Record<string, number | string>>): ComputeSuccess {
  const r = computeResults({ framework, surveyIncluded: true, units: Object.entries(units).map(([unitId, scores]) => ({ unitId, scores })) });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

describe('weakLeaves', () => {
  const result = compute({
    a: { '1.1': 2, '1.2': 6, '2.1': 8, T: 2, P: -1 },
    b: { '1.1': 4, '1.2': 3, '2.1': 8 },
    c: { '1.1': 3, '1.2': 6, '2.1': 10 },
  });

  it('ranks lost points first, includes penalties, skips full marks and bonus', () => {
    const [a, b, c] = weakLeaves(result, framework);
    expect(a.unitId).toBe('a');
    // a: 1.1 lost 2 (avg 3 → −1), 2.1 lost 2 (avg 8.67 → −0.67), P lost 1
    expect(a.leaves.map((l) => [l.code, l.lost, l.vsGroupAverage])).toEqual([
      ['1.1', '2', '-1.00'],
      ['2.1', '2', '-0.67'],
      ['P', '1', '-0.67'],
    ]);
    expect(a.leaves[0]).toMatchObject({
      title: 'Kế hoạch CCHC năm',
      kind: 'normal',
      points: '2.00',
      max: '4.00',
      groupAverage: '3.00',
      lastYear: null,
      vsLastYear: null,
    });
    expect(b.leaves.map((l) => l.code)).toEqual(['1.2', '2.1']);
    expect(c.leaves.map((l) => l.code)).toEqual(['1.1']);
  });

  it('ties on lost points go to the leaf furthest below the group average', () => {
    const given = weakLeaves(result, framework, { groupAverages: { '1.1': '1', '2.1': '9.5' } });
    expect(given[0].leaves.map((l) => [l.code, l.vsGroupAverage])).toEqual([
      ['2.1', '-1.50'],
      ['1.1', '1.00'],
      ['P', '-0.67'],
    ]);
  });

  it('compares with last year', () => {
    const [a] = weakLeaves(result, framework, { lastYear: { a: { '1.1': '3.5', '2.1': 7, P: 0 } } });
    expect(a.leaves.map((l) => [l.code, l.lastYear, l.vsLastYear])).toEqual([
      ['1.1', '3.5', '-1.5'],
      ['2.1', '7', '1'],
      ['P', '0', '-1'],
    ]);
  });

  it('last-year drop breaks ties when lost points and averages are equal', () => {
    const r = compute({ a: { '1.1': 3, '1.2': 5, '2.1': 10 } });
    const [plain] = weakLeaves(r, framework, { groupAverages: { '1.1': 3, '1.2': 5 } });
    expect(plain.leaves.map((l) => l.code)).toEqual(['1.1', '1.2']);
    const [withHistory] = weakLeaves(r, framework, { groupAverages: { '1.1': 3, '1.2': 5 }, lastYear: { a: { '1.1': 3, '1.2': 6 } } });
    expect(withHistory.leaves.map((l) => l.code)).toEqual(['1.2', '1.1']);
  });

  it('an invalid framework throws', () => {
    expect(() => weakLeaves(result, { nodes: [], classes: [] })).toThrow(FrameworkInvalidError);
  });
});
