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
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnam calendar day (YYYY-MM-DD) starts: 00:00 UTC+7. */
export function vietnamDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
}

/** The last millisecond of a Vietnam calendar day (YYYY-MM-DD). */
export function vietnamDayEnd(day: string): Date {
  return new Date(vietnamDayStart(day).getTime() + 86_400_000 - 1);
}
