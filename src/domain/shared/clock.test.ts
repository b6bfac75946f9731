import { describe, expect, it } from 'vitest';
import { isoInstant, vietnamDay, vietnamDayEnd, vietnamDayStart } from './clock.ts';

describe('Vietnam calendar days (UTC+7, no daylight saving)', () => {
  it('starts a day at 00:00 in Vietnam, 17:00 UTC the day before, and ends it one millisecond before the next', () => {
    expect(vietnamDayStart('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(vietnamDayEnd('2026-01-01').toISOString()).toBe('2026-01-01T16:59:59.999Z');
    expect(vietnamDay(vietnamDayStart('2026-01-01'))).toBe('2026-01-01');
    expect(vietnamDay(vietnamDayEnd('2026-01-01'))).toBe('2026-01-01');
    expect(vietnamDay(new Date(vietnamDayEnd('2026-01-01').getTime() + 1))).toBe('2026-01-02');
  });
});

describe('isoInstant', () => {
  it('writes exactly what toISOString writes, across days, leap days, milliseconds and years before 1970', () => {
    const samples = [
      '2024-02-29T23:59:59.999Z',
      '2025-12-31T17:00:00.000Z',
      '1969-12-31T23:59:59.001Z',
      '1900-03-01T00:00:00.010Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ].map((t) => new Date(t));
    // and a spread of instants, seeded
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      samples.push(new Date(Date.UTC(1950, 0, 1) + seed * 29 * 1013)); // 1950 to about 5950
    }
    samples.push(new Date(Date.UTC(-50, 0, 1)), new Date(Date.UTC(12000, 0, 1)));
    for (const d of samples) expect(isoInstant(d)).toBe(d.toISOString());
    expect(vietnamDay(new Date('1969-12-31T16:59:59.999Z'))).toBe('1969-12-31');
    expect(vietnamDay(new Date('1969-12-31T17:00:00.000Z'))).toBe('1970-01-01');
  });
});
