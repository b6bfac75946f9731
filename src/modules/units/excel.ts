/**
 * The unit registry's Excel format (.xlsx), read and written with ExcelJS.
 *
 * One sheet, 'Đơn vị', header in row 1, one unit per row:
 *
 *   Mã đơn vị | Tên đơn vị | Loại | Mã đơn vị cấp trên | Hiệu lực từ | Hiệu lực đến | Khối | Ghi chú
 *
 * - Loại: 'Tỉnh', 'Sở, ban, ngành', 'Huyện (cũ)', 'Xã, phường' (the English kind names
 *   'province', 'agency', 'district', 'commune' are accepted on import too).
 * - Dates: written as real Excel dates shown dd/mm/yyyy; on import an Excel date, the
 *   text 'dd/mm/yyyy' or the text 'yyyy-mm-dd' is accepted. Empty = open-ended.
 * - VALIDITY END: the database stores `validTo` as an EXCLUSIVE end (the first day the
 *   unit no longer exists, e.g. '2025-07-01' for a district abolished on 1/7/2025).
 *   People read 'Hiệu lực đến' as the last day the unit is in force, so the sheet shows
 *   the INCLUSIVE last day = stored validTo − 1 day (30/06/2025 in the example), and the
 *   import adds one day back. `UnitSheetRow.validTo` is always the stored, exclusive form.
 * - Khối: group codes or group names separated by commas (or semicolons); names may
 *   themselves contain commas ('Khối sở, ban, ngành'), the longest match wins.
 *   Export writes codes.
 *
 * Import validates every row and reports ALL problems (row = Excel row number, header =
 * row 1; column = the Vietnamese column header), in Vietnamese and English. A buffer that
 * is not an .xlsx workbook throws `UnitsWorkbookError`.
 */
import ExcelJS from 'exceljs';
import { addDays, isIsoDate } from '../../domain/calendar/isoDate.ts';
import { loadWorkbook, WorkbookError, type WorkbookErrorCode } from '../shared/xlsx.ts';

export type UnitKind = 'province' | 'agency' | 'district' | 'commune';

/** Same rule as the units.code column. */
export const UNIT_CODE_RE = /^[A-Za-z0-9_.-]{1,32}$/;
export const UNITS_SHEET_NAME = 'Đơn vị';
/** Data rows (not counting the header) accepted in one file. */
export const MAX_UNIT_SHEET_ROWS = 20_000;

export type UnitSheetField = 'code' | 'name' | 'kind' | 'parentCode' | 'validFrom' | 'validTo' | 'groupCodes' | 'note';

export interface UnitSheetColumn {
  key: UnitSheetField;
  /** Header text in the sheet (Vietnamese). */
  header: string;
  /** English header, also accepted on import. */
  headerEn: string;
  width: number;
}

export const UNIT_SHEET_COLUMNS: readonly UnitSheetColumn[] = [
  { key: 'code', header: 'Mã đơn vị', headerEn: 'Code', width: 16 },
  { key: 'name', header: 'Tên đơn vị', headerEn: 'Name', width: 42 },
  { key: 'kind', header: 'Loại', headerEn: 'Kind', width: 18 },
  { key: 'parentCode', header: 'Mã đơn vị cấp trên', headerEn: 'Parent code', width: 20 },
  { key: 'validFrom', header: 'Hiệu lực từ', headerEn: 'Valid from', width: 14 },
  { key: 'validTo', header: 'Hiệu lực đến', headerEn: 'Valid until (last day)', width: 14 },
  { key: 'groupCodes', header: 'Khối', headerEn: 'Groups', width: 24 },
  { key: 'note', header: 'Ghi chú', headerEn: 'Note', width: 50 },
];

const COLUMN_BY_KEY = new Map(UNIT_SHEET_COLUMNS.map((c) => [c.key, c]));
const header = (key: UnitSheetField): string => COLUMN_BY_KEY.get(key)?.header ?? key;

