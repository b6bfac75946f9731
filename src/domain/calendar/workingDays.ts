/**
 * Working-day arithmetic for the Vietnamese administrative week.
 *
 * Rules:
 *  - Saturday and Sunday are weekly rest days (40-hour, 5-day week of state
 *    agencies: Quyết định 188/1999/QĐ-TTg).
 *  - Days in `holidays` are days off (public holidays, Tết, compensatory days
 *    off, swapped days — whatever the editable list contains).
 *  - Days in `workingWeekends` (ngày làm bù, make-up working Saturdays) are
 *    working days even though they fall on a weekend.
 *  - Every other day (Monday–Friday) is a working day.
 */

import { fromEpochDay, type IsoDate, isoToEpochDay, isWeekend, parseIsoDate } from './isoDate.ts';

/** An immutable description of which days are working days. */
export interface WorkingCalendar {
  /** Days off in addition to weekends. */
  readonly holidays: ReadonlySet<IsoDate>;
  /** Weekend days that are working days (ngày làm bù). */
  readonly workingWeekends: ReadonlySet<IsoDate>;
}

export interface CalendarInput {
  holidays: Iterable<IsoDate>;
  workingWeekends?: Iterable<IsoDate>;
}

/**
 * Builds a WorkingCalendar. Every date is validated as 'YYYY-MM-DD'.
 * Throws RangeError if a `workingWeekends` entry is not a Saturday/Sunday or
 * is also listed as a holiday (contradictory input).
 */
export function makeCalendar(input: CalendarInput): WorkingCalendar {
  const holidays = new Set<IsoDate>();
  for (const day of input.holidays) holidays.add(parseIsoDate(day));
  const workingWeekends = new Set<IsoDate>();
  for (const day of input.workingWeekends ?? []) {
    const valid = parseIsoDate(day);
    if (!isWeekend(valid)) {
      throw new RangeError(`Make-up working day ${valid} is not a Saturday or Sunday`);
    }
    if (holidays.has(valid)) {
      throw new RangeError(`${valid} is listed both as a holiday and as a make-up working day`);
    }
    workingWeekends.add(valid);
  }
  return Object.freeze({ holidays, workingWeekends });
}

/**
 * True if `iso` is a working day: not a holiday, and either Monday–Friday or a
 * listed make-up working weekend day.
 */
export function isWorkingDay(cal: WorkingCalendar, iso: IsoDate): boolean {
  return isWorkingEpochDay(cal, isoToEpochDay(iso));
}

/** isWorkingDay on a day counted from 1970-01-01 (avoids re-parsing in loops). */
function isWorkingEpochDay(cal: WorkingCalendar, epochDay: number): boolean {
  const iso = fromEpochDay(epochDay);
  if (cal.holidays.has(iso)) return false;
  const weekday = (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const weekend = weekday === 0 || weekday === 6;
  return !weekend || cal.workingWeekends.has(iso);
}

/**
 * Moves by working days.
 *
 *  - n > 0: the n-th working day strictly after `start` (`start` itself is
 *    never counted, whether or not it is a working day). E.g. a deadline of
 *    "5 working days from receipt on D" is addWorkingDays(cal, D, 5).
 *  - n = 0: `start` if it is a working day, otherwise the next working day.
 *  - n < 0: mirror image — the |n|-th working day strictly before `start`.
 *
 * For n > 0 the result R always satisfies workingDaysBetween(cal, start, R) === n.
 */
export function addWorkingDays(cal: WorkingCalendar, start: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Number of working days must be an integer, got ${n}`);
  }
  let day = isoToEpochDay(start);
  if (n === 0) {
    while (!isWorkingEpochDay(cal, day)) day++;
    return fromEpochDay(day);
  }
  // The holiday set is finite, so working days always exist further on and
  // these loops terminate.
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    day += step;
    if (isWorkingEpochDay(cal, day)) remaining--;
  }
  return fromEpochDay(day);
}

/**
 * Number of working days in the half-open interval (from, to]: `from` is
 * excluded, `to` is included. Returns 0 when from === to, and the negated
 * count of (to, from] when `to` is before `from`, so that
 *   workingDaysBetween(a, b) === -workingDaysBetween(b, a) and
 *   workingDaysBetween(a, b) + workingDaysBetween(b, c) === workingDaysBetween(a, c).
 *
 * Example: from a Friday to the following Monday (no holidays) is 1.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: IsoDate, to: IsoDate): number {
  const a = isoToEpochDay(from);
  const b = isoToEpochDay(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = lo + 1; day <= hi; day++) {
    if (isWorkingEpochDay(cal, day)) count++;
  }
  return count === 0 ? 0 : sign * count; // avoid -0
}
