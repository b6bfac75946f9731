/**
 * Default public holidays (ngày nghỉ lễ, Tết) in Vietnam.
 *
 * Source: Bộ luật Lao động 2019 (Labour Code No. 45/2019/QH14), Điều 112
 * (Article 112), clause 1. Employees get full-pay days off for:
 *   a) Tết Dương lịch: 1 day (1 January);
 *   b) Tết Âm lịch: 5 days;
 *   c) Ngày Chiến thắng: 1 day (30 April);
 *   d) Ngày Quốc tế lao động: 1 day (1 May);
 *   đ) Quốc khánh: 2 days (2 September and 1 adjacent day before or after);
 *   e) Giỗ Tổ Hùng Vương: 1 day (10th day of the 3rd lunar month).
 *
 * The law fixes how many Tết days and which extra Quốc khánh day only loosely;
 * clause 3 of Article 112 lets the Prime Minister decide the concrete days each
 * year. This module therefore produces a *default reading* that an
 * administrator is expected to review and edit each year:
 *   - Tết Âm lịch: the last day of the old lunar year (30 Tết, or 29 Tết when
 *     month 12 has 29 days) plus the first four days of the new year
 *     (mùng 1–4). This is the choice the government has made most years.
 *   - Quốc khánh: 1 and 2 September. This is the usual choice, but not always
 *     (e.g. in 2024 the days were 2 and 3 September).
 *
 * Compensatory days off (nghỉ bù — when a holiday falls on a weekly rest day,
 * Điều 111 khoản 3 BLLĐ 2019) and swapped days with make-up working Saturdays
 * (hoán đổi ngày làm việc / ngày làm bù) are decided per year by the
 * government and are NOT generated here. Add them to the editable holiday list
 * (and make-up Saturdays to `workingWeekends` in workingDays.ts).
 *
 * Foreign employees' extra days (Điều 112 khoản 2) are out of scope.
 */

import { addDays, compareIsoDate, type IsoDate, isoDate } from './isoDate.ts';
import { lunarNewYear, lunarToSolar } from './lunar.ts';

/** How a holiday's date is defined: by the Gregorian or by the lunar calendar. */
export type HolidayKind = 'fixed' | 'lunar';

/** One day off. A multi-day holiday (Tết, Quốc khánh) yields one entry per day. */
export interface Holiday {
  day: IsoDate;
  /** Vietnamese name with diacritics, e.g. 'Tết Nguyên đán'. */
  name: string;
  kind: HolidayKind;
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labourDay: 'Ngày Quốc tế Lao động',
  nationalDay: 'Quốc khánh',
} as const;

/** Number of Tết Âm lịch days off. Source: BLLĐ 2019 Điều 112 khoản 1 điểm b. */
export const LUNAR_NEW_YEAR_DAYS = 5;

/**
 * Default Tết Âm lịch days for lunar year `lunarYear`: the last day of the
 * previous lunar year followed by mùng 1–4 of `lunarYear` (5 days in total).
 * Source: BLLĐ 2019 Điều 112 khoản 1 điểm b (5 days); the concrete days are
 * decided yearly by the Prime Minister (khoản 3) — this is the usual choice.
 */
export function defaultLunarNewYearDays(lunarYear: number): IsoDate[] {
  const firstDay = lunarNewYear(lunarYear);
  // The day before mùng 1 is the last day of the old year, whether it is the
  // 29th or the 30th of month 12 (or of a leap month 12).
  const start = addDays(firstDay, -1);
  return Array.from({ length: LUNAR_NEW_YEAR_DAYS }, (_, i) => addDays(start, i));
}

/**
 * Default public holidays whose Gregorian date falls in `year`, sorted by date.
 * Source: Bộ luật Lao động 2019, Điều 112 khoản 1 (see module header for the
 * default choices, and for compensatory days, which are not included).
 *
 * If two holidays fall on the same date (possible in principle: after a late
 * Tết and a leap month 1 or 2, 10/3 lunar can reach late May), both entries
 * are kept.
 */
export function defaultHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    throw new RangeError(`year must be an integer in [1, 9998], got ${year}`);
  }
  const fixed = (month: number, day: number, name: string): Holiday => ({
    day: isoDate(year, month, day),
    name,
    kind: 'fixed',
  });

  const candidates: Holiday[] = [
    // Điều 112 khoản 1 điểm a: Tết Dương lịch, 1 day.
    fixed(1, 1, HOLIDAY_NAMES.newYear),
    // Điều 112 khoản 1 điểm b: Tết Âm lịch, 5 days. Tết of neighbouring lunar
    // years is included so that days spilling over a year boundary are kept
    // (in practice all five days always fall in January–February).
    ...[year - 1, year, year + 1].flatMap((lunarYear) =>
      defaultLunarNewYearDays(lunarYear).map(
        (day): Holiday => ({
          day,
          name: HOLIDAY_NAMES.lunarNewYear,
          kind: 'lunar',
        }),
      ),
    ),
    // Điều 112 khoản 1 điểm e: Giỗ Tổ Hùng Vương, 10/3 lunar, 1 day.
    {
      day: lunarToSolar(year, 3, 10),
      name: HOLIDAY_NAMES.hungKings,
      kind: 'lunar',
    },
    // Điều 112 khoản 1 điểm c: Ngày Chiến thắng 30/4, 1 day.
    fixed(4, 30, HOLIDAY_NAMES.reunification),
    // Điều 112 khoản 1 điểm d: Ngày Quốc tế lao động 1/5, 1 day.
    fixed(5, 1, HOLIDAY_NAMES.labourDay),
    // Điều 112 khoản 1 điểm đ: Quốc khánh 2/9 + 1 adjacent day; default 1/9.
    fixed(9, 1, HOLIDAY_NAMES.nationalDay),
    fixed(9, 2, HOLIDAY_NAMES.nationalDay),
  ];

  const prefix = `${String(year).padStart(4, '0')}-`;
  return candidates.filter((h) => h.day.startsWith(prefix)).sort((a, b) => compareIsoDate(a.day, b.day));
}
