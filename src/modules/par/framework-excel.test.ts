import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  addDecimals,
  CLASSES_SHEET_NAME,
  compareDecimals,
  decimalFromNumber,
  decimalFromText,
  FRAMEWORK_COLUMNS,
  type FrameworkNode,
  type FrameworkSheet,
  type FrameworkSheetError,
  FrameworkWorkbookError,
  formatScoringMethod,
  fromHundredths,
  INFO_SHEET_NAME,
  MAX_FRAMEWORK_ROWS,
  parseFrameworkWorkbook,
  parseGroupCode,
  parseNodeKind,
  parseNodeSource,
  parseScoringMethod,
  type ScoringMethod,
  TREE_SHEET_NAME,
  toHundredths,
  writeFrameworkWorkbook,
} from './framework-excel.ts';

type Cell = ExcelJS.CellValue;
const HEADERS = FRAMEWORK_COLUMNS.map((c) => c.header);
const T = TREE_SHEET_NAME;
const I = INFO_SHEET_NAME;
const C = CLASSES_SHEET_NAME;

// ---------------------------------------------------------------------------
// Raw workbook helpers
// ---------------------------------------------------------------------------

/** A tree row in FRAMEWORK_COLUMNS order. */
function r(
  code: Cell,
  parentCode: Cell,
  title: Cell,
  maxPoints: Cell,
  source: Cell,
  kind: Cell,
  method: Cell,
  guidance: Cell = null,
  evidence: Cell = null,
): Cell[] {
  return [code, parentCode, title, maxPoints, source, kind, method, guidance, evidence];
}

/** A small valid tree (Excel rows 2–7). */
const BASE_TREE: Cell[][] = [
  r('1', null, 'Công tác chỉ đạo, điều hành CCHC', 5, 'Tự chấm', 'Thường', null),
  r('1.1', '1', 'Kế hoạch CCHC năm', 3, 'Tự chấm', 'Thường', null),
  r(
    '1.1.1',
    null,
    'Ban hành kế hoạch CCHC năm',
    1,
    'Tự chấm',
    'Thường',
    'Mức: Kịp thời=1; Không kịp thời=0,5; Không ban hành=0',
    'Quyết định ban hành kế hoạch',
    'Có',
  ),
  r('1.1.2', '1.1', 'Mức độ thực hiện kế hoạch CCHC', 2, 'Tự chấm', 'Thường', 'Ngưỡng %: >=90=2; >=70=1; >=0=0', null, 'Không'),
  r('1.2', '1', 'Sự hài lòng về công tác chỉ đạo, điều hành CCHC', 2, 'Điều tra XHH', 'Thường', 'Điều tra XHH'),
  r('1.3', '1', 'Sáng kiến CCHC được công nhận', 1, 'Tự chấm', 'Điểm thưởng', 'Thưởng: tối đa 1'),
];
const BASE_INFO: Cell[][] = [
  ['Mục', 'Giá trị'],
  ['Tên bộ chỉ số', 'Bộ chỉ số CCHC khối sở 2025'],
  ['Năm', 2025],
  ['Khối', 'Khối sở, ban, ngành'],
];
const BASE_CLASSES: Cell[][] = [
  ['Xếp loại', 'Chỉ số tối thiểu (%)'],
  ['Xuất sắc', 90],
  ['Tốt', 80],
  ['Khá', 70],
  ['Trung bình', 50],
  ['Yếu', 0],
];

const BASE_NODES: FrameworkNode[] = [
  node('1', null, 'Công tác chỉ đạo, điều hành CCHC', '5', null, { order: 1 }),
  node('1.1', '1', 'Kế hoạch CCHC năm', '3', null, { order: 1 }),
  node(
    '1.1.1',
    '1.1',
    'Ban hành kế hoạch CCHC năm',
    '1',
    {
      type: 'levels',
      levels: [
        { label: 'Kịp thời', points: '1' },
        { label: 'Không kịp thời', points: '0.5' },
        { label: 'Không ban hành', points: '0' },
      ],
    },
    { order: 1, guidance: 'Quyết định ban hành kế hoạch', evidenceRequired: true },
  ),
  node(
    '1.1.2',
    '1.1',
    'Mức độ thực hiện kế hoạch CCHC',
    '2',
    {
      type: 'bands',
      bands: [
        { minPercent: '0', points: '0' },
        { minPercent: '70', points: '1' },
        { minPercent: '90', points: '2' },
      ],
    },
    { order: 2 },
  ),
  node('1.2', '1', 'Sự hài lòng về công tác chỉ đạo, điều hành CCHC', '2', { type: 'survey' }, { order: 2, source: 'survey' }),
  node('1.3', '1', 'Sáng kiến CCHC được công nhận', '1', { type: 'bonus', cap: '1' }, { order: 3, kind: 'bonus' }),
];

function node(
  code: string,
  parentCode: string | null,
  title: string,
  maxPoints: string,
  method: ScoringMethod | null,
  extra: Partial<FrameworkNode> & { order: number },
): FrameworkNode {
  return { code, parentCode, title, maxPoints, source: 'self', kind: 'normal', method, guidance: null, evidenceRequired: false, ...extra };
}

interface Raw {
  tree?: Cell[][] | null;
  treeHeader?: Cell[];
  info?: Cell[][] | null;
  classes?: Cell[][] | null;
  treeName?: string;
}

