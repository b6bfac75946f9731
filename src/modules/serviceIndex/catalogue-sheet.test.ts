import { describe, expect, it } from 'vitest';
import { canonicalAmount, displayAmount, PROCEDURE_CODE_RE, parseCatalogueFile, parseCsv, parseDayText, writeCatalogueCsv } from './catalogue-sheet.ts';

describe('procedure catalogue files', () => {
  it('accepts the national MaTTHC forms only', () => {
    for (const ok of ['1.001757', '2.000488', '2.000488.000.00.00.H21', '1.000105.000.00.00.G12']) expect(PROCEDURE_CODE_RE.test(ok)).toBe(true);
    for (const bad of ['', '1.00175', '0.001757', '1001757', '1.0017570', '2.000488.000.00.00', '2.000488.000.00.00.h21', 'BTP-GLA-01', ' 1.001757']) {
      expect(PROCEDURE_CODE_RE.test(bad)).toBe(false);
    }
  });

  it('reads legal maximum amounts as numeric(8,2) text', () => {
    expect(canonicalAmount(15)).toBe('15.00');
    expect(canonicalAmount(0.5)).toBe('0.50');
    expect(canonicalAmount(0.1 + 0.2)).toBe('0.30');
    expect(canonicalAmount('0,5')).toBe('0.50');
    expect(canonicalAmount(' 007.25 ')).toBe('7.25');
    expect(canonicalAmount('999999.99')).toBe('999999.99');
    for (const bad of [0, -1, 1.255, Number.NaN, 1_000_000, '0', '1.234', '1e3', '1 000', '', '1.000.000']) expect(canonicalAmount(bad)).toBeNull();
    expect(displayAmount('15.00')).toBe('15');
    expect(displayAmount('0.50')).toBe('0.5');
    expect(displayAmount('10.00')).toBe('10');
    expect(displayAmount('100.05')).toBe('100.05');
  });

  it('reads days as dd/mm/yyyy or yyyy-mm-dd', () => {
    expect(parseDayText('1/7/2025')).toBe('2025-07-01');
    expect(parseDayText('01/07/2025')).toBe('2025-07-01');
    expect(parseDayText('2025-07-01')).toBe('2025-07-01');
    expect(parseDayText('29/02/2025')).toBeNull();
    expect(parseDayText('07/2025')).toBeNull();
  });

  it('parses RFC 4180 CSV with quotes, doubled quotes, line breaks in cells and any line end', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"x\ny",z\rlast', ',').records).toEqual([['a', 'b,c', 'd"e'], ['x\ny', 'z'], ['last']]);
    expect(parseCsv('a;b\n', ';').records).toEqual([['a', 'b']]);
    expect(parseCsv('a,"open\nrest', ',')).toEqual({ records: [['a', 'open\nrest']], unterminated: true });
  });

  it('writes CSV that it reads back unchanged', async () => {
    const record = {
      code: '2.000488.000.00.00.H21',
      name: 'Tên có "ngoặc kép", dấu phẩy; và chấm phẩy',
      field: 'Hộ tịch',
      level: 'both' as const,
      onlineService: 'partial' as const,
      hasFee: true,
      legalMax: '0.50',
      legalMaxUnit: 'workingDay' as const,
      publishedOn: '2025-07-01',
      illustrative: false,
    };
    const csv = writeCatalogueCsv([record]);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const back = await parseCatalogueFile(csv);
    expect(back).toEqual({ format: 'csv', rows: [{ ...record, row: 2 }], errors: [], hasIllustrativeColumn: true });
  });
});
