import { describe, expect, it } from 'vitest';
import { isoWeekOf, parsePeriod, previousPeriod } from './period.ts';

const prev = (text: string) => previousPeriod(parsePeriod(text) ?? (null as never)).text;

describe('reporting periods', () => {
  it('parses weeks Monday to Sunday, and refuses a week 53 that does not exist', () => {
    // "Bình Dương tuần 03 năm 2024" (methodology §3.3): ISO week 3 of 2024 is 15–21/01/2024
    expect(parsePeriod('2024-W03')).toMatchObject({ kind: 'week', start: '2024-01-15', end: '2024-01-22' });
    // 2020 had 53 ISO weeks, 2021 did not
    expect(parsePeriod('2020-W53')).toMatchObject({ start: '2020-12-28', end: '2021-01-04' });
    expect(parsePeriod('2021-W53')).toBeNull();
  });

  it('finds the ISO week of a day across year ends', () => {
    expect(isoWeekOf('2024-01-15')).toEqual({ year: 2024, week: 3 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2026-11-22')).toEqual({ year: 2026, week: 47 });
  });

  it('steps back one period of the same kind', () => {
    expect(prev('2025')).toBe('2024');
    expect(prev('2025-Q1')).toBe('2024-Q4');
    expect(prev('2025-Q3')).toBe('2025-Q2');
    expect(prev('2025-01')).toBe('2024-12');
    expect(prev('2025-11')).toBe('2025-10');
    expect(prev('2024-W03')).toBe('2024-W02');
    expect(prev('2021-W01')).toBe('2020-W53');
    expect(prev('2025-W01')).toBe('2024-W52');
  });
});