/** A workbook from raw cell values; `null` leaves a sheet out, `undefined` uses the base sheet. */
async function book(raw: Raw = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (raw.tree !== null) {
    const ws = wb.addWorksheet(raw.treeName ?? T);
    ws.addRow(raw.treeHeader ?? HEADERS);
    for (const row of raw.tree ?? BASE_TREE) ws.addRow(row);
  }
  if (raw.info !== null) {
    const ws = wb.addWorksheet(I);
    for (const row of raw.info ?? BASE_INFO) ws.addRow(row);
  }
  if (raw.classes !== null) {
    const ws = wb.addWorksheet(C);
    for (const row of raw.classes ?? BASE_CLASSES) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** BASE_TREE with cells replaced ([Excel row, column header, value]) and rows appended. */
function treeWith(edits: [number, string, Cell][], extra: Cell[][] = []): Cell[][] {
  const t = BASE_TREE.map((row) => [...row]);
  for (const [row, column, value] of edits) {
    const col = HEADERS.indexOf(column);
    if (col < 0 || row < 2 || row > t.length + 1) throw new Error(`bad edit ${row} ${column}`);
    t[row - 2][col] = value;
  }
  return [...t, ...extra];
}

const brief = (errors: FrameworkSheetError[]) => errors.map((e) => [e.sheet, e.row, e.column]);
const parseRaw = async (raw: Raw = {}) => parseFrameworkWorkbook(await book(raw));

async function mutate(buf: Buffer, fn: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  fn(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------
// Decimals
// ---------------------------------------------------------------------------

describe('decimals', () => {
  it('normalises Excel floats without artefacts', () => {
    expect(decimalFromNumber(0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(decimalFromNumber(1.1 + 2.2)).toEqual({ ok: true, value: '3.3' });
    expect(decimalFromNumber(2.5)).toEqual({ ok: true, value: '2.5' });
    expect(decimalFromNumber(0.25)).toEqual({ ok: true, value: '0.25' });
    expect(decimalFromNumber(0.75)).toEqual({ ok: true, value: '0.75' });
    expect(decimalFromNumber(4)).toEqual({ ok: true, value: '4' });
    expect(decimalFromNumber(0)).toEqual({ ok: true, value: '0' });
    expect(decimalFromNumber(0.57 * 100)).toEqual({ ok: true, value: '57' });
  });

  it('rejects more than 2 decimals, negatives, non-finite and huge numbers', () => {
    expect(decimalFromNumber(1 / 3)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromNumber(2.675)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromNumber(0.125)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromNumber(1e-7)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromNumber(-1)).toEqual({ ok: false, problem: 'negative' });
    expect(decimalFromNumber(Number.NaN)).toEqual({ ok: false, problem: 'not_number' });
    expect(decimalFromNumber(2e6)).toEqual({ ok: false, problem: 'too_large' });
  });

  it('reads text with a decimal comma or dot', () => {
    expect(decimalFromText('2,5')).toEqual({ ok: true, value: '2.5' });
    expect(decimalFromText(' 0.25 ')).toEqual({ ok: true, value: '0.25' });
    expect(decimalFromText('2.50')).toEqual({ ok: true, value: '2.5' });
    expect(decimalFromText('2,00')).toEqual({ ok: true, value: '2' });
    expect(decimalFromText('007')).toEqual({ ok: true, value: '7' });
    expect(decimalFromText('2,555')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromText('2.500')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(decimalFromText('-1')).toEqual({ ok: false, problem: 'negative' });
    expect(decimalFromText('hai')).toEqual({ ok: false, problem: 'not_number' });
    expect(decimalFromText('1,2,3')).toEqual({ ok: false, problem: 'not_number' });
    expect(decimalFromText('')).toEqual({ ok: false, problem: 'not_number' });
  });

  it('adds and compares exactly via hundredths', () => {
    expect(toHundredths('2.5')).toBe(250);
    expect(toHundredths('0.05')).toBe(5);
    expect(toHundredths('12')).toBe(1200);
    expect(fromHundredths(250)).toBe('2.5');
    expect(fromHundredths(5)).toBe('0.05');
    expect(fromHundredths(1200)).toBe('12');
    expect(fromHundredths(-25)).toBe('-0.25');
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('0.25', '0.75', '1')).toBe('2');
    expect(addDecimals()).toBe('0');
    expect(compareDecimals('0.3', addDecimals('0.1', '0.2'))).toBe(0);
    expect(compareDecimals('2.5', '2.45')).toBeGreaterThan(0);
    expect(compareDecimals('10', '9.99')).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Method grammar
// ---------------------------------------------------------------------------

describe('scoring-method grammar', () => {
  const PARSE_CASES: [string, ScoringMethod][] = [
    ['Nhập trực tiếp', { type: 'direct' }],
    ['  NHẬP   TRỰC TIẾP ', { type: 'direct' }],
    ['nhap truc tiep', { type: 'direct' }],
    [
      'Mức: Đầy đủ=2; Một phần=1; Không=0',
      {
        type: 'levels',
        levels: [
          { label: 'Đầy đủ', points: '2' },
          { label: 'Một phần', points: '1' },
          { label: 'Không', points: '0' },
        ],
      },
    ],
    [
      'Mức:  Kịp thời = 1;\nKhông   kịp thời = 0,5 ;\n Không ban hành=0.25;',
      {
        type: 'levels',
        levels: [
          { label: 'Kịp thời', points: '1' },
          { label: 'Không kịp thời', points: '0.5' },
          { label: 'Không ban hành', points: '0.25' },
        ],
      },
    ],
    [
      'muc: Dat=0.75; Khong dat=0',
      {
        type: 'levels',
        levels: [
          { label: 'Dat', points: '0.75' },
          { label: 'Khong dat', points: '0' },
        ],
      },
    ],
    ['Mức: Đạt: đầy đủ=1'.normalize('NFD'), { type: 'levels', levels: [{ label: 'Đạt: đầy đủ', points: '1' }] }],
    [
      'Ngưỡng %: >=90=2; >=70=1; >=0=0',
      {
        type: 'bands',
        bands: [
          { minPercent: '0', points: '0' },
          { minPercent: '70', points: '1' },
          { minPercent: '90', points: '2' },
        ],
      },
    ],
    [
      'nguong%: ≥ 87,5% = 1,25\n>= 50 = 0.5',
      {
        type: 'bands',
        bands: [
          { minPercent: '50', points: '0.5' },
          { minPercent: '87.5', points: '1.25' },
        ],
      },
    ],
    ['Tỷ lệ', { type: 'proportional' }],
    ['Tỷ lệ, chỉ tiêu 80%', { type: 'proportional', targetPercent: '80' }],
    ['ty le , chi tieu 87,5 %', { type: 'proportional', targetPercent: '87.5' }],
    ['Tỷ lệ, chỉ tiêu 100', { type: 'proportional', targetPercent: '100' }],
    ['Đếm: 0,5/đơn vị, tối đa 2', { type: 'count', pointsPerItem: '0.5', cap: '2' }],
    ['Đếm: 0.25 / văn bản', { type: 'count', pointsPerItem: '0.25' }],
    ['dem: 1, toi da 3,5', { type: 'count', pointsPerItem: '1', cap: '3.5' }],
    ['Có/Không', { type: 'boolean' }],
    ['co / khong', { type: 'boolean' }],
    ['Trừ: 0,5/lần, tối đa 2', { type: 'deduction', pointsPerItem: '0.5', floor: '2' }],
    ['Tru: 0.25 / vụ việc , toi da 1,5', { type: 'deduction', pointsPerItem: '0.25', floor: '1.5' }],
    ['Thưởng: tối đa 1', { type: 'bonus', cap: '1' }],
    ['thuong:toi da 0,75', { type: 'bonus', cap: '0.75' }],
    ['Điều tra XHH', { type: 'survey' }],
    ['ĐTXHH', { type: 'survey' }],
    ['điều tra xã hội học', { type: 'survey' }],
    ['Dữ liệu: 766.tien_do', { type: 'data', indicator: '766.tien_do' }],
    ['du lieu:766.TienDo-2', { type: 'data', indicator: '766.TienDo-2' }],
  ];

  it.each(PARSE_CASES)('parses %j', (text, method) => {
    expect(parseScoringMethod(text)).toEqual({ ok: true, method });
  });

  const FORMAT_CASES: [ScoringMethod, string][] = [
    [{ type: 'direct' }, 'Nhập trực tiếp'],
    [
      {
        type: 'levels',
        levels: [
          { label: 'Đầy đủ', points: '2' },
          { label: 'Một phần', points: '1' },
          { label: 'Không', points: '0' },
        ],
      },
      'Mức: Đầy đủ=2; Một phần=1; Không=0',
    ],
    [
      {
        type: 'levels',
        levels: [
          { label: 'Kịp thời', points: '2.5' },
          { label: 'Trễ', points: '0.25' },
        ],
      },
      'Mức: Kịp thời=2,5; Trễ=0,25',
    ],
    [
      {
        type: 'bands',
        bands: [
          { minPercent: '0', points: '0' },
          { minPercent: '70', points: '1' },
          { minPercent: '90', points: '2' },
        ],
      },
      'Ngưỡng %: >=90=2; >=70=1; >=0=0',
    ],
    [{ type: 'bands', bands: [{ minPercent: '87.5', points: '0.75' }] }, 'Ngưỡng %: >=87,5=0,75'],
    [{ type: 'proportional' }, 'Tỷ lệ'],
    [{ type: 'proportional', targetPercent: '80' }, 'Tỷ lệ, chỉ tiêu 80%'],
    [{ type: 'count', pointsPerItem: '0.5', cap: '2' }, 'Đếm: 0,5/đơn vị, tối đa 2'],
    [{ type: 'count', pointsPerItem: '0.25' }, 'Đếm: 0,25/đơn vị'],
    [{ type: 'boolean' }, 'Có/Không'],
    [{ type: 'deduction', pointsPerItem: '0.5', floor: '2' }, 'Trừ: 0,5/lần, tối đa 2'],
    [{ type: 'bonus', cap: '1' }, 'Thưởng: tối đa 1'],
    [{ type: 'survey' }, 'Điều tra XHH'],
    [{ type: 'data', indicator: '766.tien_do' }, 'Dữ liệu: 766.tien_do'],
  ];

  it.each(FORMAT_CASES)('formats %j', (method, text) => {
    expect(formatScoringMethod(method)).toBe(text);
    expect(parseScoringMethod(text)).toEqual({ ok: true, method });
  });

  it('round-trips every parsed case through the written form', () => {
    for (const [, method] of PARSE_CASES) {
      expect(parseScoringMethod(formatScoringMethod(method))).toEqual({ ok: true, method });
    }
  });

  it('writes canonical numbers (no trailing zeros, decimal comma)', () => {
    expect(formatScoringMethod({ type: 'count', pointsPerItem: '0.50', cap: '2.00' })).toBe('Đếm: 0,5/đơn vị, tối đa 2');
  });

  const BAD: [string, RegExp][] = [
    ['', /Không nhận ra cách chấm/],
    ['Chấm theo thực tế', /Không nhận ra cách chấm "Chấm theo thực tế"/],
    ['Mức độ hoàn thành', /Không nhận ra cách chấm/],
    ['Mức:', /Sai cú pháp cách chấm "Mức"/],
    ['Mức: Đạt', /Sai cú pháp cách chấm "Mức"/],
    ['Mức: =1', /Sai cú pháp cách chấm "Mức"/],
    ['Mức: A=1=2', /Sai cú pháp cách chấm "Mức"/],
    ['Mức: Đạt=1; đạt=0', /Mức "đạt" bị lặp lại/],
    ['Mức: Dat=1; Đạt=0,5; ĐẠT=0', /Mức "ĐẠT" bị lặp lại/],
    ['Mức: Đạt=1,255', /quá 2 chữ số thập phân/],
    ['Mức: Đạt=một', /không phải là số/],
    ['Ngưỡng %: >=70=1; >=90=2', /phải giảm dần/],
    ['Ngưỡng %: >=70=1; >=70=0', /phải giảm dần/],
    ['Ngưỡng %: >=120=1', /vượt quá 100%/],
    ['Ngưỡng %: 90=2', /Sai cú pháp cách chấm "Ngưỡng %"/],
    ['Ngưỡng %:', /Sai cú pháp cách chấm "Ngưỡng %"/],
    ['Tỷ lệ, chỉ tiêu 0%', /phải lớn hơn 0/],
    ['Tỷ lệ, chỉ tiêu 150%', /vượt quá 100%/],
    ['Tỷ lệ 80', /Sai cú pháp cách chấm "Tỷ lệ"/],
    ['Đếm: 0/đơn vị', /phải lớn hơn 0/],
    ['Đếm: 0,555/đơn vị', /quá 2 chữ số thập phân/],
    ['Đếm: một/đơn vị', /Sai cú pháp cách chấm "Đếm"/],
    ['Đếm: 1/đơn vị, tối đa 0', /phải lớn hơn 0/],
    ['Trừ: 0,5/lần', /Sai cú pháp cách chấm "Trừ"/],
    ['Thưởng: 1', /Sai cú pháp cách chấm "Thưởng"/],
    ['Dữ liệu: tiến độ', /Mã chỉ tiêu dữ liệu "tiến độ" không hợp lệ/],
    ['Dữ liệu:', /Mã chỉ tiêu dữ liệu "" không hợp lệ/],
  ];

  it.each(BAD)('rejects %j', (text, message) => {
    const res = parseScoringMethod(text);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.message).toMatch(message);
    expect(res.messageEn.length).toBeGreaterThan(10);
    expect(res.messageEn).not.toBe(res.message);
  });

  it('refuses to write methods the grammar cannot carry', () => {
    const bad: ScoringMethod[] = [
      { type: 'levels', levels: [] },
      { type: 'levels', levels: [{ label: 'A=B', points: '1' }] },
      { type: 'levels', levels: [{ label: ' A', points: '1' }] },
      { type: 'levels', levels: [{ label: 'A;B', points: '1' }] },
      { type: 'levels', levels: [{ label: 'A=1;B', points: '1' }] },
      { type: 'levels', levels: [{ label: 'A', points: '0.555' }] },
      { type: 'count', pointsPerItem: '2,5' },
      { type: 'count', pointsPerItem: '0' },
      {
        // the same threshold twice
        type: 'bands',
        bands: [
          { minPercent: '50', points: '1' },
          { minPercent: '50', points: '2' },
        ],
      },
      { type: 'data', indicator: 'tiến độ' },
      { type: 'bonus', cap: '-1' },
    ];
    for (const m of bad) expect(() => formatScoringMethod(m), JSON.stringify(m)).toThrow(RangeError);
  });
});

describe('labels', () => {
  it('sources, kinds and groups accept labels, synonyms and English, ignoring case and diacritics', () => {
    expect(['Tự chấm', 'tu danh gia', 'self'].map(parseNodeSource)).toEqual(['self', 'self', 'self']);
    expect(['Điều tra XHH', 'ĐTXHH', 'dieu tra xa hoi hoc', 'survey'].map(parseNodeSource)).toEqual(['survey', 'survey', 'survey', 'survey']);
    expect(['Dữ liệu hệ thống', 'dữ liệu', 'DATA'].map(parseNodeSource)).toEqual(['data', 'data', 'data']);
    expect(parseNodeSource('Tự làm')).toBeNull();
    expect(['Thường', 'Điểm thưởng', 'điểm cộng', 'Điểm trừ', 'điểm phạt', 'penalty'].map(parseNodeKind)).toEqual([
      'normal',
      'bonus',
      'bonus',
      'penalty',
      'penalty',
      'penalty',
    ]);
    expect(parseNodeKind('Đặc biệt')).toBeNull();
    // 'Thường' (normal) and 'Thưởng' (bonus) differ only by a tone mark: exact matches win, the bare form is ambiguous.
    expect(['Thường', 'THƯỜNG', 'Thưởng', 'thưởng'.normalize('NFD')].map(parseNodeKind)).toEqual(['normal', 'normal', 'bonus', 'bonus']);
    expect(parseNodeKind('Thuong')).toBeNull();
    expect(['agencies', 'Khối sở, ban, ngành', 'Sở, ban, ngành', 'communes', 'khoi xa, phuong', 'Xã, phường'].map(parseGroupCode)).toEqual([
      'agencies',
      'agencies',
      'agencies',
      'communes',
      'communes',
      'communes',
    ]);
    expect(parseGroupCode('Khối huyện')).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------

/** Every method type, decimals, a text code '1.10', explicit non-dotted parents, guidance with a line break. */
const ALL_METHODS: FrameworkSheet = {
  name: 'Bộ chỉ số đánh giá CCHC các sở, ban, ngành năm 2025',
  year: 2025,
  groupCode: 'agencies',
  nodes: [
    node('1', null, 'Công tác chỉ đạo, điều hành CCHC', '10', null, { order: 1 }),
    node('1.1', '1', 'Kế hoạch CCHC năm', '4', null, { order: 1 }),
    node(
      '1.1.1',
      '1.1',
      'Xác định đầy đủ các nhiệm vụ CCHC trên các lĩnh vực theo kế hoạch năm của UBND tỉnh và bố trí kinh phí thực hiện',
      '2.5',
      {
        type: 'levels',
        levels: [
          { label: 'Đầy đủ', points: '2.5' },
          { label: 'Một phần', points: '1.25' },
          { label: 'Không', points: '0' },
        ],
      },
      { order: 1, guidance: 'Kế hoạch CCHC năm.\nDự toán kinh phí được phê duyệt.', evidenceRequired: true },
    ),
    node(
      '1.1.2',
      '1.1',
      'Mức độ thực hiện kế hoạch CCHC',
      '0.75',
      {
        type: 'bands',
        bands: [
          { minPercent: '0', points: '0' },
          { minPercent: '70.5', points: '0.5' },
          { minPercent: '90', points: '0.75' },
        ],
      },
      { order: 2 },
    ),
    node('1.1.3', '1.1', 'Ban hành kế hoạch đúng thời hạn', '0.5', { type: 'boolean' }, { order: 3, evidenceRequired: true }),
    node('1.1.4', '1.1', 'Điểm thẩm định bổ sung', '0.25', { type: 'direct' }, { order: 4, guidance: 'Hội đồng thẩm định chấm trực tiếp.' }),
    node('1.2', '1', 'Tỷ lệ văn bản được ban hành đúng hạn', '2', { type: 'proportional', targetPercent: '80' }, { order: 2 }),
    node('1.10', '1', 'Số sáng kiến được áp dụng', '1.5', { type: 'count', pointsPerItem: '0.25', cap: '1.5' }, { order: 3 }),
    node('1.3', '1', 'Tiến độ giải quyết hồ sơ (Bộ chỉ số 766)', '2.5', { type: 'data', indicator: '766.tien_do' }, { order: 4, source: 'data' }),
    node('1.4', '1', 'Mô hình, sáng kiến CCHC được cấp có thẩm quyền công nhận', '1', { type: 'bonus', cap: '1' }, { order: 5, kind: 'bonus' }),
    node('1.5', '1', 'Bị cấp có thẩm quyền phê bình, nhắc nhở', '2', { type: 'deduction', pointsPerItem: '0.5', floor: '2' }, { order: 6, kind: 'penalty' }),
    node('2', null, 'Điều tra xã hội học', '3.25', null, { order: 2, source: 'survey' }),
    node('2.1', '2', 'Mức độ hài lòng về công khai thủ tục hành chính', '1.75', { type: 'survey' }, { order: 1, source: 'survey' }),
    node('2.2', '2', 'Mức độ hài lòng về thái độ phục vụ của công chức', '1.5', { type: 'survey' }, { order: 2, source: 'survey' }),
    node('II', null, 'Nhiệm vụ khác', '1.5', null, { order: 3 }),
    node('II-1', 'II', 'Tỷ lệ hoàn thành nhiệm vụ được giao', '1', { type: 'proportional' }, { order: 1 }),
    node('II-2', 'II', 'Số văn bản hướng dẫn', '0.5', { type: 'count', pointsPerItem: '0.5' }, { order: 2 }),
  ],
  classes: [
    { name: 'Xuất sắc', minIndex: '90' },
    { name: 'Tốt', minIndex: '80' },
    { name: 'Khá', minIndex: '70' },
    { name: 'Trung bình', minIndex: '52.25' },
    { name: 'Yếu', minIndex: '0' },
  ],
};

describe('round trip', () => {
  it('write → parse gives the same framework, with every method type and decimal values', async () => {
    const res = await parseFrameworkWorkbook(await writeFrameworkWorkbook(ALL_METHODS));
    expect(res.errors).toEqual([]);
    expect(res.framework).toEqual(ALL_METHODS);
  });

  it('writes the tree depth-first with siblings by order, whatever the input order', async () => {
    const shuffled = { ...ALL_METHODS, nodes: [...ALL_METHODS.nodes].reverse() };
    const res = await parseFrameworkWorkbook(await writeFrameworkWorkbook(shuffled));
    expect(res.errors).toEqual([]);
    expect(res.framework).toEqual(ALL_METHODS);
  });

  it('parses the hand-made base workbook (inferred parents, Vietnamese labels, decimal comma)', async () => {
    const res = await parseRaw();
    expect(res.errors).toEqual([]);
    expect(res.framework).toEqual({
      name: 'Bộ chỉ số CCHC khối sở 2025',
      year: 2025,
      groupCode: 'agencies',
      nodes: BASE_NODES,
      classes: [
        { name: 'Xuất sắc', minIndex: '90' },
        { name: 'Tốt', minIndex: '80' },
        { name: 'Khá', minIndex: '70' },
        { name: 'Trung bình', minIndex: '50' },
        { name: 'Yếu', minIndex: '0' },
      ],
    });
  });

  it('formats the workbook: frozen bold headers with notes, widths, wrapped and indented titles, 0.00 points, text codes', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeFrameworkWorkbook(ALL_METHODS)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([T, I, C]);
    const ws = wb.getWorksheet(T) as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const head = ws.getRow(1);
    FRAMEWORK_COLUMNS.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      expect(cell.value).toBe(c.header);
      expect(cell.font?.bold).toBe(true);
      expect(typeof cell.note === 'string' ? cell.note : JSON.stringify(cell.note)).toContain(c.note.slice(0, 20));
      expect(ws.getColumn(i + 1).width).toBe(c.width);
    });
    const titleCol = HEADERS.indexOf('Nội dung tiêu chí') + 1;
    const maxCol = HEADERS.indexOf('Điểm tối đa') + 1;
    const codeCol = HEADERS.indexOf('STT/Mã') + 1;
    const methodCol = HEADERS.indexOf('Cách chấm') + 1;
    const rowOf = (code: string) => {
      for (let i = 2; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(codeCol).value === code) return ws.getRow(i);
      throw new Error(code);
    };
    expect(rowOf('1').getCell(titleCol).alignment?.wrapText).toBe(true);
    expect(rowOf('1').getCell(titleCol).alignment?.indent ?? 0).toBe(0);
    expect(rowOf('1').getCell(titleCol).font?.bold).toBe(true);
    expect(rowOf('1.1').getCell(titleCol).alignment).toMatchObject({ wrapText: true, indent: 1 });
    expect(rowOf('1.1.1').getCell(titleCol).alignment).toMatchObject({ wrapText: true, indent: 2 });
    expect(rowOf('1.1.2').getCell(maxCol).value).toBe(0.75);
    expect(rowOf('1.1.2').getCell(maxCol).numFmt).toBe('0.00');
    expect(rowOf('1.10').getCell(codeCol).numFmt).toBe('@');
    expect(rowOf('1.10').getCell(methodCol).value).toBe('Đếm: 0,25/đơn vị, tối đa 1,5');
    expect(rowOf('1.1').getCell(methodCol).value).toBeNull();
    const info = wb.getWorksheet(I) as ExcelJS.Worksheet;
    expect(info.getRow(4).values).toEqual(expect.arrayContaining(['Khối', 'Khối sở, ban, ngành']));
    expect(info.getRow(3).getCell(2).value).toBe(2025);
    const cls = wb.getWorksheet(C) as ExcelJS.Worksheet;
    expect(cls.getRow(5).getCell(2).value).toBe(52.25);
    expect(cls.getRow(5).getCell(2).numFmt).toBe('0.00');
  });
});

// ---------------------------------------------------------------------------
// A realistic framework
// ---------------------------------------------------------------------------

type LeafSpec = [title: string, points: string];
interface AreaSpec {
  title: string;
  /** [title, leaves] or [title, points] for a criterion without sub-criteria. */
  criteria: [string, LeafSpec[] | string][];
  survey: string[];
}

const SUB = [
  'Ban hành đúng thời hạn theo quy định',
  'Nội dung đầy đủ theo hướng dẫn của cấp trên',
  'Tỷ lệ nhiệm vụ hoàn thành đúng tiến độ',
  'Tổ chức thực hiện đúng quy định',
  'Báo cáo kết quả thực hiện đầy đủ, đúng hạn',
  'Có văn bản chỉ đạo, đôn đốc, hướng dẫn',
];
const subs = (...points: string[]): LeafSpec[] => points.map((p, i) => [SUB[i % SUB.length], p]);

const AREAS: AreaSpec[] = [
  {
    title: 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
    criteria: [
      ['Kế hoạch CCHC năm', subs('1', '1', '0.5', '0.5')],
      ['Báo cáo CCHC', subs('0.5', '0.5')],
      ['Kiểm tra công tác CCHC', subs('1', '1')],
      ['Công tác tuyên truyền CCHC', '1'],
      ['Sự năng động trong chỉ đạo, điều hành CCHC', subs('0.5', '0.5', '1')],
    ],
    survey: ['1', '1', '1'],
  },
  {
    title: 'XÂY DỰNG VÀ TỔ CHỨC THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT',
    criteria: [
      ['Tham mưu xây dựng văn bản QPPL', subs('1', '1')],
      ['Rà soát, hệ thống hóa văn bản QPPL', subs('0.5', '0.5', '1')],
      ['Tổ chức thực hiện, kiểm tra, xử lý văn bản QPPL', '3'],
    ],
    survey: ['1', '1', '1'],
  },
  {
    title: 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
    criteria: [
      ['Kiểm soát thủ tục hành chính', subs('1', '1', '1')],
      ['Công khai thủ tục hành chính', subs('0.5', '0.5', '1')],
      ['Thực hiện cơ chế một cửa, một cửa liên thông', subs('1', '1')],
      ['Tiếp nhận, xử lý phản ánh, kiến nghị', '2'],
    ],
    survey: ['2', '1', '1', '1'],
  },
  {
    title: 'CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC',
    criteria: [
      ['Sắp xếp, tổ chức bộ máy', subs('1', '1')],
      ['Thực hiện quy định về quản lý biên chế', '2'],
      ['Thực hiện phân cấp, ủy quyền', subs('0.5', '1.5')],
    ],
    survey: ['1', '1', '1', '1'],
  },
  {
    title: 'CẢI CÁCH CHẾ ĐỘ CÔNG VỤ',
    criteria: [
      ['Vị trí việc làm', subs('1', '1')],
      ['Tuyển dụng, sử dụng công chức, viên chức', subs('0.5', '0.5', '1')],
      ['Đào tạo, bồi dưỡng công chức, viên chức', '2'],
      ['Kỷ luật, kỷ cương hành chính', subs('1.5', '1.5')],
    ],
    survey: ['2', '1', '1', '1'],
  },
  {
    title: 'CẢI CÁCH TÀI CHÍNH CÔNG',
    criteria: [
      ['Thực hiện cơ chế tự chủ tài chính', subs('1', '1')],
      ['Quản lý, sử dụng tài sản công', subs('1', '1', '1')],
      ['Thực hiện kết luận thanh tra, kiểm toán', '2'],
    ],
    survey: ['1', '1', '1'],
  },
  {
    title: 'XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ',
    criteria: [
      ['Cung cấp dịch vụ công trực tuyến (dữ liệu Bộ chỉ số 766)', subs('1', '1', '1')],
      ['Ứng dụng công nghệ thông tin trong hoạt động nội bộ', subs('1', '1')],
      ['Số hóa hồ sơ, kết quả giải quyết TTHC', subs('0.5', '0.5', '1')],
      ['Bảo đảm an toàn thông tin mạng', '2'],
    ],
    survey: ['2', '2', '1'],
  },
  {
    title: 'TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH ĐẾN NGƯỜI DÂN, TỔ CHỨC VÀ PHÁT TRIỂN KINH TẾ - XÃ HỘI',
    criteria: [
      ['Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội được giao', subs('2', '2')],
      ['Thu hút đầu tư và hỗ trợ doanh nghiệp', subs('1', '1', '2')],
      ['Giải quyết hồ sơ trước và đúng hạn', '4'],
    ],
    survey: ['2', '2'],
  },
];
const SURVEY_TITLES = [
  'Mức độ hài lòng về công khai, minh bạch',
  'Mức độ hài lòng về thái độ, tinh thần phục vụ',
  'Mức độ hài lòng về thời gian giải quyết',
  'Mức độ hài lòng về chất lượng kết quả giải quyết',
  'Mức độ hài lòng về tiếp nhận, xử lý phản ánh, kiến nghị',
];

function leafMethod(i: number, p: string): ScoringMethod {
  switch (i % 6) {
    case 0:
      return {
        type: 'levels',
        levels: [
          { label: 'Đạt', points: p },
          { label: 'Không đạt', points: '0' },
        ],
      };
    case 1:
      return { type: 'boolean' };
    case 2:
      return {
        type: 'bands',
        bands: [
          { minPercent: '50', points: '0' },
          { minPercent: '90', points: p },
        ],
      };
    case 3:
      return { type: 'direct' };
    case 4:
      return { type: 'proportional', targetPercent: '100' };
    default:
      return { type: 'count', pointsPerItem: '0.25', cap: p };
  }
}

function buildRealistic(): FrameworkSheet {
  const nodes: FrameworkNode[] = [];
  let leafNo = 0;
  const leaf = (code: string, parent: string, title: string, p: string, order: number, dataIndicator?: string) => {
    const method: ScoringMethod = dataIndicator ? { type: 'data', indicator: dataIndicator } : leafMethod(leafNo++, p);
    nodes.push(node(code, parent, title, p, method, { order, source: dataIndicator ? 'data' : 'self', evidenceRequired: leafNo % 3 === 0 }));
  };
  AREAS.forEach((area, a) => {
    const ac = String(a + 1);
    const areaIdx = nodes.length;
    nodes.push(node(ac, null, area.title, '0', null, { order: a + 1 }));
    let total = '0';
    area.criteria.forEach(([title, spec], c) => {
      const cc = `${ac}.${c + 1}`;
      if (typeof spec === 'string') {
        leaf(cc, ac, title, spec, c + 1);
        total = addDecimals(total, spec);
        return;
      }
      const sum = addDecimals(...spec.map(([, p]) => p));
      nodes.push(node(cc, ac, title, sum, null, { order: c + 1, guidance: `Tài liệu kiểm chứng cho tiêu chí ${cc}` }));
      spec.forEach(([t, p], l) => {
        leaf(`${cc}.${l + 1}`, cc, t, p, l + 1, a === 6 && c === 0 ? ['766.cong_khai', '766.tien_do', '766.dvctt'][l] : undefined);
      });
      total = addDecimals(total, sum);
    });
    const sc = `${ac}.${area.criteria.length + 1}`;
    const surveySum = addDecimals(...area.survey);
    nodes.push(node(sc, ac, 'Điều tra xã hội học', surveySum, null, { order: area.criteria.length + 1, source: 'survey' }));
    area.survey.forEach((p, s) => {
      nodes.push(node(`${sc}.${s + 1}`, sc, SURVEY_TITLES[s], p, { type: 'survey' }, { order: s + 1, source: 'survey' }));
    });
    total = addDecimals(total, surveySum);
    let extra = area.criteria.length + 2;
    if (a === 0) {
      nodes.push(node(`${ac}.${extra}`, ac, 'Sáng kiến CCHC được công nhận', '1', { type: 'bonus', cap: '1' }, { order: extra++, kind: 'bonus' }));
    }
    if (a === 4) {
      nodes.push(
        node(
          `${ac}.${extra}`,
          ac,
          'Công chức vi phạm kỷ luật, bị xử lý',
          '2',
          { type: 'deduction', pointsPerItem: '0.5', floor: '2' },
          { order: extra++, kind: 'penalty' },
        ),
      );
    }
    nodes[areaIdx] = { ...nodes[areaIdx], maxPoints: total };
  });
  return {
    name: 'Bộ chỉ số đánh giá, xác định Chỉ số cải cách hành chính của các sở, ban, ngành tỉnh năm 2025',
    year: 2025,
    groupCode: 'agencies',
    nodes,
    classes: [
      { name: 'Xuất sắc', minIndex: '90' },
      { name: 'Tốt', minIndex: '80' },
      { name: 'Khá', minIndex: '70' },
      { name: 'Trung bình', minIndex: '50' },
      { name: 'Yếu', minIndex: '0' },
    ],
  };
}

describe('a realistic framework', () => {
  const fw = buildRealistic();

  it('has 8 areas, ~35 criteria, ~80 leaves, 100 points of which 32 by survey', () => {
    const parents = new Set(fw.nodes.map((n) => n.parentCode));
    const roots = fw.nodes.filter((n) => n.parentCode === null);
    const criteria = fw.nodes.filter((n) => roots.some((a) => a.code === n.parentCode));
    const leaves = fw.nodes.filter((n) => !parents.has(n.code));
    expect(roots.map((a) => a.maxPoints)).toEqual(['12', '10', '14', '10', '14', '10', '14', '16']);
    expect(addDecimals(...roots.map((a) => a.maxPoints))).toBe('100');
    // 29 self-assessed + 8 survey criteria, plus 1 bonus and 1 penalty criterion.
    expect(criteria).toHaveLength(39);
    expect(criteria.filter((n) => n.kind === 'normal')).toHaveLength(37);
    expect(leaves).toHaveLength(89);
    expect(addDecimals(...leaves.filter((n) => n.source === 'survey').map((n) => n.maxPoints))).toBe('32');
    expect(new Set(leaves.map((n) => n.method?.type))).toEqual(
      new Set(['levels', 'boolean', 'bands', 'direct', 'proportional', 'count', 'data', 'survey', 'bonus', 'deduction']),
    );
  });

  it('round-trips without errors', async () => {
    const res = await parseFrameworkWorkbook(await writeFrameworkWorkbook(fw));
    expect(res.errors).toEqual([]);
    expect(res.framework).toEqual(fw);
    const leaves = res.framework?.nodes.filter((n) => n.method !== null) ?? [];
    expect(addDecimals(...leaves.filter((n) => n.source === 'survey').map((n) => n.maxPoints))).toBe('32');
  });

  it('a leaf changed in Excel breaks its parent sum (exact, reported on the parent row)', async () => {
    const buf = await writeFrameworkWorkbook(fw);
    let parentRow = 0;
    const changed = await mutate(buf, (wb) => {
      const ws = wb.getWorksheet(T) as ExcelJS.Worksheet;
      ws.eachRow((row, n) => {
        if (row.getCell(1).value === '3.2.1') row.getCell(4).value = 0.6; // was 0.5
        if (row.getCell(1).value === '3.2') parentRow = n;
      });
    });
    const res = await parseFrameworkWorkbook(changed);
    expect(res.framework).toBeNull();
    expect(brief(res.errors)).toEqual([[T, parentRow, 'Điểm tối đa']]);
    expect(res.errors[0].message).toBe(
      'Điểm tối đa của "3.2" là 2 nhưng tổng điểm tối đa các tiêu chí con loại "Thường" là 2,1 (3.2.1: 0,6; 3.2.2: 0,5; 3.2.3: 1).',
    );
    expect(res.errors[0].messageEn).toBe('The maximum of "3.2" is 2 but its normal children add up to 2.1 (3.2.1: 0.6; 3.2.2: 0.5; 3.2.3: 1).');
  });
});

// ---------------------------------------------------------------------------
// Sheet-level errors, one kind at a time
// ---------------------------------------------------------------------------

describe('Bộ chỉ số — header and sheet', () => {
  it('missing required columns: one error naming them; other sheets still checked', async () => {
    const header = HEADERS.filter((h) => h !== 'Nguồn điểm' && h !== 'Cách chấm');
    const res = await parseRaw({ treeHeader: header, tree: [], info: BASE_INFO.slice(0, 3) });
    expect(res.framework).toBeNull();
    expect(brief(res.errors)).toEqual([
      [I, 0, 'Khối'],
      [T, 1, 'Nguồn điểm, Cách chấm'],
    ]);
    expect(res.errors[1].message).toMatch(/thiếu cột bắt buộc: "Nguồn điểm", "Cách chấm"/);
  });

  it('optional columns may be left out: defaults apply and dotted codes give the parent', async () => {
    const header = ['STT/Mã', 'Nội dung tiêu chí', 'Điểm tối đa', 'Nguồn điểm', 'Cách chấm'];
    const tree = [
      ['1', 'Lĩnh vực', 3, null, null],
      ['1.1', 'Tiêu chí A', 1, 'Tự chấm', 'Có/Không'],
      ['1.2', 'Tiêu chí B', 2, 'ĐTXHH', 'ĐTXHH'],
    ];
    const res = await parseRaw({ treeHeader: header, tree });
    expect(res.errors).toEqual([]);
    expect(res.framework?.nodes).toEqual([
      node('1', null, 'Lĩnh vực', '3', null, { order: 1 }),
      node('1.1', '1', 'Tiêu chí A', '1', { type: 'boolean' }, { order: 1 }),
      node('1.2', '1', 'Tiêu chí B', '2', { type: 'survey' }, { order: 2, source: 'survey' }),
    ]);
  });

  it('accepts the English headers and a differently cased sheet name', async () => {
    const en = FRAMEWORK_COLUMNS.map((c) => c.aliases[0]);
    const res = await parseRaw({ treeHeader: en, treeName: 'BỘ CHỈ SỐ' });
    expect(res.errors).toEqual([]);
    expect(res.framework?.nodes).toEqual(BASE_NODES);
  });

  it('a missing tree sheet and an empty one', async () => {
    expect(brief((await parseRaw({ tree: null })).errors)).toEqual([[T, 0, '']]);
    const empty = await parseRaw({ tree: [] });
    expect(brief(empty.errors)).toEqual([[T, 0, '']]);
    expect(empty.errors[0].message).toMatch(/chưa có tiêu chí nào/);
  });

  it(`stops after ${MAX_FRAMEWORK_ROWS} data rows`, async () => {
    const tree = Array.from({ length: MAX_FRAMEWORK_ROWS + 1 }, (_, i) => r(`R${i}`, null, `Tiêu chí ${i}`, 1, 'Tự chấm', 'Thường', 'Nhập trực tiếp'));
    const res = await parseRaw({ tree });
    expect(brief(res.errors)).toEqual([[T, MAX_FRAMEWORK_ROWS + 2, '']]);
    expect(res.errors[0].message).toMatch(/tối đa 5\.000 dòng/);
  }, 60_000);
});

describe('Bộ chỉ số — codes and parents', () => {
  it('a missing code and a malformed code', async () => {
    const res = await parseRaw({ tree: treeWith([[7, 'STT/Mã', null]], [r('1,4', '1', 'Sai mã', 1, 'Tự chấm', 'Điểm thưởng', 'Thưởng: tối đa 1')]) });
    expect(brief(res.errors)).toEqual([
      [T, 7, 'STT/Mã'],
      [T, 8, 'STT/Mã'],
    ]);
    expect(res.errors[0].message).toMatch(/Thiếu mã tiêu chí/);
    expect(res.errors[1].message).toMatch(/Mã tiêu chí "1,4" không hợp lệ/);
  });

  it('a trailing dot in the code is dropped', async () => {
    const res = await parseRaw({ tree: treeWith([[2, 'STT/Mã', '1.']]) });
    expect(res.errors).toEqual([]);
    expect(res.framework?.nodes[0].code).toBe('1');
  });

  it('a duplicate code is reported on the later row', async () => {
    const res = await parseRaw({ tree: treeWith([], [r('1.2', '1', 'Trùng mã', 1, 'Tự chấm', 'Điểm thưởng', 'Có/Không')]) });
    expect(brief(res.errors)).toEqual([[T, 8, 'STT/Mã']]);
    expect(res.errors[0].message).toBe('Mã tiêu chí "1.2" trùng với dòng 6.');
  });

  it('codes typed as numbers: 1.10 became 1.1, and the message says why', async () => {
    const tree = [
      r(1, null, 'Lĩnh vực', 2, 'Tự chấm', 'Thường', null),
      r(1.1, 1, 'Tiêu chí 1.1', 1, 'Tự chấm', 'Thường', 'Có/Không'),
      r(1.1, 1, 'Tiêu chí 1.10 (Excel đã đổi thành 1.1)', 1, 'Tự chấm', 'Thường', 'Có/Không'),
    ];
    const res = await parseRaw({ tree });
    expect(brief(res.errors)).toEqual([
      [T, 2, 'Điểm tối đa'],
      [T, 4, 'STT/Mã'],
    ]);
    expect(res.errors[1].message).toMatch(/trùng với dòng 3\. \(Ô mã đang là số: Excel đổi "1\.10" thành 1\.1/);
  });

  it('an unknown parent, explicit or inferred from the dots (orphans)', async () => {
    const res = await parseRaw({
      tree: treeWith(
        [],
        [
          r('2.1', '2', 'Mồ côi (cấp trên ghi rõ)', 1, 'Tự chấm', 'Thường', 'Có/Không'),
          r('3.1', null, 'Mồ côi (suy từ mã)', 1, 'Tự chấm', 'Thường', 'Có/Không'),
        ],
      ),
    });
    expect(brief(res.errors)).toEqual([
      [T, 8, 'Mã cấp trên'],
      [T, 9, 'STT/Mã'],
    ]);
    expect(res.errors[0].message).toBe('Không có tiêu chí nào mang mã cấp trên "2".');
    expect(res.errors[1].message).toMatch(/Không có tiêu chí cấp trên "3" \(suy ra từ mã "3\.1"/);
  });

  it('an explicit parent wins over the dots', async () => {
    const res = await parseRaw({ tree: treeWith([[6, 'Mã cấp trên', '1.1']]) });
    // 1.2 now belongs to 1.1: 1.1's children add up to 5 ≠ 3, and 1's normal children to 3 ≠ 5.
    expect(brief(res.errors)).toEqual([
      [T, 2, 'Điểm tối đa'],
      [T, 3, 'Điểm tối đa'],
    ]);
  });

  it('a malformed parent code', async () => {
    const res = await parseRaw({ tree: treeWith([], [r('9', 'cấp 1', 'X', 1, 'Tự chấm', 'Thường', 'Có/Không')]) });
    expect(brief(res.errors)).toEqual([[T, 8, 'Mã cấp trên']]);
    expect(res.errors[0].message).toMatch(/Mã cấp trên "cấp 1" không hợp lệ/);
  });

  it('cycles, including one through an inferred parent, and a node that is its own parent', async () => {
    const res = await parseRaw({
      tree: treeWith(
        [],
        [
          r('A', 'B', 'Vòng A', 1, 'Tự chấm', 'Thường', 'Có/Không'),
          r('B', 'A', 'Vòng B', 1, 'Tự chấm', 'Thường', 'Có/Không'),
          r('C', 'C', 'Tự trỏ', 1, 'Tự chấm', 'Thường', 'Có/Không'),
          r('2', '2.1', 'Vòng 2', 1, 'Tự chấm', 'Thường', null),
          r('2.1', null, 'Vòng 2.1', 1, 'Tự chấm', 'Thường', null),
        ],
      ),
    });
    expect(brief(res.errors)).toEqual([
      [T, 8, 'Mã cấp trên'],
      [T, 9, 'Mã cấp trên'],
      [T, 10, 'Mã cấp trên'],
      [T, 11, 'Mã cấp trên'],
      [T, 12, 'STT/Mã'],
    ]);
    expect(res.errors[0].message).toBe('Quan hệ cấp trên bị lặp vòng: A → B → A.');
    expect(res.errors[2].message).toBe('Tiêu chí "C" không thể là cấp trên của chính nó.');
    expect(res.errors[3].messageEn).toBe('The parent links form a cycle: 2 → 2.1 → 2.');
  });
});

describe('Bộ chỉ số — values', () => {
  it('bad maximum points: text, 3 decimals, negative, zero, empty', async () => {
    const res = await parseRaw({
      tree: treeWith(
        [
          [4, 'Điểm tối đa', 'một'],
          [5, 'Điểm tối đa', 2.555],
          [6, 'Điểm tối đa', -2],
          [7, 'Điểm tối đa', 0],
        ],
        [r('9', null, 'Thiếu điểm', null, 'Tự chấm', 'Thường', 'Có/Không')],
      ),
    });
    expect(brief(res.errors)).toEqual([4, 5, 6, 7, 8].map((row) => [T, row, 'Điểm tối đa']));
    expect(res.errors.map((e) => e.message)).toEqual([
      'Điểm tối đa "một" không phải là số.',
      'Điểm tối đa "2.555" có quá 2 chữ số thập phân.',
      'Điểm tối đa "-2" không được là số âm.',
      'Điểm tối đa phải lớn hơn 0.',
      'Thiếu điểm tối đa.',
    ]);
  });

  it('maximum points as text with a decimal comma or dot', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [3, 'Điểm tối đa', '3,0'],
        [5, 'Điểm tối đa', '2.00'],
      ]),
    });
    expect(res.errors).toEqual([]);
    expect(res.framework?.nodes.map((n) => n.maxPoints)).toEqual(['5', '3', '1', '2', '2', '1']);
  });

  it('unknown source, kind and evidence values', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [4, 'Nguồn điểm', 'Tự làm'],
        [5, 'Bắt buộc tài liệu kiểm chứng', 'Có lẽ'],
        [6, 'Loại', 'Đặc biệt'],
      ]),
    });
    expect(brief(res.errors)).toEqual([
      [T, 4, 'Nguồn điểm'],
      [T, 5, 'Bắt buộc tài liệu kiểm chứng'],
      [T, 6, 'Loại'],
    ]);
    expect(res.errors[0].message).toBe('Nguồn điểm "Tự làm" không hợp lệ; chọn một trong: Tự chấm, Điều tra XHH, Dữ liệu hệ thống.');
    expect(res.errors[2].messageEn).toBe('Unknown kind "Đặc biệt"; use one of: Thường, Điểm thưởng, Điểm trừ.');
  });

  it('synonyms and defaults for source, kind and evidence', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [2, 'Nguồn điểm', null],
        [2, 'Loại', null],
        [4, 'Nguồn điểm', 'tu danh gia'],
        [4, 'Bắt buộc tài liệu kiểm chứng', true],
        [5, 'Bắt buộc tài liệu kiểm chứng', 'x'],
        [6, 'Nguồn điểm', 'ĐTXHH'],
        [7, 'Loại', 'Điểm cộng'],
      ]),
    });
    expect(res.errors).toEqual([]);
    const nodes = res.framework?.nodes ?? [];
    expect(nodes.map((n) => [n.source, n.kind, n.evidenceRequired])).toEqual([
      ['self', 'normal', false],
      ['self', 'normal', false],
      ['self', 'normal', true],
      ['self', 'normal', true],
      ['survey', 'normal', false],
      ['self', 'bonus', false],
    ]);
  });

  it('a formula error value in a cell', async () => {
    const res = await parseRaw({ tree: treeWith([[4, 'Điểm tối đa', { error: '#REF!' }]]) });
    expect(brief(res.errors)).toEqual([[T, 4, 'Điểm tối đa']]);
    expect(res.errors[0].message).toMatch(/#REF!/);
  });
});

