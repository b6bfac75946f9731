import { describe, expect, it } from 'vitest';
import { vietnamDay, vietnamDayEnd, vietnamDayStart } from './clock.ts';

describe('Vietnam calendar days (UTC+7, no daylight saving)', () => {
  it('starts a day at 00:00 in Vietnam, 17:00 UTC the day before, and ends it one millisecond before the next', () => {
    expect(vietnamDayStart('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(vietnamDayEnd('2026-01-01').toISOString()).toBe('2026-01-01T16:59:59.999Z');
    expect(vietnamDay(vietnamDayStart('2026-01-01'))).toBe('2026-01-01');
    expect(vietnamDay(vietnamDayEnd('2026-01-01'))).toBe('2026-01-01');
    expect(vietnamDay(new Date(vietnamDayEnd('2026-01-01').getTime() + 1))).toBe('2026-01-02');
  });
});
