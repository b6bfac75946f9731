import { describe, expect, it } from 'vitest';
import { parseVnTimestamp } from './dossier-rows.ts';

const utc = (d: Date | null) => d?.toISOString() ?? null;

describe('timestamps as one-stop systems export them (Vietnam local time without an offset)', () => {
  it('reads the portal’s yyyyMMddHHmmss and the other forms to the same instant', () => {
    const expected = '2025-10-06T01:00:00.000Z'; // 08:00 in Vietnam
    for (const t of ['20251006080000', '2025-10-06 08:00:00', '2025-10-06T08:00', '06/10/2025 08:00', ' 20251006080000 ', '2025-10-06T01:00:00Z']) {
      expect(utc(parseVnTimestamp(t)), t).toBe(expected);
    }
  });

  it('refuses dates and times that do not exist, in every form', () => {
    for (const t of [
      '20250230080000',
      '20251306080000',
      '20251006240000',
      '20251006086000',
      '20251006080060',
      '00991006080000',
      '30/02/2025',
      '2025-02-29 08:00',
    ]) {
      expect(parseVnTimestamp(t), t).toBeNull();
    }
    // 29 February of a leap year exists; of 1900 and 2100 it does not
    expect(utc(parseVnTimestamp('20240229000000'))).toBe('2024-02-28T17:00:00.000Z');
    expect(parseVnTimestamp('21000229000000')).toBeNull();
    expect(utc(parseVnTimestamp('20000229000000'))).toBe('2000-02-28T17:00:00.000Z');
  });

  it('leaves text that is not a timestamp unread', () => {
    for (const t of ['', '2025100608000a', '202510060800000', 'hôm nay']) expect(parseVnTimestamp(t), t).toBeNull();
  });
});