describe('Bộ chỉ số — methods', () => {
  it('unknown method syntax, a method on a node with children, a leaf without method', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [3, 'Cách chấm', 'Nhập trực tiếp'],
        [4, 'Cách chấm', 'Chấm theo thực tế'],
        [5, 'Cách chấm', null],
      ]),
    });
    expect(brief(res.errors)).toEqual([
      [T, 3, 'Cách chấm'],
      [T, 4, 'Cách chấm'],
      [T, 5, 'Cách chấm'],
    ]);
    expect(res.errors[0].message).toMatch(/"1\.1" có tiêu chí con nên không được ghi cách chấm/);
    expect(res.errors[1].message).toMatch(/^Không nhận ra cách chấm "Chấm theo thực tế"/);
    expect(res.errors[2].message).toMatch(/"1\.1\.2" không có tiêu chí con nên phải ghi cách chấm/);
  });

  it('a bad method on a node with children is reported once, as a method on a non-leaf', async () => {
    const res = await parseRaw({ tree: treeWith([[3, 'Cách chấm', 'linh tinh']]) });
    expect(brief(res.errors)).toEqual([[T, 3, 'Cách chấm']]);
    expect(res.errors[0].message).toMatch(/có tiêu chí con/);
  });

  it('survey source needs the survey method, and the survey method needs the survey source', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [4, 'Nguồn điểm', 'Điều tra XHH'],
        [6, 'Cách chấm', 'Nhập trực tiếp'],
        [7, 'Cách chấm', 'Điều tra XHH'],
        [7, 'Loại', 'Điểm thưởng'],
      ]),
    });
    expect(brief(res.errors)).toEqual([
      [T, 4, 'Cách chấm'],
      [T, 6, 'Cách chấm'],
      [T, 7, 'Cách chấm'],
    ]);
    expect(res.errors[0].message).toMatch(/lấy điểm từ điều tra xã hội học nên cách chấm phải là "Điều tra XHH" \(đang ghi "Mức: Kịp thời=1/);
    expect(res.errors[2].message).toBe('Cách chấm "Điều tra XHH" chỉ dùng cho tiêu chí có nguồn điểm "Điều tra XHH" (đang là "Tự chấm").');
  });

  it('data source needs a data method and vice versa', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [4, 'Nguồn điểm', 'Dữ liệu hệ thống'],
        [5, 'Cách chấm', 'Dữ liệu: 766.tien_do'],
      ]),
    });
    expect(brief(res.errors)).toEqual([
      [T, 4, 'Cách chấm'],
      [T, 5, 'Cách chấm'],
    ]);
  });

  it('method points above the node maximum; deduction and bonus methods on the wrong kind', async () => {
    const res = await parseRaw({
      tree: treeWith([
        [4, 'Cách chấm', 'Mức: Tốt=1,5; Kém=0'],
        [5, 'Cách chấm', 'Trừ: 0,5/lần, tối đa 2'],
        [7, 'Cách chấm', 'Thưởng: tối đa 1,25'],
      ]),
    });
    expect(brief(res.errors)).toEqual([
      [T, 4, 'Cách chấm'],
      [T, 5, 'Cách chấm'],
      [T, 7, 'Cách chấm'],
    ]);
    expect(res.errors[0].message).toBe('Cách chấm vượt điểm tối đa: điểm của mức "Tốt" là 1,5, lớn hơn điểm tối đa 1.');
    expect(res.errors[1].message).toBe('Cách chấm "Trừ: …" chỉ dùng cho tiêu chí loại "Điểm trừ".');
    expect(res.errors[2].message).toMatch(/mức thưởng tối đa là 1,25, lớn hơn điểm tối đa 1/);
  });
});

