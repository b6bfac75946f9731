import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../calendar/workingDays.ts';
import { checkTask, compareRefs, occurrenceState, occurrencesOf, parentRefOf, workingDaysLate, wouldCycle } from './tasks.ts';

const base = { work: 'Báo cáo kết quả', leadUnitId: 'u1', supportUnitIds: [], expected: { text: '', targetValue: null, targetUnit: null } };

describe('occurrences of a schedule', () => {
  it('a one-off task has one occurrence on its due date', () => {
    expect(occurrencesOf({ kind: 'once', dueDate: '2026-06-30' })).toEqual([
      { period: 'once', periodStart: '2026-06-30', periodEnd: '2026-06-30', dueDate: '2026-06-30' },
    ]);
  });

  it('a quarterly report due on the 15th of the next month: one per quarter that overlaps the range', () => {
    const o = occurrencesOf({ kind: 'recurring', frequency: 'quarterly', from: '2026-02-10', until: '2026-12-31', dueDay: 15 });
    expect(o.map((x) => [x.period, x.periodStart, x.periodEnd, x.dueDate])).toEqual([
      ['2026-Q1', '2026-01-01', '2026-03-31', '2026-04-15'],
      ['2026-Q2', '2026-04-01', '2026-06-30', '2026-07-15'],
      ['2026-Q3', '2026-07-01', '2026-09-30', '2026-10-15'],
      ['2026-Q4', '2026-10-01', '2026-12-31', '2027-01-15'],
    ]);
  });

  it('monthly across a year end and February of a leap year; half-yearly and yearly', () => {
    const m = occurrencesOf({ kind: 'recurring', frequency: 'monthly', from: '2027-12-01', until: '2028-02-01', dueDay: 0 });
    expect(m.map((x) => [x.period, x.dueDate])).toEqual([
      ['2027-12', '2027-12-31'],
      ['2028-01', '2028-01-31'],
      ['2028-02', '2028-02-29'],
    ]);
    const h = occurrencesOf({ kind: 'recurring', frequency: 'halfYearly', from: '2026-01-01', until: '2026-12-31', dueDay: 5 });
    expect(h.map((x) => [x.period, x.dueDate])).toEqual([
      ['2026-H1', '2026-07-05'],
      ['2026-H2', '2027-01-05'],
    ]);
    const y = occurrencesOf({ kind: 'recurring', frequency: 'yearly', from: '2026-05-01', until: '2027-01-01', dueDay: 10 });
    expect(y.map((x) => [x.period, x.dueDate])).toEqual([
      ['2026', '2027-01-10'],
      ['2027', '2028-01-10'],
    ]);
  });
});

describe('the 5 rõ checks', () => {
  it('accepts a complete task', () => {
    expect(checkTask({ ...base, schedule: { kind: 'once', dueDate: '2026-03-01' } }, '2026-03-01')).toEqual([]);
  });
  it('refuses a task with no lead unit and no due date', () => {
    expect(checkTask({ ...base, leadUnitId: null, schedule: null }, '2026-03-01').map((p) => p.code)).toEqual([
      'plan_task_lead_required',
      'plan_task_due_required',
    ]);
  });
  it('refuses a due date before the plan date, naming both', () => {
    expect(checkTask({ ...base, schedule: { kind: 'once', dueDate: '2026-02-28' } }, '2026-03-01')).toEqual([
      { code: 'plan_task_due_before_plan', field: 'schedule', params: { due: '2026-02-28', planDate: '2026-03-01' } },
    ]);
  });
  it('a recurring schedule is checked on its first due date, and its range must not be reversed', () => {
    // Q1 is due 2026-04-15, after a plan of 2026-03-10 although the range starts earlier
    expect(
      checkTask({ ...base, schedule: { kind: 'recurring', frequency: 'quarterly', from: '2026-01-01', until: '2026-12-31', dueDay: 15 } }, '2026-03-10'),
    ).toEqual([]);
    expect(
      checkTask({ ...base, schedule: { kind: 'recurring', frequency: 'quarterly', from: '2026-12-01', until: '2026-01-01', dueDay: 15 } }, '2026-01-01').map(
        (p) => p.code,
      ),
    ).toEqual(['plan_task_schedule_range']);
  });
  it('a support unit cannot also lead; a target must be a number', () => {
    expect(
      checkTask(
        { ...base, supportUnitIds: ['u1'], expected: { text: '', targetValue: '9x', targetUnit: '%' }, schedule: { kind: 'once', dueDate: '2026-04-01' } },
        '2026-03-01',
      ).map((p) => p.code),
    ).toEqual(['plan_task_support_is_lead', 'plan_task_target_invalid']);
  });
});

describe('sub-task trees', () => {
  // a ← b ← c (c is a sub-task of b, b of a)
  const parents = new Map<string, string | null>([
    ['a', null],
    ['b', 'a'],
    ['c', 'b'],
    ['d', null],
  ]);
  it('refuses to move a task under itself or under its own descendant', () => {
    expect(wouldCycle(parents, 'a', 'a')).toBe(true);
    expect(wouldCycle(parents, 'a', 'c')).toBe(true);
    expect(wouldCycle(parents, 'b', 'c')).toBe(true);
  });
  it('allows moves that keep a tree', () => {
    expect(wouldCycle(parents, 'c', 'a')).toBe(false);
    expect(wouldCycle(parents, 'a', 'd')).toBe(false);
    expect(wouldCycle(parents, 'b', null)).toBe(false);
  });
});

describe('inbox state of an occurrence', () => {
  it('done, missing, late, due soon and upcoming', () => {
    expect(occurrenceState({ dueDate: '2026-03-10', status: 'done' }, '2026-04-01', 14)).toBe('done');
    expect(occurrenceState({ dueDate: '2026-03-10', status: null }, '2026-03-11', 14)).toBe('missing');
    expect(occurrenceState({ dueDate: '2026-03-10', status: 'inProgress' }, '2026-03-11', 14)).toBe('late');
    expect(occurrenceState({ dueDate: '2026-03-10', status: null }, '2026-03-10', 14)).toBe('dueSoon');
    expect(occurrenceState({ dueDate: '2026-03-24', status: null }, '2026-03-10', 14)).toBe('dueSoon');
    expect(occurrenceState({ dueDate: '2026-03-25', status: null }, '2026-03-10', 14)).toBe('upcoming');
  });
  it('lateness in working days skips weekends and holidays', () => {
    // due Friday 2026-04-24; today Tuesday 2026-05-05: Mon 27, Tue 28, Wed 29 (30/4 and 1/5 are holidays), Mon 4, Tue 5
    const cal = makeCalendar({ holidays: ['2026-04-30', '2026-05-01'] });
    expect(workingDaysLate(cal, '2026-04-24', '2026-05-05')).toBe(5);
    expect(workingDaysLate(cal, '2026-04-24', '2026-04-24')).toBe(0);
    expect(workingDaysLate(cal, '2026-04-24', '2026-04-20')).toBe(0);
  });
});

describe('refs', () => {
  it('sorts like a plan table and finds the parent', () => {
    expect(['10', '2', '1.2', '1', '1.10', '1.1'].sort(compareRefs)).toEqual(['1', '1.1', '1.2', '1.10', '2', '10']);
    expect(parentRefOf('2.3.1')).toBe('2.3');
    expect(parentRefOf('2')).toBeNull();
  });
});
