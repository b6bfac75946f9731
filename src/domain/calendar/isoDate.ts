/**
 * Calendar-day values as ISO strings ('YYYY-MM-DD').
 *
 * An IsoDate names a civil calendar day and carries no time or time zone.
 * All arithmetic goes through UTC (Date.UTC / getUTC*), so the host time zone
 * never affects results. Dates are proleptic Gregorian.
 */

/** A calendar day written 'YYYY-MM-DD' (e.g. '2025-01-29'). */
export type IsoDate = string;

/** Day of week as returned by Date#getUTCDay: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const MS_PER_DAY = 86_400_000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Milliseconds since 1970-01-01T00:00Z for the given civil day.
 * Uses setUTCFullYear so that years 0–99 are not remapped to 1900–1999
 * (a quirk of Date.UTC).
 */
function utcMillis(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** True if `value` is a well-formed, existing calendar day 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  // Reject e.g. '2025-02-30': the day must survive a round trip through Date.
  return fromEpochDay(toEpochDay(year, month, day)) === value;
}

/** Validates and returns `value` as an IsoDate; throws RangeError otherwise. */
export function parseIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) {
    throw new RangeError(`Invalid ISO calendar date: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Builds an IsoDate from year, month (1–12) and day (1–31); throws if the day does not exist. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return parseIsoDate(iso);
}

/** Splits an IsoDate into numeric parts (month and day are 1-based). */
export function isoParts(iso: IsoDate): {
  year: number;
  month: number;
  day: number;
} {
  const valid = parseIsoDate(iso);
  return {
    year: Number(valid.slice(0, 4)),
    month: Number(valid.slice(5, 7)),
    day: Number(valid.slice(8, 10)),
  };
}

/** Days since 1970-01-01 (may be negative). Not validated: callers pass real dates. */
function toEpochDay(year: number, month: number, day: number): number {
  return Math.round(utcMillis(year, month, day) / MS_PER_DAY);
}

/** Days since 1970-01-01 for an IsoDate. */
export function isoToEpochDay(iso: IsoDate): number {
  const { year, month, day } = isoParts(iso);
  return toEpochDay(year, month, day);
}

// (bulk imports ask for the same few hundred days millions of times)
const epochDayTexts = new Map<number, IsoDate>();

/** Inverse of isoToEpochDay. */
export function fromEpochDay(epochDay: number): IsoDate {
  let text = epochDayTexts.get(epochDay);
  if (text !== undefined) return text;
  if (!Number.isInteger(epochDay)) {
    throw new RangeError(`Epoch day must be an integer, got ${epochDay}`);
  }
  const d = new Date(epochDay * MS_PER_DAY);
  text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (epochDayTexts.size < 50_000) epochDayTexts.set(epochDay, text);
  return text;
}

/** The day `n` days after `iso` (negative `n` goes backwards). */
export function addDays(iso: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Day offset must be an integer, got ${n}`);
  return fromEpochDay(isoToEpochDay(iso) + n);
}

/** Signed number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return isoToEpochDay(to) - isoToEpochDay(from);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekday(iso: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((isoToEpochDay(iso) + 4) % 7) + 7) % 7) as Weekday;
}

/** Saturday or Sunday. */
export function isWeekend(iso: IsoDate): boolean {
  const wd = weekday(iso);
  return wd === 0 || wd === 6;
}

/** Comparator for sorting IsoDates chronologically (valid IsoDates sort lexicographically). */
export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