describe('Bộ chỉ số — sums and kinds', () => {
  const floatTree = (parent: number, a: number, b: number) => [
    r('R', null, 'Gốc', parent, 'Tự chấm', 'Thường', null),
    r('R.1', null, 'Con 1', a, 'Tự chấm', 'Thường', 'Nhập trực tiếp'),
    r('R.2', null, 'Con 2', b, 'Tự chấm', 'Thường', 'Nhập trực tiếp'),
  ];

  it('sums are exact: 0.1 + 0.2 = 0.3', async () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    // The parent cell holds the float 0.30000000000000004 (as a formula result would).
    const res = await parseRaw({ tree: floatTree(0.1 + 0.2, 0.1, 0.2) });
    expect(res.errors).toEqual([]);
    expect(res.framework?.nodes.map((n) => n.maxPoints)).toEqual(['0.3', '0.1', '0.2']);
  });

  it('children not adding up to the parent are reported on the parent', async () => {
    const res = await parseRaw({ tree: floatTree(0.3, 0.1, 0.25) });
    expect(brief(res.errors)).toEqual([[T, 2, 'Điểm tối đa']]);
    expect(res.errors[0].message).toBe('Điểm tối đa của "R" là 0,3 nhưng tổng điểm tối đa các tiêu chí con loại "Thường" là 0,35 (R.1: 0,1; R.2: 0,25).');
  });

  it('bonus and penalty children are left out of the sum', async () => {
    const res = await parseRaw({ tree: treeWith([[7, 'Loại', 'Thường']]) });
    // 1.3 counted as normal: 3 + 2 + 1 = 6 ≠ 5; its bonus method no longer fits either.
    expect(brief(res.errors)).toEqual([
      [T, 2, 'Điểm tối đa'],
      [T, 7, 'Cách chấm'],
    ]);
    const ok = await parseRaw({ tree: treeWith([], [r('1.4', '1', 'Vi phạm', 2, 'Tự chấm', 'Điểm trừ', 'Trừ: 0,5/lần, tối đa 2')]) });
    expect(ok.errors).toEqual([]);
  });

  it('a parent whose only children are bonus has nothing adding up to it', async () => {
    const res = await parseRaw({
      tree: [r('9', null, 'Gốc', 1, 'Tự chấm', 'Thường', null), r('9.1', null, 'Thưởng', 1, 'Tự chấm', 'Điểm thưởng', 'Thưởng: tối đa 1')],
    });
    expect(brief(res.errors)).toEqual([[T, 2, 'Điểm tối đa']]);
    expect(res.errors[0].message).toMatch(/là 0 \(không có\)/);
  });

  it('children of a bonus parent must be bonus too, and their maxima only need to fit the cap', async () => {
    const bonusKids = (kind: string) =>
      treeWith(
        [[7, 'Cách chấm', null]],
        [r('1.3.1', null, 'Sáng kiến cấp tỉnh', 1, 'Tự chấm', 'Điểm thưởng', 'Có/Không'), r('1.3.2', null, 'Sáng kiến cấp bộ', 1, 'Tự chấm', kind, 'Có/Không')],
      );
    const ok = await parseRaw({ tree: bonusKids('Điểm thưởng') });
    expect(ok.errors).toEqual([]);
    expect(ok.framework?.nodes.find((n) => n.code === '1.3')?.method).toBeNull();
    const bad = await parseRaw({ tree: bonusKids('Thường') });
    expect(brief(bad.errors)).toEqual([[T, 9, 'Loại']]);
    expect(bad.errors[0].message).toMatch(/phải cùng loại "Điểm thưởng"/);
  });
});

