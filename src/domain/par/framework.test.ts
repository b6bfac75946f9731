import { describe, expect, it } from 'vitest';
import { toExactString } from '../shared/decimal.ts';
import { CA_MAU_1_1_4, caMauNodes, n } from './fixtures.ts';
import {
  buildTree,
  childrenOf,
  type Framework,
  FrameworkInvalidError,
  type FrameworkNode,
  type FrameworkProblem,
  frameworkMax,
  leafCodes,
  levelOf,
  nodeMaxima,
  type ScoringMethod,
  validateFramework,
} from './framework.ts';

function fw(nodes: FrameworkNode[], classes: Framework['classes'] = []): Framework {
  return { nodes, classes };
}

function codes(problems: FrameworkProblem[]): string[] {
  return problems.map((p) => (p.nodeCode ? `${p.code}:${p.nodeCode}` : p.code));
}

/** A minimal valid framework: one area of 10 with two leaves. */
const valid = (): FrameworkNode[] => [n('1', null, 10), n('1.1', '1', 4), n('1.2', '1', 6)];

describe('Cà Mau 2013 fragment', () => {
  it('reads the verbatim fragment and finds the incomplete area (children sum 10 of 20)', () => {
    const problems = validateFramework(fw(caMauNodes()));
    expect(problems).toEqual([{ code: 'sumMismatch', nodeCode: '1', params: { maxPoints: '20', childrenSum: '10', children: ['1.1', '1.2', '1.3'] } }]);
  });

  it('is valid once the area max matches what was retrieved', () => {
    expect(validateFramework(fw(caMauNodes(10)))).toEqual([]);
    const built = buildTree(fw(caMauNodes(10)));
    if (!built.ok) throw new Error('expected a tree');
    expect(built.tree.leaves.map((l) => l.code)).toEqual(['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.2.1', '1.2.2', '1.3']);
    const l111 = built.tree.byCode.get('1.1.1');
    expect(l111?.method).toEqual({
      type: 'levels',
      levels: [
        { label: 'Ban hành kịp thời', points: '1' },
        { label: 'Ban hành không kịp thời', points: '0.5' },
        { label: 'Không ban hành', points: '0' },
      ],
    });
    expect(built.tree.byCode.get('1.3')?.method).toEqual({ type: 'direct' }); // a criterion that is a leaf
    expect(built.tree.byCode.get('1')?.level).toBe('area');
    expect(built.tree.byCode.get('1.1')?.level).toBe('criterion');
    expect(built.tree.byCode.get('1.1.4')?.level).toBe('subCriterion');
  });
});

describe('tree helpers', () => {
  const nodes = [
    n('2', null, 5, { order: 2 }),
    n('1', null, 5, { order: 1 }),
    n('1.b', '1', 3, { order: 2 }),
    n('1.a', '1', 2, { order: 1 }),
    n('2.1', '2', 5),
  ];

  it('orders siblings by `order`, then array position', () => {
    expect(leafCodes(fw(nodes))).toEqual(['1.a', '1.b', '2.1']);
    expect(childrenOf(fw(nodes), null).map((x) => x.code)).toEqual(['1', '2']);
    expect(childrenOf(fw(nodes), '1').map((x) => x.code)).toEqual(['1.a', '1.b']);
    expect(childrenOf(fw(nodes), '1.a')).toEqual([]);
    const unordered = [n('b', null, 1), n('a', null, 1)];
    expect(leafCodes(fw(unordered))).toEqual(['b', 'a']);
  });

  it('leafCodes tolerates cycles and duplicates', () => {
    const bad = [n('r', null, 1), n('x', 'y', 1), n('y', 'x', 1), n('r', 'r', 1)];
    expect(leafCodes(fw(bad))).toEqual(['r']);
  });

  it('levels by depth', () => {
    expect([1, 2, 3, 4].map(levelOf)).toEqual(['area', 'criterion', 'subCriterion', 'subCriterion']);
  });

  it('frameworkMax with and without the survey part', () => {
    const f = fw([n('1', null, 10), n('1.1', '1', 7), n('1.2', '1', 3, { source: 'survey' }), n('B', null, 2, { kind: 'bonus' })]);
    expect(toExactString(frameworkMax(f, { surveyIncluded: true }))).toBe('10');
    expect(toExactString(frameworkMax(f, { surveyIncluded: false }))).toBe('7');
    expect(() => frameworkMax(fw([]), { surveyIncluded: true })).toThrow(FrameworkInvalidError);
    const built = buildTree(f);
    if (!built.ok) throw new Error('expected a tree');
    const m = nodeMaxima(built.tree, false);
    expect(toExactString(m.get('1.2') as never)).toBe('0');
    expect(toExactString(m.get('B') as never)).toBe('2');
  });
});