/** Vietnamese 'Loại' labels written on export. */
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  province: 'Tỉnh',
  agency: 'Sở, ban, ngành',
  district: 'Huyện (cũ)',
  commune: 'Xã, phường',
};

/** Accepted spellings per kind (compared without case, diacritics, spaces or punctuation). */
const KIND_ALIASES: Readonly<Record<UnitKind, readonly string[]>> = {
  province: ['Tỉnh', 'Tỉnh, thành phố', 'province'],
  agency: ['Sở, ban, ngành', 'Sở', 'Cơ quan', 'agency'],
  district: ['Huyện (cũ)', 'Huyện', 'Cấp huyện', 'district'],
  commune: ['Xã, phường', 'Xã', 'Phường', 'Đặc khu', 'Thị trấn', 'Xã, phường, đặc khu', 'commune'],
};

export interface UnitSheetRow {
  /** Excel row number (the header is row 1). */
  row: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  validFrom: string | null;
  /** Exclusive end as stored (the sheet shows this minus one day). */
  validTo: string | null;
  groupCodes: string[];
  note: string | null;
}

/** A row to export; `row` is ignored. */
export type UnitSheetRowInput = Omit<UnitSheetRow, 'row'> & { row?: number };

export interface UnitSheetError {
  /** Excel row number (header = 1). */
  row: number;
  /** Column header ('Mã đơn vị', …); '' for a problem with the file or row as a whole. */
  column: string;
  message: string;
  messageEn: string;
}

export interface ParseUnitsResult {
  /** Rows without any error, in sheet order. Import nothing while `errors` is non-empty. */
  rows: UnitSheetRow[];
  /** Every problem found, sorted by row. */
  errors: UnitSheetError[];
  /** Valid codes of the rows left out for errors (so that a row pointing at one is not reported twice). */
  rejectedCodes?: string[];
}

export interface KnownGroup {
  code: string;
  name: string;
}

export type UnitsWorkbookErrorCode = WorkbookErrorCode;

/** The buffer is not a readable .xlsx workbook. `message` holds both languages. */
/** Kept under its own name for callers; the same error for every workbook upload. */
export { WorkbookError as UnitsWorkbookError };

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** Lower case, no diacritics ('đ' → 'd'), letters and digits only. */
function matchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const KIND_BY_KEY: ReadonlyMap<string, UnitKind> = new Map(
  (Object.keys(KIND_ALIASES) as UnitKind[]).flatMap((kind) => KIND_ALIASES[kind].map((a) => [matchKey(a), kind] as const)),
);

/** Kind from a 'Loại' cell (Vietnamese label, a common synonym or the English kind name); null if unknown. */
export function parseUnitKind(text: string): UnitKind | null {
  return KIND_BY_KEY.get(matchKey(text)) ?? null;
}

function isoToUtcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function utcDateToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Years accepted in a date cell (keeps +1 day on the last day inside 'YYYY-MM-DD'). */
const MIN_YEAR = 1900;
const MAX_YEAR = 9998;