describe('Thông tin', () => {
  it('a missing sheet', async () => {
    const res = await parseRaw({ info: null });
    expect(brief(res.errors)).toEqual([[I, 0, '']]);
    expect(res.errors[0].message).toBe('Thiếu trang tính "Thông tin" (Tên bộ chỉ số, Năm, Khối).');
  });

  it('missing fields, each named', async () => {
    const res = await parseRaw({
      info: [
        ['Mục', 'Giá trị'],
        ['Khối', 'communes'],
      ],
    });
    expect(brief(res.errors)).toEqual([
      [I, 0, 'Tên bộ chỉ số'],
      [I, 0, 'Năm'],
    ]);
  });

  it('bad year, unknown group, empty name, a field given twice', async () => {
    const res = await parseRaw({
      info: [
        ['Mục', 'Giá trị'],
        ['Tên bộ chỉ số', '  '],
        ['Năm', 'hai nghìn'],
        ['Khối', 'Khối huyện'],
        ['Năm', 2025],
      ],
    });
    expect(brief(res.errors)).toEqual([
      [I, 2, 'Tên bộ chỉ số'],
      [I, 3, 'Năm'],
      [I, 4, 'Khối'],
      [I, 5, 'Năm'],
    ]);
    expect(res.errors[1].message).toBe('Năm "hai nghìn" không hợp lệ: nhập năm gồm 4 chữ số, từ 2000 đến 2100.');
    expect(res.errors[2].message).toMatch(/Khối "Khối huyện" không hợp lệ; chọn một trong: "Khối sở, ban, ngành" \(agencies\), "Khối xã, phường" \(communes\)/);
    expect(res.errors[3].message).toBe('"Năm" được ghi hai lần (dòng 3 và dòng 5).');
  });

  it('a year outside 2000–2100 and a non-integer year', async () => {
    for (const year of [1999, 2101, 2025.5]) {
      const res = await parseRaw({
        info: [
          ['Tên bộ chỉ số', 'X'],
          ['Năm', year],
          ['Khối', 'agencies'],
        ],
      });
      expect(brief(res.errors), String(year)).toEqual([[I, 2, 'Năm']]);
    }
  });

  it('group codes or names, keys without diacritics', async () => {
    const res = await parseRaw({
      info: [
        ['ten bo chi so', 'Bộ chỉ số khối xã'],
        ['NAM', '2026'],
        ['khoi', 'Xã, phường'],
      ],
    });
    expect(res.errors).toEqual([]);
    expect(res.framework).toMatchObject({ name: 'Bộ chỉ số khối xã', year: 2026, groupCode: 'communes' });
  });
});

