import { describe, expect, it } from 'vitest';
import { publishedMean } from './means.ts';

describe('publishedMean', () => {
  it('Nam Định 2020: the mean of the unit indices 87.81, 89.71, 90.84 is published as 89.45', () => {
    expect(publishedMean(['87.81', '89.71', '90.84'])).toBe('89.45');
  });
  it('rounds half-up once, exactly (no float drift)', () => {
    expect(publishedMean(['1.005', '1.005'])).toBe('1.01');
    expect(publishedMean(['72.50', '72.51'])).toBe('72.51'); // 72.505 → 72.51
  });
  it('is null without values', () => {
    expect(publishedMean([])).toBeNull();
  });
});