function inYearRange(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** 'dd/mm/yyyy' (1- or 2-digit day and month) or 'yyyy-mm-dd' text → ISO date, else null. */
export function parseSheetDateText(text: string): string | null {
  const t = text.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = t;
  return iso !== null && isIsoDate(iso) && inYearRange(iso) ? iso : null;
}

function formatDmy(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

/**
 * Writes units to an .xlsx workbook (sheet 'Đơn vị'): bold, frozen header row with an
 * autofilter; codes stored as text; dates as Excel dates formatted dd/mm/yyyy;
 * 'Hiệu lực đến' shows the inclusive last day (stored exclusive validTo − 1 day).
 */
export async function writeUnitsWorkbook(rows: readonly UnitSheetRowInput[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet(UNITS_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = UNIT_SHEET_COLUMNS.map((c) => ({ key: c.key, width: c.width }));

  const headerRow = ws.getRow(1);
  UNIT_SHEET_COLUMNS.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.alignment = { vertical: 'middle' };
  });
  headerRow.getCell(UNIT_SHEET_COLUMNS.findIndex((c) => c.key === 'validTo') + 1).note =
    'Ngày cuối cùng đơn vị còn hiệu lực (tính cả ngày này); để trống nếu đơn vị đang hoạt động. ' +
    'Last day the unit is in force (inclusive); leave empty if the unit still exists.';
  headerRow.getCell(UNIT_SHEET_COLUMNS.findIndex((c) => c.key === 'kind') + 1).note = `Một trong: ${Object.values(UNIT_KIND_LABELS).join('; ')}.`;
  headerRow.getCell(UNIT_SHEET_COLUMNS.findIndex((c) => c.key === 'groupCodes') + 1).note =
    'Mã hoặc tên khối, cách nhau bởi dấu phẩy. Group codes or names, comma-separated.';

  rows.forEach((r, i) => {
    const displayTo = r.validTo === null ? null : addDays(r.validTo, -1);
    const values: Record<UnitSheetField, ExcelJS.CellValue> = {
      code: r.code,
      name: r.name,
      kind: UNIT_KIND_LABELS[r.kind],
      parentCode: r.parentCode,
      validFrom: r.validFrom === null ? null : isoToUtcDate(r.validFrom),
      validTo: displayTo === null ? null : isoToUtcDate(displayTo),
      groupCodes: r.groupCodes.length > 0 ? r.groupCodes.join(', ') : null,
      note: r.note,
    };
    const row = ws.getRow(i + 2);
    UNIT_SHEET_COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = values[c.key];
      if (c.key === 'code' || c.key === 'parentCode') cell.numFmt = '@';
      if (c.key === 'validFrom' || c.key === 'validTo') cell.numFmt = 'dd/mm/yyyy';
    });
  });

  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: UNIT_SHEET_COLUMNS.length } };

  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

type Scalar = null | string | number | boolean | Date | { error: string };

/** Plain value of a cell: formula → its result, rich text / hyperlink → its text. */
function scalar(value: ExcelJS.CellValue | undefined): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as { text?: unknown }[]).map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
    }
    if ('error' in v && typeof v.error === 'string') return { error: v.error };
    if ('formula' in v || 'sharedFormula' in v) return scalar(v.result as ExcelJS.CellValue | undefined);
    if ('hyperlink' in v || 'text' in v) return scalar(v.text as ExcelJS.CellValue | undefined);
  }
  return null;
}

function isBlank(v: Scalar): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

function errText(v: Scalar): string | null {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? v.error : null;
}

/** Text of a non-date field; null when empty. */
function textOf(v: Scalar): string | null {
  if (v === null || errText(v) !== null) return null;
  if (typeof v === 'string') {
    const t = v.normalize('NFC').trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return utcDateToIso(v);
  return null;
}

/** Column number per field, from the header row. */
function mapHeader(row: ExcelJS.Row): Map<UnitSheetField, number> {
  const byKey = new Map<string, UnitSheetField>();
  for (const c of UNIT_SHEET_COLUMNS) {
    byKey.set(matchKey(c.header), c.key);
    byKey.set(matchKey(c.headerEn), c.key);
  }
  const found = new Map<UnitSheetField, number>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = textOf(scalar(cell.value));
    if (text === null) return;
    const field = byKey.get(matchKey(text));
    if (field !== undefined && !found.has(field)) found.set(field, col);
  });
  return found;
}

interface GroupMatcher {
  /** Codes for the cell; `unknown` lists parts that match no group. */
  parse(text: string): { codes: string[]; unknown: string[] };
  list: string;
}