describe('Xếp loại', () => {
  const withClasses = (rows: Cell[][]) => parseRaw({ classes: [['Xếp loại', 'Chỉ số tối thiểu (%)'], ...rows] });

  it('classes out of order', async () => {
    const res = await withClasses([
      ['Tốt', 80],
      ['Xuất sắc', 90],
      ['Khá', 70],
    ]);
    expect(brief(res.errors)).toEqual([[C, 3, 'Chỉ số tối thiểu (%)']]);
    expect(res.errors[0].message).toBe('Các mức xếp loại phải xếp từ cao xuống thấp: 90% ở dòng 3 lớn hơn 80% ở dòng 2.');
  });

  it('duplicated names and duplicated minima', async () => {
    const res = await withClasses([
      ['Tốt', 90],
      ['tốt', 80],
      ['Khá', 80],
    ]);
    expect(brief(res.errors)).toEqual([
      [C, 3, 'Xếp loại'],
      [C, 4, 'Chỉ số tối thiểu (%)'],
    ]);
    expect(res.errors[0].message).toBe('Mức xếp loại "tốt" trùng với dòng 2.');
    expect(res.errors[1].message).toMatch(/^Chỉ số tối thiểu 80% trùng với dòng 3/);
  });

  it('bad minima and missing names', async () => {
    const res = await withClasses([
      ['A', 120],
      ['B', 'cao'],
      [null, 50],
      ['C', null],
      ['D', 10.125],
    ]);
    expect(brief(res.errors)).toEqual([
      [C, 2, 'Chỉ số tối thiểu (%)'],
      [C, 3, 'Chỉ số tối thiểu (%)'],
      [C, 4, 'Xếp loại'],
      [C, 5, 'Chỉ số tối thiểu (%)'],
      [C, 6, 'Chỉ số tối thiểu (%)'],
    ]);
  });

  it('a percentage-formatted cell and "90%" text count as 90', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await book()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(C) as ExcelJS.Worksheet;
    ws.getRow(2).getCell(2).value = 0.9;
    ws.getRow(2).getCell(2).numFmt = '0%';
    ws.getRow(3).getCell(2).value = '82,5%';
    const res = await parseFrameworkWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.errors).toEqual([]);
    expect(res.framework?.classes.slice(0, 2)).toEqual([
      { name: 'Xuất sắc', minIndex: '90' },
      { name: 'Tốt', minIndex: '82.5' },
    ]);
  });

  it('a missing sheet, a missing column, an empty list', async () => {
    expect(brief((await parseRaw({ classes: null })).errors)).toEqual([[C, 0, '']]);
    expect(
      brief(
        (
          await parseRaw({
            classes: [
              ['Xếp loại', 'Ghi chú'],
              ['Tốt', 'x'],
            ],
          })
        ).errors,
      ),
    ).toEqual([[C, 1, 'Chỉ số tối thiểu (%)']]);
    expect(brief((await withClasses([])).errors)).toEqual([[C, 0, '']]);
  });
});

