import { describe, expect, it } from 'vitest';
import { defaultHolidays } from './holidays.ts';
import { addDays, type IsoDate } from './isoDate.ts';
import { addWorkingDays, isWorkingDay, makeCalendar, workingDaysBetween } from './workingDays.ts';

const holidayDays = (...years: number[]) => years.flatMap((y) => defaultHolidays(y).map((h) => h.day));

/** Default statutory holidays only, no compensatory days. */
const defaults2025 = makeCalendar({ holidays: holidayDays(2024, 2025, 2026) });

/**
 * The Tết 2025 break as announced for public servants: off Saturday 25/1 to
 * Sunday 2/2/2025 (9 days), with Monday 27/1 swapped for a make-up working
 * Saturday 8/2/2025. Weekend days inside the break may be listed or not.
 */
const announced2025 = makeCalendar({
  holidays: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'],
  workingWeekends: ['2025-02-08'],
});

const noHolidays = makeCalendar({ holidays: [] });

describe('makeCalendar', () => {
  it('validates its input', () => {
    expect(() => makeCalendar({ holidays: ['2025-02-30'] })).toThrow(RangeError);
    expect(() => makeCalendar({ holidays: [], workingWeekends: ['2025-02-07'] })).toThrow(/not a Saturday or Sunday/);
    expect(() =>
      makeCalendar({
        holidays: ['2025-02-08'],
        workingWeekends: ['2025-02-08'],
      }),
    ).toThrow(/both/);
  });

  it('is immutable from the outside', () => {
    const source = ['2025-01-01'];
    const cal = makeCalendar({ holidays: source });
    source.push('2025-01-02');
    expect(isWorkingDay(cal, '2025-01-02')).toBe(true);
    expect(Object.isFrozen(cal)).toBe(true);
  });
});

describe('isWorkingDay', () => {
  it('treats Monday–Friday as working and Saturday/Sunday as rest', () => {
    expect(isWorkingDay(noHolidays, '2025-01-24')).toBe(true); // Friday
    expect(isWorkingDay(noHolidays, '2025-01-25')).toBe(false); // Saturday
    expect(isWorkingDay(noHolidays, '2025-01-26')).toBe(false); // Sunday
    expect(isWorkingDay(noHolidays, '2025-01-27')).toBe(true); // Monday
  });

  it('honours holidays and make-up working Saturdays', () => {
    expect(isWorkingDay(defaults2025, '2025-01-29')).toBe(false); // mùng 1 Tết
    expect(isWorkingDay(defaults2025, '2025-01-27')).toBe(true);
    expect(isWorkingDay(announced2025, '2025-01-27')).toBe(false);
    expect(isWorkingDay(announced2025, '2025-02-08')).toBe(true); // ngày làm bù
    expect(isWorkingDay(announced2025, '2025-02-15')).toBe(false); // ordinary Saturday
  });
});

describe('workingDaysBetween (half-open interval (from, to])', () => {
  it('excludes from and includes to', () => {
    expect(workingDaysBetween(noHolidays, '2025-01-24', '2025-01-24')).toBe(0);
    expect(workingDaysBetween(noHolidays, '2025-01-24', '2025-01-27')).toBe(1); // Fri → Mon
    expect(workingDaysBetween(noHolidays, '2025-01-23', '2025-01-24')).toBe(1); // Thu → Fri
    expect(workingDaysBetween(noHolidays, '2025-01-20', '2025-01-27')).toBe(5); // Mon → Mon
    expect(workingDaysBetween(noHolidays, '2025-01-27', '2025-01-20')).toBe(-5);
    expect(workingDaysBetween(noHolidays, '2025-01-26', '2025-01-25')).toBe(0); // not -0
  });

  it('counts January–February 2025 with the default holidays', () => {
    // January: 23 weekdays − 1/1 − 28…31/1 = 18. February: 20 weekdays (1/2 is a Saturday).
    expect(workingDaysBetween(defaults2025, '2024-12-31', '2025-01-31')).toBe(18);
    expect(workingDaysBetween(defaults2025, '2025-01-31', '2025-02-28')).toBe(20);
    expect(workingDaysBetween(defaults2025, '2024-12-31', '2025-02-28')).toBe(38);
  });

  it('counts January–February 2025 with the announced Tết break', () => {
    // January: 23 − 1/1 − 27…31/1 = 17. February: 20 + Saturday 8/2 = 21.
    expect(workingDaysBetween(announced2025, '2024-12-31', '2025-01-31')).toBe(17);
    expect(workingDaysBetween(announced2025, '2025-01-31', '2025-02-28')).toBe(21);
  });

  it('counts the whole of 2025 with the default holidays', () => {
    // 261 weekdays; 10 holidays fall on weekdays (1/2/2025 is a Saturday).
    expect(workingDaysBetween(defaults2025, '2024-12-31', '2025-12-31')).toBe(251);
  });

  it('is antisymmetric and additive', () => {
    const points: IsoDate[] = ['2024-12-28', '2025-01-24', '2025-01-29', '2025-02-08', '2025-03-03', '2025-09-02'];
    for (const a of points) {
      for (const b of points) {
        expect(workingDaysBetween(announced2025, a, b)).toBe(-workingDaysBetween(announced2025, b, a) || 0);
        for (const c of points) {
          expect(workingDaysBetween(announced2025, a, b) + workingDaysBetween(announced2025, b, c)).toBe(workingDaysBetween(announced2025, a, c));
        }
      }
    }
  });
});