function groupMatcher(groups: readonly KnownGroup[]): GroupMatcher {
  const byKey = new Map<string, string>();
  for (const g of groups) {
    if (!byKey.has(matchKey(g.code))) byKey.set(matchKey(g.code), g.code);
  }
  for (const g of groups) {
    if (!byKey.has(matchKey(g.name))) byKey.set(matchKey(g.name), g.code);
  }
  return {
    list: groups.map((g) => `${g.code} (${g.name})`).join('; '),
    parse(text) {
      const parts = text
        .split(/[,;\n]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
      const codes: string[] = [];
      const unknown: string[] = [];
      let i = 0;
      while (i < parts.length) {
        let matched = false;
        // Longest run of comma-separated parts that names a group ('Khối sở, ban, ngành').
        for (let j = parts.length; j > i; j--) {
          const code = byKey.get(matchKey(parts.slice(i, j).join(',')));
          if (code !== undefined) {
            if (!codes.includes(code)) codes.push(code);
            i = j;
            matched = true;
            break;
          }
        }
        if (!matched) {
          unknown.push(parts[i]);
          i++;
        }
      }
      return { codes, unknown };
    },
  };
}

/** Picks the 'Đơn vị' sheet, else the first one. */
function pickSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  return wb.worksheets.find((w) => w.name.normalize('NFC') === UNITS_SHEET_NAME) ?? wb.worksheets[0];
}

/**
 * Reads and validates a units workbook. Throws `UnitsWorkbookError` if the buffer is not
 * an .xlsx workbook; every other problem is reported in `errors` (all of them, not just
 * the first). Fully empty rows are skipped; at most 20,000 data rows are read.
 */
