import { fromEpochDay } from '../calendar/isoDate.ts';

/** Time is injected: the domain never reads the system clock, and tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told to. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
}

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

/** Vietnam is UTC+7 all year (no daylight saving). */
export const VN_OFFSET_MS = 7 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam (UTC+7, no daylight saving). */
export function vietnamDay(at: Date): string {
  return fromEpochDay(Math.floor((at.getTime() + VN_OFFSET_MS) / DAY_MS));
}

const DAY_MS = 86_400_000;

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** The same text as `at.toISOString()` (UTC, milliseconds, "Z"), made faster for bulk writes. */
export function isoInstant(at: Date): string {
  const ms = at.getTime();
  const epochDay = Math.floor(ms / DAY_MS);
  const inDay = ms - epochDay * DAY_MS;
  if (epochDay < -719_162 || epochDay > 2_932_896) return at.toISOString(); // outside years 0001–9999
  const h = Math.floor(inDay / 3_600_000);
  const mi = Math.floor((inDay % 3_600_000) / 60_000);
  const s = Math.floor((inDay % 60_000) / 1000);
  const milli = inDay % 1000;
  return `${fromEpochDay(epochDay)}T${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[s]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** The instant a Vietnam calendar day (YYYY-MM-DD) starts: 00:00 UTC+7. */
export function vietnamDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
}

/** The last millisecond of a Vietnam calendar day (YYYY-MM-DD). */
export function vietnamDayEnd(day: string): Date {
  return new Date(vietnamDayStart(day).getTime() + 86_400_000 - 1);
}
