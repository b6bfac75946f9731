/**
 * Vietnamese lunisolar calendar (âm lịch) ↔ Gregorian conversion.
 *
 * Algorithm: the one published by Hồ Ngọc Đức ("Âm lịch Việt Nam",
 * https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), which uses
 * the new-moon and solar-longitude approximations from Jean Meeus,
 * "Astronomical Algorithms" (1998), with Julian day numbers.
 *
 * Rules of the calendar (as implemented):
 *  1. A lunar month starts on the civil day (in the calendar's time zone) that
 *     contains the astronomical new moon.
 *  2. Month 11 is the month containing the winter solstice
 *     (sun longitude 270°).
 *  3. If there are 13 new moons between the starts of two consecutive
 *     month-11s, the year has a leap month: the first month after month 11
 *     that contains no major solar term (trung khí — a multiple of 30° of sun
 *     longitude) is the leap month and repeats the number of the month before it.
 *
 * The time zone matters. Vietnam has used UTC+7 since 1968 (North) / 1975
 * (whole country) while China uses UTC+8. When a new moon or a solar term
 * falls between 16:00 and 17:00 UTC, the two calendars differ by a day or even
 * a month (e.g. Vietnamese Tết 1985-01-21 vs Chinese New Year 1985-02-20;
 * 2007-02-17 vs 2007-02-18). All public functions default to UTC+7.
 *
 * Accuracy: the approximations are good to well under an hour for roughly
 * 1800–2199; results were cross-checked against published Vietnamese
 * calendars for the late 20th and 21st centuries (see lunar.test.ts).
 */

import { fromEpochDay, type IsoDate, isoDate, isoToEpochDay } from './isoDate.ts';

/** UTC offset, in hours, of the official Vietnamese calendar (UTC+7). */
export const VIETNAM_TIME_ZONE = 7;

/** A date in the Vietnamese lunar calendar. */
export interface LunarDate {
  /** Lunar year, numbered as the Gregorian year in which its month 1 begins. */
  year: number;
  /** Month number 1–12 (a leap month repeats the number of the month before it). */
  month: number;
  /** Day of the month 1–30. */
  day: number;
  /** True for the leap (nhuận) month. */
  leap: boolean;
}

/** Julian day number of 1970-01-01 (the Unix epoch day 0). */
const JDN_OF_EPOCH_DAY_0 = 2_440_588;
/** Mean synodic month in days (Meeus). */
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the reference new moon k = 0 (1900-01-01 13:51 UTC), as used by Hồ Ngọc Đức. */
const NEW_MOON_EPOCH_JD = 2_415_021.076998695;

const DEG = Math.PI / 180;

function isoToJdn(iso: IsoDate): number {
  return isoToEpochDay(iso) + JDN_OF_EPOCH_DAY_0;
}

function jdnToIso(jdn: number): IsoDate {
  return fromEpochDay(jdn - JDN_OF_EPOCH_DAY_0);
}

/**
 * Julian date (UT) of the k-th new moon after the reference new moon of
 * 1900-01-01. Meeus, Astronomical Algorithms, ch. 49 (truncated series),
 * with the ΔT correction used by Hồ Ngọc Đức.
 */
