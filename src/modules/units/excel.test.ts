import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  MAX_UNIT_SHEET_ROWS,
  parseSheetDateText,
  parseUnitKind,
  parseUnitsWorkbook,
  UNIT_SHEET_COLUMNS,
  type UnitSheetError,
  type UnitSheetRow,
  UnitsWorkbookError,
  writeUnitsWorkbook,
} from './excel.ts';

const knownGroups = [
  { code: 'agencies', name: 'Khối sở, ban, ngành' },
  { code: 'communes', name: 'Khối xã, phường' },
];
const HEADERS = UNIT_SHEET_COLUMNS.map((c) => c.header);
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A workbook with the standard header (unless `header` is given) and raw cell values. */
async function sheet(rows: (ExcelJS.CellValue | undefined)[][], header: string[] | null = HEADERS, name = 'Đơn vị'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  if (header) ws.addRow(header);
  for (const r of rows) ws.addRow(r.map((v) => v ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const parse = (buf: Buffer) => parseUnitsWorkbook(buf, { knownGroups });

/** A valid row; override cells by column header. */
function row(over: Partial<Record<string, ExcelJS.CellValue>> = {}): ExcelJS.CellValue[] {
  const base: Record<string, ExcelJS.CellValue> = {
    'Mã đơn vị': 'SNV',
    'Tên đơn vị': 'Sở Nội vụ',
    Loại: 'Sở, ban, ngành',
    'Mã đơn vị cấp trên': '52',
    'Hiệu lực từ': utc('2025-07-01'),
    'Hiệu lực đến': null,
    Khối: 'agencies',
    'Ghi chú': null,
  };
  const merged = { ...base, ...over };
  return HEADERS.map((h) => merged[h] ?? null);
}

const brief = (errors: UnitSheetError[]) => errors.map((e) => [e.row, e.column]);

const SAMPLE: UnitSheetRow[] = [
  { row: 2, code: '52', name: 'Tỉnh Gia Lai', kind: 'province', parentCode: null, validFrom: '2025-07-01', validTo: null, groupCodes: [], note: null },
  { row: 3, code: '64', name: 'Tỉnh Gia Lai', kind: 'province', parentCode: null, validFrom: null, validTo: '2025-07-01', groupCodes: [], note: 'Tỉnh cũ' },
  { row: 4, code: '52', name: 'Tỉnh Bình Định', kind: 'province', parentCode: null, validFrom: null, validTo: '2025-07-01', groupCodes: [], note: null },
  {
    row: 5,
    code: 'SNV',
    name: 'Sở Nội vụ',
    kind: 'agency',
    parentCode: '52',
    validFrom: '2025-07-01',
    validTo: null,
    groupCodes: ['agencies'],
    note: 'Mã minh họa, "không chính thức"; có dấu phẩy, và xuống\ndòng',
  },
  { row: 6, code: '622', name: 'Thành phố Pleiku', kind: 'district', parentCode: '64', validFrom: null, validTo: '2025-07-01', groupCodes: [], note: null },
  {
    row: 7,
    code: '21583',
    name: 'Phường Thị Nại',
    kind: 'commune',
    parentCode: '540',
    validFrom: '2020-02-29',
    validTo: '2025-07-01',
    groupCodes: [],
    note: null,
  },
  {
    row: 8,
    code: '21583',
    name: 'Phường Quy Nhơn',
    kind: 'commune',
    parentCode: '52',
    validFrom: '2025-07-01',
    validTo: null,
    groupCodes: ['communes'],
    note: null,
  },
  {
    row: 9,
    code: '00123',
    name: 'Xã Thử nghiệm',
    kind: 'commune',
    parentCode: '52',
    validFrom: '2025-07-01',
    validTo: '2025-07-02',
    groupCodes: ['communes', 'agencies'],
    note: null,
  },
  {
    row: 10,
    code: 'a.b_c-9',
    name: 'Ban Quản lý Khu kinh tế tỉnh',
    kind: 'agency',
    parentCode: null,
    validFrom: null,
    validTo: null,
    groupCodes: [],
    note: null,
  },
];

describe('writeUnitsWorkbook / parseUnitsWorkbook round trip', () => {
  it('gives back the same rows', async () => {
    const buf = await writeUnitsWorkbook(SAMPLE);
    expect(Buffer.isBuffer(buf)).toBe(true);
    const { rows, errors } = await parse(buf);
    expect(errors).toEqual([]);
    expect(rows).toEqual(SAMPLE);
  });

  it('also round-trips an empty list (header only)', async () => {
    const { rows, errors } = await parse(await writeUnitsWorkbook([]));
    expect(errors).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('writes the documented layout: sheet name, bold frozen header, autofilter, widths, formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeUnitsWorkbook(SAMPLE)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Đơn vị');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(ws.getRow(1).values).toEqual([undefined, 'Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Hiệu lực từ', 'Hiệu lực đến', 'Khối', 'Ghi chú']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(30);
    // Kind label in Vietnamese, code kept as text, dates as real dates shown dd/mm/yyyy.
    expect(ws.getCell('C5').value).toBe('Sở, ban, ngành');
    expect(ws.getCell('C6').value).toBe('Huyện (cũ)');
    expect(ws.getCell('C8').value).toBe('Xã, phường');
    expect(ws.getCell('C2').value).toBe('Tỉnh');
    expect(ws.getCell('A9').value).toBe('00123');
    expect(ws.getCell('E2').value).toEqual(utc('2025-07-01'));
    expect(ws.getCell('E2').numFmt).toBe('dd/mm/yyyy');
    // 'Hiệu lực đến' shows the inclusive last day: stored 2025-07-01 → 30/06/2025.
    expect(ws.getCell('F3').value).toEqual(utc('2025-06-30'));
    expect(ws.getCell('F3').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('F9').value).toEqual(utc('2025-07-01'));
    expect(ws.getCell('G9').value).toBe('communes, agencies');
  });
});

describe('parseUnitsWorkbook — accepted input forms', () => {
  it('accepts Excel dates, dd/mm/yyyy and yyyy-mm-dd text, and converts the last day to the exclusive end', async () => {
    const { rows, errors } = await parse(
      await sheet([
        row({ 'Hiệu lực từ': utc('2020-01-01'), 'Hiệu lực đến': utc('2025-06-30') }),
        row({ 'Mã đơn vị': 'B', 'Hiệu lực từ': '01/01/2020', 'Hiệu lực đến': '30/06/2025' }),
        row({ 'Mã đơn vị': 'C', 'Hiệu lực từ': '2020-01-01', 'Hiệu lực đến': '2025-06-30' }),
        row({ 'Mã đơn vị': 'D', 'Hiệu lực từ': '1/1/2020', 'Hiệu lực đến': ' 31/12/2025 ' }),
        row({ 'Mã đơn vị': 'E', 'Hiệu lực từ': { formula: 'DATE(2020,1,1)', result: utc('2020-01-01') }, 'Hiệu lực đến': '' }),
      ]),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.code, r.validFrom, r.validTo])).toEqual([
      ['SNV', '2020-01-01', '2025-07-01'],
      ['B', '2020-01-01', '2025-07-01'],
      ['C', '2020-01-01', '2025-07-01'],
      ['D', '2020-01-01', '2026-01-01'],
      ['E', '2020-01-01', null],
    ]);
  });

  it('accepts Vietnamese labels, synonyms and English kind names', async () => {
    const kinds = ['Tỉnh', 'province', 'Sở, ban, ngành', 'agency', 'Huyện (cũ)', 'district', 'Xã, phường', 'commune', 'xã, PHƯỜNG', 'Huyện'];
    const { rows, errors } = await parse(await sheet(kinds.map((k, i) => row({ 'Mã đơn vị': `K${i}`, Loại: k, Khối: null, 'Mã đơn vị cấp trên': null }))));
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.kind)).toEqual(['province', 'province', 'agency', 'agency', 'district', 'district', 'commune', 'commune', 'commune', 'district']);
    expect(parseUnitKind('Thôn')).toBeNull();
  });

  it('accepts group codes and group names (which contain commas), comma- or semicolon-separated', async () => {
    const { rows, errors } = await parse(
      await sheet([
        row({ Khối: 'agencies' }),
        row({ 'Mã đơn vị': 'B', Khối: 'Khối sở, ban, ngành' }),
        row({ 'Mã đơn vị': 'C', Khối: 'Khối xã, phường, agencies' }),
        row({ 'Mã đơn vị': 'D', Khối: 'COMMUNES; Khối sở, ban, ngành; communes' }),
        row({ 'Mã đơn vị': 'E', Khối: 'khoi xa, phuong' }),
        row({ 'Mã đơn vị': 'F', Khối: '' }),
      ]),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.groupCodes)).toEqual([['agencies'], ['agencies'], ['communes', 'agencies'], ['communes', 'agencies'], ['communes'], []]);
  });

  it('reads numeric codes, rich text and hyperlinks as text, trims, and treats blanks as null', async () => {
    const { rows, errors } = await parse(
      await sheet([
        row({
          'Mã đơn vị': 21583,
          'Tên đơn vị': { richText: [{ text: 'Phường ' }, { text: 'Quy Nhơn', font: { bold: true } }] },
          Loại: 'Xã, phường',
          'Mã đơn vị cấp trên': 52,
          Khối: 'communes',
          'Ghi chú': { text: 'xem', hyperlink: 'https://example.org' },
        }),
        row({ 'Mã đơn vị': '  X1  ', 'Tên đơn vị': '  Sở   Y tế ', 'Mã đơn vị cấp trên': '  ', 'Ghi chú': '   ' }),
      ]),
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ code: '21583', name: 'Phường Quy Nhơn', parentCode: '52', note: 'xem' });
    expect(rows[1]).toMatchObject({ code: 'X1', name: 'Sở Y tế', parentCode: null, note: null });
  });

  it('skips fully empty rows and keeps Excel row numbers', async () => {
    const { rows, errors } = await parse(await sheet([row({ 'Mã đơn vị': 'A' }), [null, '', '  '], [], row({ 'Mã đơn vị': 'B' })]));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.code])).toEqual([
      [2, 'A'],
      [5, 'B'],
    ]);
  });

  it('finds columns by header in any order, ignores extra columns, prefers the sheet named "Đơn vị"', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').addRow(['Đọc kỹ hướng dẫn']);
    const ws = wb.addWorksheet('Đơn vị');
    const order = [...HEADERS].reverse();
    ws.addRow([...order, 'Cột thêm']);
    const r = row();
    ws.addRow([...order.map((h) => r[HEADERS.indexOf(h)]), 'bỏ qua']);
    const { rows, errors } = await parse(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        code: 'SNV',
        name: 'Sở Nội vụ',
        kind: 'agency',
        parentCode: '52',
        validFrom: '2025-07-01',
        validTo: null,
        groupCodes: ['agencies'],
        note: null,
      },
    ]);
  });

  it('parses date text strictly', () => {
    expect(parseSheetDateText('01/07/2025')).toBe('2025-07-01');
    expect(parseSheetDateText('2025-07-01')).toBe('2025-07-01');
    expect(parseSheetDateText('29/02/2024')).toBe('2024-02-29');
    expect(parseSheetDateText('29/02/2025')).toBeNull();
    expect(parseSheetDateText('07/01/25')).toBeNull();
    expect(parseSheetDateText('2025/07/01')).toBeNull();
    expect(parseSheetDateText('1/7/2025 10:00')).toBeNull();
  });
});

