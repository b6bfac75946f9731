import { describe, expect, it } from 'vitest';
import { coverage, remediedFindings } from './inspections.ts';

describe('inspection coverage', () => {
  it('is exact at the 30 % line', () => {
    // 41 of 135 communes: 30.370… % → meets; 40 of 135: 29.629… % → does not
    expect(coverage(41, 135)).toEqual({ covered: 41, total: 135, ratio: '41/135', percent: '30.37', meetsMinimum: true });
    expect(coverage(40, 135)).toMatchObject({ percent: '29.63', meetsMinimum: false });
    // exactly 30 %: 3 of 10
    expect(coverage(3, 10)).toMatchObject({ ratio: '3/10', percent: '30.00', meetsMinimum: true });
    expect(coverage(0, 0)).toMatchObject({ percent: '0.00', meetsMinimum: false });
  });
});

describe('findings remedied', () => {
  it('counts findings without a task, and those whose task has no due date left undone', () => {
    const open = new Set(['t2']);
    expect(remediedFindings([{ taskId: null }, { taskId: 't1' }, { taskId: 't2' }], open)).toBe(2);
    expect(remediedFindings([], open)).toBe(0);
  });
});
