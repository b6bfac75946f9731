/**
 * Vietnamese working-day calendar: pure domain module (no IO, no clock).
 * Calendar days are 'YYYY-MM-DD' strings (IsoDate), independent of time zone.
 */

export * from './holidays.ts';
export * from './isoDate.ts';
export * from './lunar.ts';
export * from './workingDays.ts';