describe('all errors at once', () => {
  it('reports every problem of every sheet, sorted by sheet then row', async () => {
    const tree = treeWith(
      [
        [3, 'Cách chấm', 'Có/Không'], // method on a node with children
        [4, 'Nguồn điểm', 'Khác'], // unknown source
        [5, 'Điểm tối đa', 'hai'], // bad number
        [6, 'Cách chấm', null], // leaf without method
      ],
      [
        r('1.2', '1', 'Trùng', 1, 'Tự chấm', 'Thường', 'Có/Không'), // duplicate (row 8)
        r('5.1', null, 'Mồ côi', 1, 'Tự chấm', 'Thường', 'Có/Không'), // orphan (row 9)
        r('X', 'Y', 'Vòng', 1, 'Tự chấm', 'Thường', null), // cycle (rows 10, 11)
        r('Y', 'X', 'Vòng', 1, 'Tự chấm', 'Thường', null),
        r('6', null, 'Cách chấm sai', 1, 'Tự chấm', 'Thường', 'Đếm: 0,555/đơn vị'), // method syntax (row 12)
      ],
    );
    const res = await parseRaw({
      tree,
      info: [
        ['Tên bộ chỉ số', 'X'],
        ['Khối', 'Khối huyện'],
      ],
      classes: [
        ['Xếp loại', 'Chỉ số tối thiểu (%)'],
        ['Khá', 70],
        ['Tốt', 80],
        ['Khá', 60],
      ],
    });
    expect(res.framework).toBeNull();
    expect(brief(res.errors)).toEqual([
      [I, 0, 'Năm'],
      [I, 2, 'Khối'],
      [T, 3, 'Cách chấm'],
      [T, 4, 'Nguồn điểm'],
      [T, 5, 'Điểm tối đa'],
      [T, 6, 'Cách chấm'],
      [T, 8, 'STT/Mã'],
      [T, 9, 'STT/Mã'],
      [T, 10, 'Mã cấp trên'],
      [T, 11, 'Mã cấp trên'],
      [T, 12, 'Cách chấm'],
      [C, 3, 'Chỉ số tối thiểu (%)'],
      [C, 4, 'Xếp loại'],
    ]);
    for (const e of res.errors) {
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.messageEn.length).toBeGreaterThan(10);
      expect(e.messageEn).not.toBe(e.message);
    }
  });
});