describe('validateFramework: every problem', () => {
  it('accepts a valid framework', () => {
    expect(validateFramework(fw(valid()))).toEqual([]);
  });

  it('emptyFramework', () => {
    expect(validateFramework(fw([]))).toEqual([{ code: 'emptyFramework', nodeCode: null, params: {} }]);
    expect(codes(validateFramework({} as Framework))).toEqual(['emptyFramework']);
  });

  it('badCode', () => {
    const problems = validateFramework(fw([...valid(), n('', '1', 0)]));
    expect(problems).toEqual([{ code: 'badCode', nodeCode: null, params: { index: 3 } }]);
  });

  it('duplicateCode', () => {
    const problems = validateFramework(fw([...valid(), n('1.2', '1', 6)]));
    expect(problems).toEqual([{ code: 'duplicateCode', nodeCode: '1.2', params: { count: 2 } }]);
  });

  it('orphan', () => {
    const problems = validateFramework(fw([...valid(), n('9.1', '9', 1)]));
    expect(problems).toEqual([{ code: 'orphan', nodeCode: '9.1', params: { parentCode: '9' } }]);
  });

  it('cycle (reported once, with its path)', () => {
    const problems = validateFramework(fw([...valid(), n('a', 'c', 1), n('b', 'a', 1), n('c', 'b', 1)]));
    expect(problems).toHaveLength(1);
    expect(problems[0].code).toBe('cycle');
    expect(problems[0].nodeCode).toBe('a');
    expect(new Set((problems[0].params as { path: string[] }).path)).toEqual(new Set(['a', 'b', 'c']));
    expect(codes(validateFramework(fw([n('s', 's', 1)])))).toEqual(['cycle:s']);
  });

  it('tooDeep (more than 4 levels)', () => {
    const chain = [n('1', null, 1), n('1.1', '1', 1), n('1.1.1', '1.1', 1), n('1.1.1.1', '1.1.1', 1)];
    expect(validateFramework(fw(chain))).toEqual([]);
    const problems = validateFramework(fw([...chain, n('1.1.1.1.1', '1.1.1.1', 1)]));
    expect(problems).toEqual([{ code: 'tooDeep', nodeCode: '1.1.1.1.1', params: { depth: 5, maxDepth: 4 } }]);
  });

  it('badAttribute (source, kind)', () => {
    const problems = validateFramework(fw([n('1', null, 1, { source: 'guess' as never }), n('2', null, 1, { kind: 'extra' as never })]));
    expect(problems).toEqual([
      { code: 'badAttribute', nodeCode: '1', params: { attribute: 'source', value: 'guess' } },
      { code: 'badAttribute', nodeCode: '2', params: { attribute: 'kind', value: 'extra' } },
    ]);
  });

  it('badMax (unreadable or more than 2 decimals), negativeMax', () => {
    const problems = validateFramework(fw([n('a', null, 'mười'), n('b', null, '1.005'), n('c', null, Number.NaN), n('d', null, -1)]));
    expect(problems).toEqual([
      { code: 'badMax', nodeCode: 'a', params: { value: 'mười', reason: 'notANumber' } },
      { code: 'badMax', nodeCode: 'b', params: { value: '1.005', reason: 'tooManyDecimals' } },
      { code: 'badMax', nodeCode: 'c', params: { value: 'NaN', reason: 'notANumber' } },
      { code: 'negativeMax', nodeCode: 'd', params: { maxPoints: '-1' } },
    ]);
  });

  it('sumMismatch is exact and ignores bonus/penalty children', () => {
    const nodes = [n('1', null, '10.01'), n('1.1', '1', '4.00'), n('1.2', '1', 6), n('1.3', '1', 2, { kind: 'bonus' })];
    expect(validateFramework(fw(nodes))).toEqual([
      { code: 'sumMismatch', nodeCode: '1', params: { maxPoints: '10.01', childrenSum: '10', children: ['1.1', '1.2'] } },
    ]);
    nodes[0].maxPoints = 10;
    expect(validateFramework(fw(nodes))).toEqual([]);
    // 0.1 + 0.2 = 0.3 exactly (floats would say 0.30000000000000004)
    expect(validateFramework(fw([n('x', null, '0.3'), n('x.1', 'x', 0.1), n('x.2', 'x', 0.2)]))).toEqual([]);
  });

  it('a bonus parent caps its children: no sum check', () => {
    const nodes = [
      ...valid(),
      n('T', null, 3, { kind: 'bonus' }),
      n('T.1', 'T', 2, { kind: 'bonus' }),
      n('T.2', 'T', 2, { kind: 'bonus', method: { type: 'bonus', cap: 2 } }),
    ];
    expect(validateFramework(fw(nodes))).toEqual([]);
  });

  it('kindMismatch: children of bonus/penalty nodes declare the same kind', () => {
    const problems = validateFramework(fw([...valid(), n('T', null, 3, { kind: 'bonus' }), n('T.1', 'T', 1), n('T.2', 'T', 1, { kind: 'penalty' })]));
    expect(problems).toEqual([
      { code: 'kindMismatch', nodeCode: 'T.1', params: { kind: 'normal', parentCode: 'T', parentKind: 'bonus' } },
      { code: 'kindMismatch', nodeCode: 'T.2', params: { kind: 'penalty', parentCode: 'T', parentKind: 'bonus' } },
    ]);
  });

  it('methodOnNonLeaf (null is no method)', () => {
    const nodes = valid();
    nodes[0].method = { type: 'direct' };
    expect(validateFramework(fw(nodes))).toEqual([{ code: 'methodOnNonLeaf', nodeCode: '1', params: { method: 'direct' } }]);
    nodes[0].method = null;
    expect(validateFramework(fw(nodes))).toEqual([]);
  });

  it('surveySourceMismatch both ways', () => {
    const problems = validateFramework(
      fw([
        n('1', null, 4),
        n('1.1', '1', 2, { source: 'survey', method: { type: 'direct' } }),
        n('1.2', '1', 2, { source: 'self', method: { type: 'survey' } }),
      ]),
    );
    expect(problems).toEqual([
      { code: 'surveySourceMismatch', nodeCode: '1.1', params: { source: 'survey', method: 'direct' } },
      { code: 'surveySourceMismatch', nodeCode: '1.2', params: { source: 'self', method: 'survey' } },
    ]);
    // a survey leaf without a method is scored by the survey
    expect(validateFramework(fw([n('1', null, 2), n('1.1', '1', 2, { source: 'survey' })]))).toEqual([]);
  });

  describe('methodInvalid', () => {
    function check(method: unknown, extra: Partial<FrameworkNode> = {}, max: string | number = 2): Record<string, unknown>[] {
      return validateFramework(fw([n('L', null, max, { method: method as ScoringMethod, ...extra })])).map((p) => ({ code: p.code, ...p.params }));
    }

    it('unknown type', () => {
      expect(check({ type: 'magic' })).toEqual([{ code: 'methodInvalid', method: 'magic', reason: 'unknownType' }]);
      expect(check('direct')).toEqual([{ code: 'methodInvalid', method: 'direct', reason: 'unknownType' }]);
    });

    it('levels: empty, above max, negative, labels, decimals', () => {
      expect(check({ type: 'levels', levels: [] })).toEqual([{ code: 'methodInvalid', method: 'levels', reason: 'levelsEmpty' }]);
      expect(check({ type: 'levels', levels: [{ label: 'Tốt', points: 3 }] })).toEqual([
        { code: 'methodInvalid', method: 'levels', reason: 'aboveMax', field: 'points', index: 0, value: '3' },
      ]);
      expect(check({ type: 'levels', levels: [{ label: 'Âm', points: -1 }] })).toEqual([
        { code: 'methodInvalid', method: 'levels', reason: 'negative', field: 'points', index: 0, value: '-1' },
      ]);
      expect(
        check({
          type: 'levels',
          levels: [
            { label: 'A', points: 1 },
            { label: 'A', points: 0 },
            { label: ' ', points: 0 },
          ],
        }).map((p) => p.reason),
      ).toEqual(['duplicateLabel', 'emptyLabel']);
      expect(check({ type: 'levels', levels: [{ label: 'A', points: '0.333' }] })[0].reason).toBe('tooManyDecimals');
      expect(check({ type: 'levels', levels: [{ label: 'A', points: 'x' }] })[0].reason).toBe('notANumber');
    });

    it('bands: empty, unsorted, overlapping, above max, options', () => {
      expect(check({ type: 'bands', bands: [] })[0].reason).toBe('bandsEmpty');
      expect(
        check({
          type: 'bands',
          bands: [
            { minPercent: 70, points: 1 },
            { minPercent: 50, points: 0 },
          ],
        }),
      ).toEqual([{ code: 'methodInvalid', method: 'bands', reason: 'bandsUnsorted', index: 1, value: '50' }]);
      expect(
        check({
          type: 'bands',
          bands: [
            { minPercent: 70, points: 1 },
            { minPercent: 70, points: 2 },
          ],
        })[0].reason,
      ).toBe('bandsOverlap');
      // "= 70" then "> 70" is a legitimate pair
      expect(
        check({
          type: 'bands',
          bands: [
            { minPercent: 70, points: 1 },
            { minPercent: 70, minExclusive: true, points: 2 },
          ],
        }),
      ).toEqual([]);
      expect(check({ type: 'bands', bands: [{ minPercent: 0, points: 5 }] })[0].reason).toBe('aboveMax');
      expect(check({ type: 'bands', bands: [{ minPercent: -5, points: 0 }] })[0].reason).toBe('negative');
      expect(check({ type: 'bands', bands: [{ minPercent: 0, points: 0, minExclusive: 'yes' }] })[0].reason).toBe('badOption');
      expect(check({ type: 'bands', bands: [{ minPercent: 0, points: 0 }], onZeroDenominator: 'half' })[0].reason).toBe('badOption');
      expect(check(CA_MAU_1_1_4)).toEqual([]);
    });

    it('proportional, count, deduction, bonus, data', () => {
      expect(check({ type: 'proportional', targetPercent: 0 })[0]).toEqual({
        code: 'methodInvalid',
        method: 'proportional',
        reason: 'notPositive',
        field: 'targetPercent',
        value: '0',
      });
      expect(check({ type: 'proportional', targetPercent: 80 })).toEqual([]);
      expect(check({ type: 'count', pointsPerItem: 0 })[0].reason).toBe('notPositive');
      expect(check({ type: 'count', pointsPerItem: '0.25', cap: 3 })[0]).toMatchObject({ reason: 'aboveMax', field: 'cap' });
      expect(check({ type: 'deduction', pointsPerItem: '0.5', floor: 3 }, { kind: 'penalty' })[0]).toMatchObject({ reason: 'aboveMax', field: 'floor' });
      expect(check({ type: 'deduction', pointsPerItem: '0.5', floor: 2 }, { kind: 'penalty' })).toEqual([]);
      expect(check({ type: 'bonus', cap: 0 }, { kind: 'bonus' })[0].reason).toBe('notPositive');
      expect(check({ type: 'data', indicator: '' })[0].reason).toBe('emptyIndicator');
      expect(check({ type: 'data', indicator: '766.tiendo' }, { source: 'data' })).toEqual([]);
    });

    it('methods must suit the kind', () => {
      expect(check({ type: 'deduction', pointsPerItem: 1, floor: 1 })[0]).toMatchObject({ reason: 'notForKind', value: 'normal' });
      expect(check({ type: 'bonus', cap: 1 })[0]).toMatchObject({ reason: 'notForKind', value: 'normal' });
      expect(check({ type: 'proportional' }, { kind: 'penalty' })[0]).toMatchObject({ reason: 'notForKind', value: 'penalty' });
      expect(check(undefined, { kind: 'penalty' })).toEqual([]); // direct, −max..0
      expect(check(undefined, { kind: 'bonus' })).toEqual([]); // bonus up to max
    });
  });

  describe('classesInvalid', () => {
    function classProblems(classes: Framework['classes']) {
      return validateFramework(fw(valid(), classes)).map((p) => p.params);
    }

    it('accepts PAR 2022 and Khánh Hòa-style classes', () => {
      expect(
        classProblems([
          { name: 'Nhóm A', minIndex: 90 },
          { name: 'Nhóm B', minIndex: 80 },
          { name: 'Nhóm C', minIndex: 70 },
        ]),
      ).toEqual([]);
      expect(
        classProblems([
          { name: 'Tốt', minIndex: '90' },
          { name: 'Khá', minIndex: '80' },
          { name: 'Trung bình', minIndex: '65.5' },
          { name: 'Yếu', minIndex: 0 },
        ]),
      ).toEqual([]);
    });

    it('rejects unsorted, duplicate, unreadable, out of range and unnamed classes', () => {
      expect(
        classProblems([
          { name: 'B', minIndex: 80 },
          { name: 'A', minIndex: 90 },
        ]),
      ).toEqual([{ reason: 'unsorted', index: 1, name: 'A', value: '90' }]);
      expect(
        classProblems([
          { name: 'A', minIndex: 90 },
          { name: 'A2', minIndex: 90 },
        ]),
      ).toEqual([{ reason: 'duplicateMinIndex', index: 1, name: 'A2', value: '90' }]);
      expect(
        classProblems([
          { name: 'A', minIndex: 90 },
          { name: 'A', minIndex: 80 },
        ]),
      ).toEqual([{ reason: 'duplicateName', index: 1, name: 'A' }]);
      expect(classProblems([{ name: 'A', minIndex: 'chín mươi' }])).toEqual([{ reason: 'badMinIndex', index: 0, name: 'A', value: 'chín mươi' }]);
      expect(classProblems([{ name: 'A', minIndex: 101 }])).toEqual([{ reason: 'outOfRange', index: 0, name: 'A', value: '101' }]);
      expect(classProblems([{ name: '', minIndex: 50 }])).toEqual([{ reason: 'emptyName', index: 0, name: '' }]);
    });
  });

  it('collects every problem at once and builds no tree', () => {
    const r = buildTree(fw([n('1', null, 10), n('1.1', '1', 4), n('1.1', '1', 4), n('x', 'nowhere', 1)], [{ name: 'A', minIndex: 200 }]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(codes(r.problems).sort()).toEqual(['classesInvalid', 'duplicateCode:1.1', 'orphan:x', 'sumMismatch:1']);
  });
});