function newMoonJd(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900-01-01
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/**
 * Apparent solar longitude in radians, normalised to [0, 2π), at Julian date
 * `jd` (UT). Meeus, Astronomical Algorithms, ch. 25 (low-precision method).
 */
function sunLongitude(jd: number): number {
  const T = (jd - 2_451_545.0) / 36_525; // Julian centuries since J2000.0
  const T2 = T * T;
  const M = 357.5291 + 35_999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36_000.76983 * T + 0.0003032 * T2; // mean longitude
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  const L = (L0 + DL) * DEG;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/**
 * Index 0–11 of the 30° sector of solar longitude at the start of local day
 * `jdn` (0 = [0°, 30°) … 9 = [270°, 300°), i.e. 9 means the winter solstice
 * has already passed).
 */
function sunSectorAtDayStart(jdn: number, timeZone: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Local civil day (as JDN) on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + timeZone / 24);
}

/** JDN of the first day of lunar month 11 that begins in (or around the end of) Gregorian `year`. */
function lunarMonth11Start(year: number, timeZone: number): number {
  const off = isoToJdn(isoDate(year, 12, 31)) - 2_415_021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  // If that month already starts after the solstice, month 11 is the previous one.
  return sunSectorAtDayStart(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/**
 * For a 13-month year starting at month 11 (JDN a11): the offset, counted in
 * months after a11, of the leap month — the first month without a major
 * solar term (its start and the next month's start lie in the same 30° sector).
 */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSectorAtDayStart(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSectorAtDayStart(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * Converts a Gregorian day to the Vietnamese lunar calendar.
 * Source: Hồ Ngọc Đức's convertSolar2Lunar (see module header), with a more
 * robust search for the start of the current month.
 */
export function solarToLunar(iso: IsoDate, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = isoToJdn(iso);
  const solarYear = Number(iso.slice(0, 4));
  // Start of the lunar month containing `dayNumber`: the last new-moon day on
  // or before it. The original algorithm tries only the mean-lunation estimate
  // k and k + 1, which is one month off on a few days (e.g. 1877-04-13,
  // 2054-05-07) where the true new moon deviates far from the mean; search
  // until the bracket is correct instead.
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k, timeZone) > dayNumber) k--;
  while (newMoonDay(k + 1, timeZone) <= dayNumber) k++;
  const monthStart = newMoonDay(k, timeZone);

  let a11 = lunarMonth11Start(solarYear, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = solarYear;
    a11 = lunarMonth11Start(solarYear - 1, timeZone);
  } else {
    lunarYear = solarYear + 1;
    b11 = lunarMonth11Start(solarYear + 1, timeZone);
  }

  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29); // months since month 11
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day, leap };
}

/**
 * Index k (for newMoonDay) of the new moon that starts the given lunar month.
 * Throws RangeError if `leap` is set and that year has no such leap month.
 */
function lunarMonthIndex(lunarYear: number, lunarMonth: number, leap: boolean, timeZone: number): number {
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = lunarMonth11Start(lunarYear - 1, timeZone);
    b11 = lunarMonth11Start(lunarYear, timeZone);
  } else {
    a11 = lunarMonth11Start(lunarYear, timeZone);
    b11 = lunarMonth11Start(lunarYear + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  let isLeapMonth = false;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    isLeapMonth = leap && lunarMonth === leapMonth;
    if (isLeapMonth || off >= leapOff) off += 1;
  }
  if (leap && !isLeapMonth) {
    throw new RangeError(`Lunar year ${lunarYear} has no leap month ${lunarMonth}`);
  }
  return k + off;
}

function assertInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Number of days (29 or 30) in the given lunar month.
 * Throws RangeError if `leap` is set and that leap month does not exist.
 */
export function lunarMonthLength(lunarYear: number, lunarMonth: number, leap = false, timeZone: number = VIETNAM_TIME_ZONE): number {
  assertInt('lunarYear', lunarYear, 1, 9998);
  assertInt('lunarMonth', lunarMonth, 1, 12);
  const index = lunarMonthIndex(lunarYear, lunarMonth, leap, timeZone);
  return newMoonDay(index + 1, timeZone) - newMoonDay(index, timeZone);
}

/**
 * Converts a Vietnamese lunar date to its Gregorian day.
 * Source: Hồ Ngọc Đức's convertLunar2Solar (see module header).
 *
 * Throws RangeError if the month/day is out of range, if `leap` is set but
 * that year has no such leap month, or if `lunarDay` is 30 in a 29-day month.
 */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leap = false, timeZone: number = VIETNAM_TIME_ZONE): IsoDate {
  assertInt('lunarYear', lunarYear, 1, 9998);
  assertInt('lunarMonth', lunarMonth, 1, 12);
  assertInt('lunarDay', lunarDay, 1, 30);
  const index = lunarMonthIndex(lunarYear, lunarMonth, leap, timeZone);
  const start = newMoonDay(index, timeZone);
  const length = newMoonDay(index + 1, timeZone) - start;
  if (lunarDay > length) {
    const label = `${leap ? 'leap ' : ''}month ${lunarMonth} of lunar year ${lunarYear}`;
    throw new RangeError(`${label} has only ${length} days`);
  }
  return jdnToIso(start + lunarDay - 1);
}

/** Gregorian date of Tết Nguyên đán (1st day of month 1) of the given lunar year. */
export function lunarNewYear(lunarYear: number, timeZone: number = VIETNAM_TIME_ZONE): IsoDate {
  return lunarToSolar(lunarYear, 1, 1, false, timeZone);
}
