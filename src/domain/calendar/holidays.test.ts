import { describe, expect, it } from 'vitest';
import { defaultHolidays, defaultLunarNewYearDays, HOLIDAY_NAMES, type Holiday } from './holidays.ts';

const days = (hs: Holiday[], name?: string) => hs.filter((h) => !name || h.name === name).map((h) => h.day);

describe('defaultHolidays (BLLĐ 2019 Điều 112)', () => {
  it('lists the 2025 holidays', () => {
    expect(defaultHolidays(2025)).toEqual([
      { day: '2025-01-01', name: 'Tết Dương lịch', kind: 'fixed' },
      // 29 tháng Chạp Giáp Thìn (no 30 Tết that year) + mùng 1–4 Ất Tỵ.
      { day: '2025-01-28', name: 'Tết Nguyên đán', kind: 'lunar' },
      { day: '2025-01-29', name: 'Tết Nguyên đán', kind: 'lunar' },
      { day: '2025-01-30', name: 'Tết Nguyên đán', kind: 'lunar' },
      { day: '2025-01-31', name: 'Tết Nguyên đán', kind: 'lunar' },
      { day: '2025-02-01', name: 'Tết Nguyên đán', kind: 'lunar' },
      { day: '2025-04-07', name: 'Giỗ Tổ Hùng Vương', kind: 'lunar' },
      { day: '2025-04-30', name: 'Ngày Chiến thắng', kind: 'fixed' },
      { day: '2025-05-01', name: 'Ngày Quốc tế Lao động', kind: 'fixed' },
      { day: '2025-09-01', name: 'Quốc khánh', kind: 'fixed' },
      { day: '2025-09-02', name: 'Quốc khánh', kind: 'fixed' },
    ]);
  });

  it('starts Tết on 30 Tết when month 12 has 30 days (2024)', () => {
    expect(days(defaultHolidays(2024), HOLIDAY_NAMES.lunarNewYear)).toEqual([
      '2024-02-09', // 30 tháng Chạp Quý Mão
      '2024-02-10', // mùng 1 Giáp Thìn
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
    ]);
    expect(days(defaultHolidays(2024), HOLIDAY_NAMES.hungKings)).toEqual(['2024-04-18']);
  });

  it('follows the lunar calendar for Tết and Giỗ Tổ (2023, 2026)', () => {
    expect(days(defaultHolidays(2023), HOLIDAY_NAMES.lunarNewYear)).toEqual(['2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25']);
    expect(days(defaultHolidays(2023), HOLIDAY_NAMES.hungKings)).toEqual(['2023-04-29']);
    expect(defaultLunarNewYearDays(2026)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  });

  it('always yields the 11 statutory days, all in the requested year and sorted', () => {
    for (let year = 1990; year <= 2100; year++) {
      const hs = defaultHolidays(year);
      expect(hs).toHaveLength(11);
      expect(hs.every((h) => h.day.startsWith(`${year}-`))).toBe(true);
      expect(days(hs)).toEqual([...days(hs)].sort());
      expect(days(hs, HOLIDAY_NAMES.lunarNewYear)).toHaveLength(5);
      expect(days(hs, HOLIDAY_NAMES.nationalDay)).toEqual([`${year}-09-01`, `${year}-09-02`]);
      expect(hs.filter((h) => h.kind === 'lunar')).toHaveLength(6);
    }
  });

  it('does not add compensatory days (2023: 2/9 was a Saturday)', () => {
    // The government gave 4/9/2023 off in compensation; that is not a default.
    expect(days(defaultHolidays(2023), HOLIDAY_NAMES.nationalDay)).toEqual(['2023-09-01', '2023-09-02']);
    expect(days(defaultHolidays(2023))).not.toContain('2023-09-04');
  });

  it('rejects invalid years', () => {
    expect(() => defaultHolidays(2025.5)).toThrow(RangeError);
    expect(() => defaultHolidays(0)).toThrow(RangeError);
  });
});
