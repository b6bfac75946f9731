/**
 * Reporting periods of the Decision 766 index. The portal computes per month, quarter or year (qd766_indicators.json
 * `periods`: "timeType = month | quarter | year"); provinces also report weekly rankings (methodology §3.3 "Periods
 * and API": "Bình Dương tuần 03 năm 2024"; Implementation recommendations 4 "Periods: week, month, quarter, year").
 *
 * Text forms: "2025" (year), "2025-Q4" (quarter), "2025-11" (month), "2025-W03" (ISO week, Monday to Sunday).
 * Days are half-open [start, end) like every validity period in the product (docs/conventions.md "Dates").
 */

import { addDays, type IsoDate, isoDate, weekday } from '../calendar/isoDate.ts';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'week';

export interface Period {
  text: string;
  kind: PeriodKind;
  /** First day. */
  start: IsoDate;
  /** First day after the period. */
  end: IsoDate;
  /**
   * Periods of this kind in a year: the divisor of the previous-year fallback of indicator 1.4 ("dùng số năm trước
   * /12 (tháng), /4 (quý)"); null for weeks, for which the reference gives no divisor.
   */
  perYear: number | null;
}

export const PERIOD_PATTERN = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]|W(?:0[1-9]|[1-4]\d|5[0-3])))?$/;

/** Monday of ISO week 1 of `year` (the week that contains 4 January). */
function isoWeekOne(year: number): IsoDate {
  const jan4 = isoDate(year, 1, 4);
  return addDays(jan4, -((weekday(jan4) + 6) % 7));
}

/** Parses a period text; null when it is malformed or does not exist (e.g. week 53 of a 52-week year). */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD_PATTERN.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1000) return null;
  const part = m[2];
  if (part === undefined) return { text, kind: 'year', start: isoDate(year, 1, 1), end: isoDate(year + 1, 1, 1), perYear: 1 };
  if (part.startsWith('Q')) {
    const q = Number(part.slice(1));
    const start = isoDate(year, 3 * q - 2, 1);
    const end = q === 4 ? isoDate(year + 1, 1, 1) : isoDate(year, 3 * q + 1, 1);
    return { text, kind: 'quarter', start, end, perYear: 4 };
  }
  if (part.startsWith('W')) {
    const w = Number(part.slice(1));
    const start = addDays(isoWeekOne(year), 7 * (w - 1));
    if (start >= isoWeekOne(year + 1)) return null;
    return { text, kind: 'week', start, end: addDays(start, 7), perYear: null };
  }
  const month = Number(part);
  return { text, kind: 'month', start: isoDate(year, month, 1), end: month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1), perYear: 12 };
}

/** The ISO week (year and number) a day belongs to: the week's Thursday decides the year. */
export function isoWeekOf(day: IsoDate): { year: number; week: number } {
  const monday = addDays(day, -((weekday(day) + 6) % 7));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${isoWeekOne(year)}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

/** The period of the same kind just before `p` (the league table's "change in rank since the previous period"). */
export function previousPeriod(p: Period): Period {
  const year = Number(p.start.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  let text: string;
  if (p.kind === 'year') text = String(year - 1);
  else if (p.kind === 'quarter') {
    const q = (Number(p.start.slice(5, 7)) + 2) / 3;
    text = q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  } else if (p.kind === 'month') {
    const m = Number(p.start.slice(5, 7));
    text = m === 1 ? `${year - 1}-12` : `${year}-${pad(m - 1)}`;
  } else {
    const w = isoWeekOf(addDays(p.start, -7));
    text = `${w.year}-W${pad(w.week)}`;
  }
  return parsePeriod(text) as Period;
}