describe('parseUnitsWorkbook — row errors', () => {
  const one = async (over: Partial<Record<string, ExcelJS.CellValue>>) => {
    const res = await parse(await sheet([row({ 'Mã đơn vị': 'OK1' }), row(over)]));
    expect(res.rows.map((r) => r.code)).toEqual(['OK1']);
    for (const e of res.errors) {
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.messageEn.length).toBeGreaterThan(0);
      expect(e.message).not.toBe(e.messageEn);
    }
    return res.errors;
  };

  it('missing code', async () => {
    const errors = await one({ 'Mã đơn vị': null });
    expect(brief(errors)).toEqual([[3, 'Mã đơn vị']]);
    expect(errors[0].message).toMatch(/Thiếu mã đơn vị/);
    expect(errors[0].messageEn).toMatch(/code is missing/);
  });

  it.each(['AB CD', 'Sở', 'x'.repeat(33), 'a/b'])('invalid code %j', async (code) => {
    const errors = await one({ 'Mã đơn vị': code });
    expect(brief(errors)).toEqual([[3, 'Mã đơn vị']]);
    expect(errors[0].message).toMatch(/không hợp lệ/);
  });

  it('missing name', async () => {
    expect(brief(await one({ 'Tên đơn vị': '   ' }))).toEqual([[3, 'Tên đơn vị']]);
  });

  it('unknown and missing Loại', async () => {
    const unknown = await one({ Loại: 'Thôn' });
    expect(brief(unknown)).toEqual([[3, 'Loại']]);
    expect(unknown[0].message).toMatch(/"Thôn" không hợp lệ/);
    expect(unknown[0].messageEn).toMatch(/Unknown kind "Thôn"/);
    expect(brief(await one({ Loại: null }))).toEqual([[3, 'Loại']]);
  });

  it.each([
    ['Hiệu lực từ', '31/02/2025'],
    ['Hiệu lực từ', 'tháng 7'],
    ['Hiệu lực từ', 45839],
    ['Hiệu lực đến', '2025-13-01'],
    ['Hiệu lực đến', true],
    ['Hiệu lực đến', utc('1800-01-01')],
  ])('bad date in %s: %j', async (column, value) => {
    const errors = await one({ [column]: value });
    expect(brief(errors)).toEqual([[3, column]]);
    expect(errors[0].message).toMatch(/dd\/mm\/yyyy/);
  });

  it('validTo before validFrom; a one-day period is fine', async () => {
    const errors = await one({ 'Hiệu lực từ': '01/07/2025', 'Hiệu lực đến': '30/06/2025' });
    expect(brief(errors)).toEqual([[3, 'Hiệu lực đến']]);
    expect(errors[0].message).toMatch(/sớm hơn/);
    const ok = await parse(await sheet([row({ 'Hiệu lực từ': '01/07/2025', 'Hiệu lực đến': '01/07/2025' })]));
    expect(ok.errors).toEqual([]);
    expect(ok.rows[0]).toMatchObject({ validFrom: '2025-07-01', validTo: '2025-07-02' });
  });

  it('unknown group, listing every unknown part and the known groups', async () => {
    const errors = await one({ Khối: 'agencies, Khối huyện, xyz' });
    expect(brief(errors)).toEqual([[3, 'Khối']]);
    expect(errors[0].message).toContain('"Khối huyện", "xyz"');
    expect(errors[0].message).toContain('agencies (Khối sở, ban, ngành)');
    const none = await parseUnitsWorkbook(await sheet([row({ Khối: 'agencies' })]), { knownGroups: [] });
    expect(brief(none.errors)).toEqual([[2, 'Khối']]);
  });

  it('parent code equal to the row’s own code, and an invalid parent code', async () => {
    const self = await one({ 'Mã đơn vị': 'X', 'Mã đơn vị cấp trên': 'X' });
    expect(brief(self)).toEqual([[3, 'Mã đơn vị cấp trên']]);
    expect(self[0].messageEn).toMatch(/own parent/);
    expect(brief(await one({ 'Mã đơn vị cấp trên': 'a b' }))).toEqual([[3, 'Mã đơn vị cấp trên']]);
  });

  it('formula error cells', async () => {
    expect(brief(await one({ 'Tên đơn vị': { error: '#N/A' } }))).toEqual([[3, 'Tên đơn vị']]);
  });

  it('duplicate code within the file only for overlapping periods', async () => {
    const { rows, errors } = await parse(
      await sheet([
        row({ 'Mã đơn vị': '21583', 'Hiệu lực từ': null, 'Hiệu lực đến': '30/06/2025' }), // 2: old
        row({ 'Mã đơn vị': '21583', 'Hiệu lực từ': '01/07/2025', 'Hiệu lực đến': null }), // 3: new, adjacent → fine
        row({ 'Mã đơn vị': '21583', 'Hiệu lực từ': '01/01/2026', 'Hiệu lực đến': null }), // 4: overlaps 3
        row({ 'Mã đơn vị': 'SNV', 'Hiệu lực từ': null, 'Hiệu lực đến': null }), // 5
        row({ 'Mã đơn vị': 'SNV', 'Hiệu lực từ': '01/01/2000', 'Hiệu lực đến': '31/12/2000' }), // 6: inside 5
        row({ 'Mã đơn vị': 'snv', 'Hiệu lực từ': null, 'Hiệu lực đến': null }), // 7: other code (case matters)
        row({ 'Mã đơn vị': 'Z', 'Hiệu lực từ': '01/01/2020', 'Hiệu lực đến': '31/12/2020' }), // 8
        row({ 'Mã đơn vị': 'Z', 'Hiệu lực từ': '31/12/2020', 'Hiệu lực đến': '31/12/2021' }), // 9: shares one day with 8
      ]),
    );
    expect(brief(errors)).toEqual([
      [4, 'Mã đơn vị'],
      [6, 'Mã đơn vị'],
      [9, 'Mã đơn vị'],
    ]);
    expect(errors[0].message).toMatch(/trùng với dòng 3/);
    expect(errors[0].messageEn).toMatch(/row 3/);
    expect(errors[1].message).toMatch(/trùng với dòng 5/);
    expect(errors[2].message).toMatch(/trùng với dòng 8/);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 5, 7, 8]);
  });

  it('reports ALL errors of ALL rows, sorted by row, and returns only clean rows', async () => {
    const { rows, errors } = await parse(
      await sheet([
        row({ 'Mã đơn vị': 'A' }), // 2 ok
        row({ 'Mã đơn vị': null, 'Tên đơn vị': null, Loại: 'Thôn', 'Hiệu lực từ': 'abc', Khối: 'nope' }), // 3: five errors
        row({ 'Mã đơn vị': 'B' }), // 4 ok
        row({ 'Mã đơn vị': 'C', 'Mã đơn vị cấp trên': 'C', 'Hiệu lực từ': '02/01/2025', 'Hiệu lực đến': '01/01/2025' }), // 5: two errors
        row({ 'Mã đơn vị': 'A' }), // 6: duplicate of 2
      ]),
    );
    expect(brief(errors)).toEqual([
      [3, 'Mã đơn vị'],
      [3, 'Tên đơn vị'],
      [3, 'Loại'],
      [3, 'Hiệu lực từ'],
      [3, 'Khối'],
      [5, 'Mã đơn vị cấp trên'],
      [5, 'Hiệu lực đến'],
      [6, 'Mã đơn vị'],
    ]);
    expect(rows.map((r) => r.code)).toEqual(['A', 'B']);
  });

  it(`more than ${MAX_UNIT_SHEET_ROWS} data rows → one error at the first row beyond the limit`, async () => {
    const many = Array.from({ length: MAX_UNIT_SHEET_ROWS + 5 }, (_, i) => row({ 'Mã đơn vị': `U${i}`, 'Hiệu lực từ': null, Khối: null }));
    const { rows, errors } = await parse(await sheet(many));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: MAX_UNIT_SHEET_ROWS + 2, column: '' });
    expect(errors[0].message).toMatch(/tối đa 20\.000/);
    expect(rows).toHaveLength(MAX_UNIT_SHEET_ROWS);

    const exactly = await parse(await sheet(many.slice(0, MAX_UNIT_SHEET_ROWS)));
    expect(exactly.errors).toEqual([]);
  }, 60_000);
});

