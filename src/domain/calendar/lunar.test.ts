import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from './isoDate.ts';
import { type LunarDate, lunarMonthLength, lunarNewYear, lunarToSolar, solarToLunar } from './lunar.ts';

// Mùng 1 Tết (1st day of lunar month 1). In these years Vietnam and China agree.
const TET: Record<number, IsoDate> = {
  2010: '2010-02-14',
  2011: '2011-02-03',
  2012: '2012-01-23',
  2013: '2013-02-10',
  2014: '2014-01-31',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
};

// Giỗ Tổ Hùng Vương, 10/3 lunar.
const GIO_TO: Record<number, IsoDate> = {
  2018: '2018-04-25',
  2019: '2019-04-14',
  2020: '2020-04-02',
  2021: '2021-04-21',
  2022: '2022-04-10',
  2023: '2023-04-29', // late because 2023 has a leap 2nd month
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
};

describe('lunarToSolar', () => {
  it.each(Object.entries(TET))('Tết %s falls on %s', (year, iso) => {
    expect(lunarToSolar(Number(year), 1, 1)).toBe(iso);
    expect(lunarNewYear(Number(year))).toBe(iso);
    expect(solarToLunar(iso)).toEqual({
      year: Number(year),
      month: 1,
      day: 1,
      leap: false,
    });
  });

  it.each(Object.entries(GIO_TO))('Giỗ Tổ %s falls on %s', (year, iso) => {
    expect(lunarToSolar(Number(year), 3, 10)).toBe(iso);
  });

  it('finds Tết Trung thu (15/8)', () => {
    expect(lunarToSolar(2024, 8, 15)).toBe('2024-09-17');
    expect(lunarToSolar(2025, 8, 15)).toBe('2025-10-06');
  });

  it('handles leap months', () => {
    expect(lunarToSolar(2020, 4, 1, true)).toBe('2020-05-23'); // tháng 4 nhuận Canh Tý
    expect(lunarToSolar(2020, 5, 1)).toBe('2020-06-21');
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22'); // tháng 2 nhuận Quý Mão
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25'); // tháng 6 nhuận Ất Tỵ
    expect(() => lunarToSolar(2024, 2, 1, true)).toThrow(/no leap month/);
    expect(() => lunarToSolar(2023, 3, 1, true)).toThrow(/no leap month/);
  });

  it('knows whether month 12 has a 30th day (30 Tết)', () => {
    // Tết Giáp Thìn 2024 had a 30 Tết; Tết Ất Tỵ 2025 did not (29 Tết was the last day).
    expect(lunarMonthLength(2023, 12)).toBe(30);
    expect(lunarToSolar(2023, 12, 30)).toBe('2024-02-09');
    expect(lunarMonthLength(2024, 12)).toBe(29);
    expect(lunarToSolar(2024, 12, 29)).toBe('2025-01-28');
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(/only 29 days/);
  });

  it('rejects out-of-range input', () => {
    expect(() => lunarToSolar(2025, 0, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 1, 0)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 1, 31)).toThrow(RangeError);
    expect(() => lunarToSolar(2025.5, 1, 1)).toThrow(RangeError);
  });
});

describe('Vietnam (UTC+7) vs China (UTC+8)', () => {
  it('1985: Vietnamese Tết was a month before Chinese New Year', () => {
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    expect(lunarNewYear(1985, 8)).toBe('1985-02-20');
  });

  it('2007: Vietnamese Tết was a day before Chinese New Year', () => {
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2007, 8)).toBe('2007-02-18');
  });

  it('1968: Tết Mậu Thân in the North (UTC+7) was 29 January', () => {
    expect(lunarNewYear(1968)).toBe('1968-01-29');
    expect(lunarNewYear(1968, 8)).toBe('1968-01-30');
  });
});

describe('solarToLunar', () => {
  it('converts known days', () => {
    expect(solarToLunar('2024-02-09')).toEqual({
      year: 2023,
      month: 12,
      day: 30,
      leap: false,
    });
    expect(solarToLunar('2025-01-28')).toEqual({
      year: 2024,
      month: 12,
      day: 29,
      leap: false,
    });
    expect(solarToLunar('2023-03-22')).toEqual({
      year: 2023,
      month: 2,
      day: 1,
      leap: true,
    });
    expect(solarToLunar('2023-04-29')).toEqual({
      year: 2023,
      month: 3,
      day: 10,
      leap: false,
    });
    expect(solarToLunar('2025-09-02')).toEqual({
      year: 2025,
      month: 7,
      day: 11,
      leap: false,
    });
  });

  it('finds the right month on days where the mean-lunation estimate is off by one', () => {
    // Regression: the textbook convertSolar2Lunar returns day 0 here.
    expect(solarToLunar('2054-05-07')).toEqual({
      year: 2054,
      month: 3,
      day: 30,
      leap: false,
    });
    expect(solarToLunar('2062-04-09')).toEqual({
      year: 2062,
      month: 2,
      day: 30,
      leap: false,
    });
    expect(lunarToSolar(2054, 3, 30)).toBe('2054-05-07');
  });

  it('round-trips and advances consistently every day 1900–2100', () => {
    let prev: LunarDate | undefined;
    let monthsInYear: number | undefined; // unknown until the first Tết is seen
    let leapMonthsInYear = 0;
    let monthLength = 0;
    for (let iso: IsoDate = '1900-01-01'; iso <= '2100-12-31'; iso = addDays(iso, 1)) {
      const lunar = solarToLunar(iso);
      expect(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap)).toBe(iso);
      if (prev) {
        if (lunar.day !== 1) {
          // Same month, next day.
          expect(lunar).toEqual({ ...prev, day: prev.day + 1 });
          monthLength++;
        } else {
          // A new month starts: the previous one had 29 or 30 days …
          expect(prev.day).toBe(monthLength);
          expect([29, 30]).toContain(prev.day);
          // … and the new month is either the leap repeat of the previous
          // number, or the next number (wrapping to 1 in a new year).
          if (lunar.leap) {
            expect(lunar).toEqual({
              year: prev.year,
              month: prev.month,
              day: 1,
              leap: true,
            });
          } else if (prev.month === 12) {
            expect(lunar).toEqual({
              year: prev.year + 1,
              month: 1,
              day: 1,
              leap: false,
            });
            // A lunar year has 12 months, or 13 with exactly one leap month.
            if (monthsInYear !== undefined) {
              expect(monthsInYear - leapMonthsInYear).toBe(12);
              expect(leapMonthsInYear).toBeLessThanOrEqual(1);
            }
          } else {
            expect(lunar).toEqual({
              year: prev.year,
              month: prev.month + 1,
              day: 1,
              leap: false,
            });
          }
          if (lunar.month === 1 && !lunar.leap) {
            monthsInYear = 0;
            leapMonthsInYear = 0;
          }
          if (monthsInYear !== undefined) monthsInYear++;
          if (lunar.leap) leapMonthsInYear++;
          monthLength = 1;
        }
      } else {
        monthLength = lunar.day;
      }
      prev = lunar;
    }
  });
});