describe('not an xlsx', () => {
  const expectNotXlsx = async (buf: Buffer, code: string) => {
    const err = await parseFrameworkWorkbook(buf).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FrameworkWorkbookError);
    const e = err as FrameworkWorkbookError;
    expect(e.code).toBe(code);
    expect(e.messageVi).toMatch(/[Tt]ệp/);
    expect(e.messageEn).toMatch(/file|workbook/i);
    expect(e.message).toContain(e.messageVi);
    expect(e.message).toContain(e.messageEn);
    expect(e.message).not.toMatch(/zip|central directory|stuk/i);
  };

  it('an empty buffer', async () => {
    await expectNotXlsx(Buffer.alloc(0), 'empty_file');
  });

  it('an old .xls (OLE) file', async () => {
    await expectNotXlsx(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'legacy_xls');
  });

  it('a CSV file and random bytes', async () => {
    await expectNotXlsx(Buffer.from(`${HEADERS.join(',')}\n1,,Lĩnh vực,5,Tự chấm,Thường,,,\n`), 'not_xlsx');
    await expectNotXlsx(Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), 'not_xlsx');
  });

  it('a truncated xlsx and a corrupted zip', async () => {
    const good = await writeFrameworkWorkbook(ALL_METHODS);
    await expectNotXlsx(good.subarray(0, Math.floor(good.length / 2)), 'not_xlsx');
    await expectNotXlsx(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)]), 'not_xlsx');
  });

  it('a workbook package with no worksheet', async () => {
    await expectNotXlsx(Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()), 'no_worksheet');
  });
});
