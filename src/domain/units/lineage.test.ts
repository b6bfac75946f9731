import { describe, expect, it } from 'vitest';
import { carriersOn, checkMerge, checkSplit, createsCycle, existsOn, type LineageEdge, periodsOverlap, type UnitSpan } from './lineage.ts';

// Shaped on the Gia Lai 2025 arrangement (gialai_units.json): Phường Quy Nhơn (21583) was formed on 1/7/2025 from
// Đống Đa (21556), Hải Cảng (21562), Trần Phú (21580) and Thị Nại (old 21583); Canh Hiệp was split between
// Xã Vân Canh and Xã Canh Vinh.
const R = '2025-07-01';
const units = new Map<string, UnitSpan>(
  [
    { id: 'dongda', validFrom: null, validTo: R },
    { id: 'haicang', validFrom: null, validTo: R },
    { id: 'thinai', validFrom: null, validTo: R },
    { id: 'quynhon', validFrom: R, validTo: null },
    { id: 'canhhiep', validFrom: null, validTo: R },
    { id: 'vancanh', validFrom: R, validTo: null },
    { id: 'canhvinh', validFrom: R, validTo: null },
    { id: 'district', validFrom: null, validTo: R },
    // a later (hypothetical) merge to exercise chains
    { id: 'later', validFrom: '2030-01-01', validTo: null },
  ].map((u) => [u.id, u]),
);
const edges: LineageEdge[] = [
  { predecessorId: 'dongda', successorId: 'quynhon', date: R, partial: false },
  { predecessorId: 'haicang', successorId: 'quynhon', date: R, partial: false },
  { predecessorId: 'thinai', successorId: 'quynhon', date: R, partial: false },
  { predecessorId: 'canhhiep', successorId: 'vancanh', date: R, partial: true },
  { predecessorId: 'canhhiep', successorId: 'canhvinh', date: R, partial: true },
];

describe('validity', () => {
  it('is half-open', () => {
    expect(existsOn(units.get('thinai')!, '2025-06-30')).toBe(true);
    expect(existsOn(units.get('thinai')!, R)).toBe(false);
    expect(existsOn(units.get('quynhon')!, R)).toBe(true);
  });
  it('periods that touch do not overlap', () => {
    expect(periodsOverlap({ validFrom: null, validTo: R }, { validFrom: R, validTo: null })).toBe(false);
    expect(periodsOverlap({ validFrom: null, validTo: '2025-07-02' }, { validFrom: R, validTo: null })).toBe(true);
    expect(periodsOverlap({ validFrom: null, validTo: null }, { validFrom: '2000-01-01', validTo: '2000-01-02' })).toBe(true);
  });
});

describe('carriersOn', () => {
  it('an old commune is carried by its successor after the merge', () => {
    expect(carriersOn('thinai', '2025-12-31', units, edges)).toEqual(['quynhon']);
    expect(carriersOn('thinai', '2025-06-30', units, edges)).toEqual(['thinai']);
  });
  it('a new commune stands for its predecessors before it existed', () => {
    expect(carriersOn('quynhon', '2024-12-31', units, edges).sort()).toEqual(['dongda', 'haicang', 'thinai']);
  });
  it('a split commune is carried by every part', () => {
    expect(carriersOn('canhhiep', '2026-01-01', units, edges).sort()).toEqual(['canhvinh', 'vancanh']);
    expect(carriersOn('canhvinh', '2025-01-01', units, edges)).toEqual(['canhhiep']);
  });
  it('an abolished district has no carrier', () => {
    expect(carriersOn('district', '2026-01-01', units, edges)).toEqual([]);
  });
  it('follows chains of merges', () => {
    const chained = [...edges, { predecessorId: 'quynhon', successorId: 'later', date: '2030-01-01', partial: false }];
    const u2 = new Map(units);
    u2.set('quynhon', { id: 'quynhon', validFrom: R, validTo: '2030-01-01' });
    expect(carriersOn('thinai', '2031-01-01', u2, chained)).toEqual(['later']);
    expect(carriersOn('later', '2024-01-01', u2, chained).sort()).toEqual(['dongda', 'haicang', 'thinai']);
  });
});

describe('merge and split checks', () => {
  it('accepts a valid merge', () => {
    const a = { id: 'a', validFrom: null, validTo: null };
    const b = { id: 'b', validFrom: '2000-01-01', validTo: null };
    expect(checkMerge({ date: R, predecessors: [a, b], successor: null, edges: [] })).toEqual([]);
  });
  it('refuses a predecessor that no longer exists or already ceased on another date', () => {
    const gone = { id: 'g', validFrom: null, validTo: '2020-01-01' };
    const a = { id: 'a', validFrom: null, validTo: null };
    expect(checkMerge({ date: R, predecessors: [a, gone], successor: null, edges: [] })).toEqual([{ code: 'predecessorNotLiving', unitId: 'g' }]);
    const notYet = { id: 'n', validFrom: R, validTo: null };
    expect(checkMerge({ date: R, predecessors: [a, notYet], successor: null, edges: [] })).toEqual([{ code: 'predecessorNotLiving', unitId: 'n' }]);
  });
  it('refuses a merge into one of its own predecessors and a cycle through history', () => {
    const a = { id: 'a', validFrom: null, validTo: null };
    const b = { id: 'b', validFrom: null, validTo: null };
    expect(checkMerge({ date: R, predecessors: [a, b], successor: b, edges: [] })).toContainEqual({ code: 'successorIsPredecessor', unitId: 'b' });
    // b was formed from a in 2020 (a absorbed into b and somehow still alive): merging b into a is a cycle.
    const hist: LineageEdge[] = [{ predecessorId: 'a', successorId: 'b', date: '2020-01-01', partial: true }];
    expect(checkMerge({ date: R, predecessors: [b], successor: a, edges: hist })).toEqual([{ code: 'cycle' }]);
  });
  it('needs two predecessors for a new unit, one for an absorbing merge', () => {
    const a = { id: 'a', validFrom: null, validTo: null };
    expect(checkMerge({ date: R, predecessors: [a], successor: null, edges: [] })).toEqual([{ code: 'tooFewPredecessors' }]);
    expect(checkMerge({ date: R, predecessors: [a], successor: { id: 's', validFrom: null, validTo: null }, edges: [] })).toEqual([]);
  });
  it('split needs two successors and a living predecessor', () => {
    expect(checkSplit({ date: R, predecessor: { id: 'p', validFrom: null, validTo: null }, successorCount: 1 })).toEqual([{ code: 'tooFewSuccessors' }]);
    expect(checkSplit({ date: R, predecessor: { id: 'p', validFrom: null, validTo: '2021-01-01' }, successorCount: 2 })).toEqual([
      { code: 'predecessorNotLiving', unitId: 'p' },
    ]);
  });
  it('createsCycle sees indirect loops', () => {
    const e: LineageEdge[] = [
      { predecessorId: 'x', successorId: 'y', date: R, partial: false },
      { predecessorId: 'y', successorId: 'z', date: R, partial: false },
    ];
    expect(createsCycle(e, [{ predecessorId: 'z', successorId: 'x' }])).toBe(true);
    expect(createsCycle(e, [{ predecessorId: 'x', successorId: 'z' }])).toBe(false);
  });
});