describe('addWorkingDays', () => {
  it('spans the Tết 2025 break (default holidays)', () => {
    expect(addWorkingDays(defaults2025, '2025-01-24', 1)).toBe('2025-01-27'); // Mon 27/1 is a working day
    expect(addWorkingDays(defaults2025, '2025-01-24', 2)).toBe('2025-02-03');
    expect(addWorkingDays(defaults2025, '2025-01-24', 10)).toBe('2025-02-13');
  });

  it('spans the Tết 2025 break (announced break with make-up Saturday)', () => {
    expect(addWorkingDays(announced2025, '2025-01-24', 1)).toBe('2025-02-03');
    expect(addWorkingDays(announced2025, '2025-01-24', 5)).toBe('2025-02-07');
    expect(addWorkingDays(announced2025, '2025-01-24', 6)).toBe('2025-02-08'); // Saturday làm bù
    expect(addWorkingDays(announced2025, '2025-01-24', 7)).toBe('2025-02-10');
  });

  it('with n = 0 returns start if working, else the next working day', () => {
    expect(addWorkingDays(defaults2025, '2025-01-24', 0)).toBe('2025-01-24');
    expect(addWorkingDays(defaults2025, '2025-01-29', 0)).toBe('2025-02-03');
    expect(addWorkingDays(announced2025, '2025-02-08', 0)).toBe('2025-02-08');
    expect(addWorkingDays(noHolidays, '2025-01-25', 0)).toBe('2025-01-27');
  });

  it('counts from a non-working start day without counting the start', () => {
    expect(addWorkingDays(noHolidays, '2025-01-25', 1)).toBe('2025-01-27'); // Sat + 1 → Mon
    expect(addWorkingDays(defaults2025, '2025-01-29', 1)).toBe('2025-02-03');
  });

  it('goes backwards for negative n', () => {
    expect(addWorkingDays(defaults2025, '2025-02-03', -1)).toBe('2025-01-27');
    expect(addWorkingDays(defaults2025, '2025-02-03', -2)).toBe('2025-01-24');
    expect(addWorkingDays(announced2025, '2025-02-10', -1)).toBe('2025-02-08');
    expect(addWorkingDays(announced2025, '2025-02-03', -1)).toBe('2025-01-24');
    expect(addWorkingDays(noHolidays, '2025-01-26', -1)).toBe('2025-01-24'); // Sun − 1 → Fri
  });

  it('rejects non-integer n', () => {
    expect(() => addWorkingDays(noHolidays, '2025-01-24', 1.5)).toThrow(RangeError);
  });

  it('agrees with workingDaysBetween for every start day and n in 2025', () => {
    for (let start: IsoDate = '2025-01-01'; start <= '2025-03-31'; start = addDays(start, 1)) {
      for (let n = 1; n <= 25; n++) {
        // Forward: the n-th working day after start, and the first such day.
        const fwd = addWorkingDays(announced2025, start, n);
        expect(isWorkingDay(announced2025, fwd)).toBe(true);
        expect(workingDaysBetween(announced2025, start, fwd)).toBe(n);
        expect(workingDaysBetween(announced2025, start, addDays(fwd, -1))).toBe(n - 1);
        // Backward: exactly n working days in [back, start).
        const back = addWorkingDays(announced2025, start, -n);
        expect(isWorkingDay(announced2025, back)).toBe(true);
        expect(workingDaysBetween(announced2025, addDays(back, -1), addDays(start, -1))).toBe(n);
      }
    }
  });
});