describe('parseUnitsWorkbook — header', () => {
  it('a sheet without the header row gives one clear error', async () => {
    const { rows, errors } = await parse(await sheet([row(), row({ 'Mã đơn vị': 'B' })], null));
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, column: '' });
    expect(errors[0].message).toMatch(/Không tìm thấy dòng tiêu đề/);
    expect(errors[0].message).toContain('Mã đơn vị | Tên đơn vị | Loại');
    expect(errors[0].messageEn).toMatch(/No header row/);
  });

  it('an empty sheet gives the same single error', async () => {
    const { errors } = await parse(await sheet([], null));
    expect(brief(errors)).toEqual([[1, '']]);
  });

  it('a header lacking some columns names them', async () => {
    const { rows, errors } = await parse(await sheet([['SNV', 'Sở Nội vụ', 'agency']], ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Ghi chú']));
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].row).toBe(1);
    expect(errors[0].message).toBe('Dòng tiêu đề thiếu cột: "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Khối".');
  });

  it('accepts the English headers', async () => {
    const en = UNIT_SHEET_COLUMNS.map((c) => c.headerEn);
    const { rows, errors } = await parse(await sheet([row()], en));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
  });
});

describe('parseUnitsWorkbook — not an xlsx', () => {
  const expectNotXlsx = async (buf: Buffer, code: string) => {
    const err = await parse(buf).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnitsWorkbookError);
    const e = err as UnitsWorkbookError;
    expect(e.code).toBe(code);
    expect(e.messageVi).toMatch(/[Tt]ệp/);
    expect(e.messageEn).toMatch(/file|workbook/i);
    expect(e.message).toContain(e.messageVi);
    expect(e.message).toContain(e.messageEn);
    // No ExcelJS / JSZip internals in the user-facing text.
    expect(e.message).not.toMatch(/zip|central directory|stuk/i);
  };

  it('random bytes', async () => {
    await expectNotXlsx(Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), 'not_xlsx');
  });

  it('a CSV file', async () => {
    await expectNotXlsx(Buffer.from(`${HEADERS.join(',')}\nSNV,Sở Nội vụ,agency,52,01/07/2025,,agencies,\n`), 'not_xlsx');
  });

  it('an empty buffer', async () => {
    await expectNotXlsx(Buffer.alloc(0), 'empty_file');
  });

  it('a truncated xlsx', async () => {
    const good = await writeUnitsWorkbook(SAMPLE);
    await expectNotXlsx(good.subarray(0, Math.floor(good.length / 2)), 'not_xlsx');
  });

  it('a corrupted zip that starts like one', async () => {
    await expectNotXlsx(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)]), 'not_xlsx');
  });

  it('an old .xls (OLE) file', async () => {
    await expectNotXlsx(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'legacy_xls');
  });

  it('a workbook package with no worksheet', async () => {
    const empty = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
    await expectNotXlsx(empty, 'no_worksheet');
  });
});