export async function parseUnitsWorkbook(buf: Buffer, opts: { knownGroups: readonly KnownGroup[] }): Promise<ParseUnitsResult> {
  const wb = await loadWorkbook(buf);
  const ws = pickSheet(wb);
  const errors: UnitSheetError[] = [];

  // --- Header ----------------------------------------------------------------
  const cols = mapHeader(ws.getRow(1));
  const missing = UNIT_SHEET_COLUMNS.filter((c) => !cols.has(c.key));
  if (missing.length === UNIT_SHEET_COLUMNS.length) {
    const expected = UNIT_SHEET_COLUMNS.map((c) => c.header).join(' | ');
    return {
      rows: [],
      errors: [
        {
          row: 1,
          column: '',
          message: `Không tìm thấy dòng tiêu đề ở dòng 1 của trang "${ws.name}". Dòng 1 phải có các cột: ${expected}.`,
          messageEn: `No header row found in row 1 of sheet "${ws.name}". Row 1 must contain the columns: ${expected}.`,
        },
      ],
    };
  }
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c.header}"`).join(', ');
    return {
      rows: [],
      errors: [
        {
          row: 1,
          column: missing.map((c) => c.header).join(', '),
          message: `Dòng tiêu đề thiếu cột: ${names}.`,
          messageEn: `The header row lacks the column(s): ${missing.map((c) => `"${c.header}" (${c.headerEn})`).join(', ')}.`,
        },
      ],
    };
  }

  // --- Rows ------------------------------------------------------------------
  const groups = groupMatcher(opts.knownGroups);
  const candidates: { row: UnitSheetRow; ok: boolean; checkDuplicates: boolean }[] = [];
  let dataRows = 0;
  let stopped = false;

  ws.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    if (stopped || rowNumber === 1) return;
    const raw = new Map<UnitSheetField, Scalar>();
    for (const [field, col] of cols) raw.set(field, scalar(excelRow.getCell(col).value));
    if ([...raw.values()].every(isBlank)) return;

    dataRows++;
    if (dataRows > MAX_UNIT_SHEET_ROWS) {
      errors.push({
        row: rowNumber,
        column: '',
        message: `Tệp có quá nhiều dòng: tối đa ${MAX_UNIT_SHEET_ROWS.toLocaleString('vi-VN')} dòng dữ liệu; từ dòng ${rowNumber} trở đi không được đọc.`,
        messageEn: `Too many rows: at most ${MAX_UNIT_SHEET_ROWS.toLocaleString('en-US')} data rows; rows from ${rowNumber} on were not read.`,
      });
      stopped = true;
      return;
    }

    const before = errors.length;
    const add = (field: UnitSheetField, message: string, messageEn: string) => errors.push({ row: rowNumber, column: header(field), message, messageEn });
    const get = (field: UnitSheetField): Scalar => raw.get(field) ?? null;

    for (const [field, v] of raw) {
      const e = errText(v);
      if (e !== null) add(field, `Ô có giá trị lỗi ${e} (lỗi công thức).`, `The cell holds the error value ${e} (formula error).`);
    }

    // Code
    const code = textOf(get('code'));
    if (code === null) {
      if (errText(get('code')) === null) add('code', 'Thiếu mã đơn vị.', 'The unit code is missing.');
    } else if (!UNIT_CODE_RE.test(code)) {
      add(
        'code',
        `Mã đơn vị "${code}" không hợp lệ: chỉ gồm 1–32 ký tự là chữ cái không dấu, chữ số, dấu gạch dưới (_), dấu chấm (.) hoặc gạch ngang (-).`,
        `Invalid unit code "${code}": use 1–32 characters from A–Z, a–z, 0–9, underscore, dot or hyphen.`,
      );
    }

    // Name
    const rawName = textOf(get('name'));
    const name = rawName === null ? null : rawName.replace(/\s+/g, ' ');
    if (name === null && errText(get('name')) === null) add('name', 'Thiếu tên đơn vị.', 'The unit name is missing.');

    // Kind
    const kindText = textOf(get('kind'));
    const kind = kindText === null ? null : parseUnitKind(kindText);
    const kindList = Object.values(UNIT_KIND_LABELS)
      .map((l) => `"${l}"`)
      .join(', ');
    if (kindText === null) {
      if (errText(get('kind')) === null)
        add('kind', `Thiếu loại đơn vị (một trong: ${kindList}).`, `The kind is missing (one of: ${kindList}, or province, agency, district, commune).`);
    } else if (kind === null) {
      add(
        'kind',
        `Loại đơn vị "${kindText}" không hợp lệ; chọn một trong: ${kindList}.`,
        `Unknown kind "${kindText}"; use one of: ${kindList} (or province, agency, district, commune).`,
      );
    }

    // Parent
    const parentCode = textOf(get('parentCode'));
    if (parentCode !== null) {
      if (!UNIT_CODE_RE.test(parentCode)) {
        add(
          'parentCode',
          `Mã đơn vị cấp trên "${parentCode}" không hợp lệ (1–32 ký tự: chữ cái không dấu, chữ số, _ . -).`,
          `Invalid parent code "${parentCode}" (1–32 characters: A–Z, a–z, 0–9, _ . -).`,
        );
      } else if (code !== null && parentCode === code) {
        add('parentCode', `Đơn vị "${code}" không thể là cấp trên của chính nó.`, `Unit "${code}" cannot be its own parent.`);
      }
    }

    // Dates
    const readDate = (field: 'validFrom' | 'validTo'): { ok: boolean; iso: string | null } => {
      const v = get(field);
      if (isBlank(v)) return { ok: true, iso: null };
      if (errText(v) !== null) return { ok: false, iso: null };
      let iso: string | null = null;
      if (v instanceof Date) {
        const d = utcDateToIso(v);
        iso = d !== null && inYearRange(d) ? d : null;
      } else if (typeof v === 'string') {
        iso = parseSheetDateText(v);
      }
      if (iso === null) {
        const shown = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
        add(
          field,
          `Ngày "${shown}" không hợp lệ; nhập ngày Excel hoặc dạng dd/mm/yyyy (ví dụ 01/07/2025), năm từ ${MIN_YEAR} đến ${MAX_YEAR}.`,
          `Invalid date "${shown}"; enter an Excel date or dd/mm/yyyy (e.g. 01/07/2025) or yyyy-mm-dd, year ${MIN_YEAR}–${MAX_YEAR}.`,
        );
        return { ok: false, iso: null };
      }
      return { ok: true, iso };
    };
    const from = readDate('validFrom');
    const lastDay = readDate('validTo');
    // The sheet shows the inclusive last day; store the exclusive end.
    const validTo = lastDay.iso === null ? null : addDays(lastDay.iso, 1);
    let datesOk = from.ok && lastDay.ok;
    if (datesOk && from.iso !== null && validTo !== null && validTo <= from.iso) {
      datesOk = false;
      add(
        'validTo',
        `Hiệu lực đến (${formatDmy(lastDay.iso as string)}) sớm hơn Hiệu lực từ (${formatDmy(from.iso)}).`,
        `Valid until (${formatDmy(lastDay.iso as string)}) is before valid from (${formatDmy(from.iso)}).`,
      );
    }

    // Groups
    const groupText = textOf(get('groupCodes'));
    let groupCodes: string[] = [];
    if (groupText !== null) {
      const parsed = groups.parse(groupText);
      groupCodes = parsed.codes;
      if (parsed.unknown.length > 0) {
        const list = parsed.unknown.map((u) => `"${u}"`).join(', ');
        const known = groups.list === '' ? '(chưa có khối nào)' : groups.list;
        add(
          'groupCodes',
          `Khối không tồn tại: ${list}. Các khối hợp lệ: ${known}.`,
          `Unknown group(s): ${list}. Known groups: ${groups.list === '' ? '(none)' : groups.list}.`,
        );
      }
    }

    const note = textOf(get('note'));

    candidates.push({
      row: {
        row: rowNumber,
        code: code ?? '',
        name: name ?? '',
        kind: kind ?? 'commune',
        parentCode,
        validFrom: from.iso,
        validTo,
        groupCodes,
        note,
      },
      ok: errors.length === before,
      // Rows whose code and dates are usable take part in the duplicate check.
      checkDuplicates: code !== null && UNIT_CODE_RE.test(code) && datesOk,
    });
  });

  // --- Same code twice in overlapping periods --------------------------------
  const badRows = new Set<number>();
  const byCode = new Map<string, UnitSheetRow[]>();
  for (const c of candidates) {
    if (!c.checkDuplicates) continue;
    const list = byCode.get(c.row.code);
    if (list) list.push(c.row);
    else byCode.set(c.row.code, [c.row]);
  }
  const start = (r: UnitSheetRow) => r.validFrom ?? '';
  const end = (r: UnitSheetRow) => r.validTo ?? '\uffff';
  for (const [code, list] of byCode) {
    if (list.length < 2) continue;
    // Sweep by start date; `reach` is the earlier row that extends furthest.
    const sorted = [...list].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : a.row - b.row));
    let reach = sorted[0];
    for (const r of sorted.slice(1)) {
      if (start(r) < end(reach)) {
        const [first, second] = reach.row < r.row ? [reach, r] : [r, reach];
        if (!badRows.has(second.row)) {
          badRows.add(second.row);
          errors.push({
            row: second.row,
            column: header('code'),
            message: `Mã đơn vị "${code}" trùng với dòng ${first.row} trong cùng thời gian hiệu lực. Một mã chỉ được dùng lại khi thời gian hiệu lực không chồng lấn.`,
            messageEn: `Unit code "${code}" is also used in row ${first.row} for an overlapping validity period. A code may only be reused for periods that do not overlap.`,
          });
        }
      }
      if (end(r) > end(reach)) reach = r;
    }
  }

  const errorRows = new Set(errors.map((e) => e.row));
  const rows = candidates.filter((c) => c.ok && !errorRows.has(c.row.row)).map((c) => c.row);
  errors.sort((a, b) => a.row - b.row);
  const rejectedCodes = candidates.filter((c) => errorRows.has(c.row.row) && UNIT_CODE_RE.test(c.row.code)).map((c) => c.row.code);
  return { rows, errors, rejectedCodes };
}
