import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDate,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isoDate,
  isoParts,
  isoToEpochDay,
  isWeekend,
  parseIsoDate,
  weekday,
} from './isoDate.ts';

describe('IsoDate validation', () => {
  it('accepts existing days only', () => {
    expect(isIsoDate('2025-01-29')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true); // leap year
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false); // century, not leap
    expect(isIsoDate('2000-02-29')).toBe(true); // 400-year rule
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });

  it('parseIsoDate throws on malformed input', () => {
    expect(parseIsoDate('2025-12-31')).toBe('2025-12-31');
    expect(() => parseIsoDate('31/12/2025')).toThrow(RangeError);
    expect(() => isoDate(2025, 2, 30)).toThrow(RangeError);
  });

  it('builds and splits dates, including years below 100', () => {
    expect(isoDate(2025, 1, 2)).toBe('2025-01-02');
    expect(isoDate(50, 3, 4)).toBe('0050-03-04');
    expect(isoParts('2025-09-02')).toEqual({ year: 2025, month: 9, day: 2 });
  });
});

describe('day arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });

  it('counts days between dates with sign', () => {
    expect(daysBetween('2025-01-01', '2025-12-31')).toBe(364);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-03-01', '2025-02-01')).toBe(-28);
  });

  it('maps to and from epoch days', () => {
    expect(isoToEpochDay('1970-01-01')).toBe(0);
    expect(isoToEpochDay('2000-01-01')).toBe(10_957);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it('knows the day of the week', () => {
    expect(weekday('2025-01-29')).toBe(3); // Wednesday, mùng 1 Tết Ất Tỵ
    expect(weekday('1975-04-30')).toBe(3); // Wednesday
    expect(weekday('1945-09-02')).toBe(0); // Sunday
    expect(isWeekend('2025-02-01')).toBe(true); // Saturday
    expect(isWeekend('2025-02-02')).toBe(true); // Sunday
    expect(isWeekend('2025-02-03')).toBe(false); // Monday
  });

  it('sorts chronologically', () => {
    expect(['2025-02-01', '2024-12-31', '2025-01-10'].sort(compareIsoDate)).toEqual(['2024-12-31', '2025-01-10', '2025-02-01']);
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    const run = () => [
      addDays('2025-03-30', 1), // DST change in Europe
      addDays('2025-11-02', 1), // DST change in the US
      weekday('2025-01-29'),
      daysBetween('2025-03-01', '2025-04-01'),
    ];
    try {
      const results = ['UTC', 'Asia/Ho_Chi_Minh', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz;
        return run();
      });
      for (const r of results) expect(r).toEqual(['2025-03-31', '2025-11-03', 3, 31]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
