/**
 * The procedure catalogue's file formats (danh mục thủ tục hành chính, TTHC): Excel (.xlsx) and CSV, read and written
 * here; the use cases are in catalogue.ts.
 *
 * One sheet ('Thủ tục hành chính'; else the first sheet) or one CSV table, header in row 1, one procedure per row:
 *
 *   Mã TTHC | Tên thủ tục | Lĩnh vực | Cấp thực hiện | Dịch vụ công trực tuyến (Toàn trình / Một phần / Không) |
 *   Có phí, lệ phí (Có/Không) | Thời hạn giải quyết | Đơn vị thời hạn (Giờ / Ngày / Ngày làm việc / Tháng) |
 *   Ngày công bố (dd/mm/yyyy) | Dữ liệu minh họa (Có/Không)
 *
 * - Headers are matched without case, diacritics or punctuation; the short form without the bracketed hint
 *   ('Dịch vụ công trực tuyến') and the English names are accepted too. Other columns (STT, ghi chú…) are ignored.
 *   The last column is optional: it keeps the `illustrative` flag of demo rows across an export and re-import; a
 *   file without it imports every row as real data (illustrative = false).
 * - Mã TTHC: the national code '1.001757', or with the implementing-body suffix '2.000488.000.00.00.H21'. An Excel
 *   cell that turned '1.001750' into the number 1.00175 is read back with its 6 decimals.
 * - Cấp thực hiện (the two-level local government from 1/7/2025): 'Cấp tỉnh', 'Cấp xã', 'Cấp tỉnh, cấp xã'.
 * - Dịch vụ công trực tuyến (NĐ 42/2022 Điều 11, methodology §5.1): 'Toàn trình', 'Một phần', 'Không'.
 * - Thời hạn giải quyết: a positive number with at most 2 decimals ('15', '0,5' or '0.5'), and its unit
 *   (methodology §5.2: giờ / ngày / ngày làm việc / tháng) — both or neither. '15 ngày làm việc' written in the
 *   amount cell alone is understood too.
 * - Ngày công bố: an Excel date or the text dd/mm/yyyy (yyyy-mm-dd accepted).
 * - CSV: UTF-8 (with or without BOM; UTF-16 with BOM as saved by Excel's "Unicode text" too), separated by ',' or
 *   ';' or a tab — chosen by which one splits row 1 into known headers; Excel's 'sep=;' first line is honoured.
 *   Export writes UTF-8 with BOM, ',' and CRLF, which Excel opens with the Vietnamese letters intact.
 *
 * Import validates every row and reports ALL problems (row = row number in the sheet, header = row 1; column = the
 * Vietnamese column header), in Vietnamese and English. A file that is neither a workbook nor CSV text throws
 * `CatalogueFileError`.
 */
import ExcelJS from 'exceljs';
import { isIsoDate } from '../../domain/calendar/isoDate.ts';
import type { LegalTimeUnit } from '../../domain/serviceIndex/onTime.ts';
import type { RowError } from '../../server/errors.ts';
import { isOleCompoundFile, isZip, loadWorkbook, WorkbookError } from '../shared/xlsx.ts';

export const PROCEDURE_LEVELS = ['province', 'commune', 'both'] as const;
export const ONLINE_SERVICES = ['full', 'partial', 'none'] as const;
export const LEGAL_TIME_UNITS = ['hour', 'day', 'workingDay', 'month'] as const satisfies readonly LegalTimeUnit[];
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];
export type OnlineService = (typeof ONLINE_SERVICES)[number];
export type { LegalTimeUnit };

/** MaTTHC; the same rule as the procedures.code column. */
export const PROCEDURE_CODE_RE = /^[1-9]\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;
export const CATALOGUE_SHEET_NAME = 'Thủ tục hành chính';
/** Data rows (not counting the header) accepted in one file. */
export const MAX_CATALOGUE_ROWS = 20_000;
const MAX_NAME = 1000;
const MAX_FIELD = 200;

/** One catalogue entry as the files carry it. */
export interface ProcedureRecord {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  onlineService: OnlineService;
  hasFee: boolean;
  /** numeric(8,2) as its canonical text with two decimals ('15.00', '0.50'), as the database returns it. */
  legalMax: string | null;
  legalMaxUnit: LegalTimeUnit | null;
  /** 'YYYY-MM-DD' */
  publishedOn: string | null;
  illustrative: boolean;
}

export interface ProcedureSheetRow extends ProcedureRecord {
  /** Row number in the sheet (the header is row 1). */
  row: number;
}

export type CatalogueField = keyof ProcedureRecord;

export interface CatalogueColumn {
  key: CatalogueField;
  /** Header written on export (Vietnamese, with the accepted values in brackets). */
  header: string;
  /** Other accepted spellings (the header without its hint, English). */
  aliases: readonly string[];
  headerEn: string;
  width: number;
  required: boolean;
}

export const CATALOGUE_COLUMNS: readonly CatalogueColumn[] = [
  { key: 'code', header: 'Mã TTHC', aliases: ['Mã thủ tục', 'Mã thủ tục hành chính', 'MaTTHC', 'Code'], headerEn: 'Code', width: 26, required: true },
  { key: 'name', header: 'Tên thủ tục', aliases: ['Tên thủ tục hành chính', 'Tên TTHC', 'Name'], headerEn: 'Name', width: 70, required: true },
  { key: 'field', header: 'Lĩnh vực', aliases: ['Field'], headerEn: 'Field', width: 26, required: true },
  { key: 'level', header: 'Cấp thực hiện', aliases: ['Level'], headerEn: 'Level', width: 18, required: true },
  {
    key: 'onlineService',
    header: 'Dịch vụ công trực tuyến (Toàn trình / Một phần / Không)',
    aliases: ['Dịch vụ công trực tuyến', 'DVCTT', 'Online service'],
    headerEn: 'Online service',
    width: 22,
    required: true,
  },
  {
    key: 'hasFee',
    header: 'Có phí, lệ phí (Có/Không)',
    aliases: ['Có phí, lệ phí', 'Phí, lệ phí', 'Fee', 'Has fee'],
    headerEn: 'Fee',
    width: 14,
    required: true,
  },
  {
    key: 'legalMax',
    header: 'Thời hạn giải quyết',
    aliases: ['Thời gian giải quyết', 'Legal max time', 'Legal max'],
    headerEn: 'Legal max time',
    width: 12,
    required: false,
  },
  {
    key: 'legalMaxUnit',
    header: 'Đơn vị thời hạn (Giờ / Ngày / Ngày làm việc / Tháng)',
    aliases: ['Đơn vị thời hạn', 'Đơn vị tính', 'Time unit', 'Legal max unit'],
    headerEn: 'Time unit',
    width: 18,
    required: false,
  },
  { key: 'publishedOn', header: 'Ngày công bố (dd/mm/yyyy)', aliases: ['Ngày công bố', 'Published on'], headerEn: 'Published on', width: 14, required: false },
  {
    key: 'illustrative',
    header: 'Dữ liệu minh họa (Có/Không)',
    aliases: ['Dữ liệu minh họa', 'Minh họa', 'Illustrative'],
    headerEn: 'Illustrative',
    width: 14,
    required: false,
  },
];

const COLUMN_BY_KEY = new Map(CATALOGUE_COLUMNS.map((c) => [c.key, c]));
const header = (key: CatalogueField): string => COLUMN_BY_KEY.get(key)?.header ?? key;

export const LEVEL_LABELS: Readonly<Record<ProcedureLevel, string>> = { province: 'Cấp tỉnh', commune: 'Cấp xã', both: 'Cấp tỉnh, cấp xã' };
export const ONLINE_SERVICE_LABELS: Readonly<Record<OnlineService, string>> = { full: 'Toàn trình', partial: 'Một phần', none: 'Không' };
export const TIME_UNIT_LABELS: Readonly<Record<LegalTimeUnit, string>> = { hour: 'Giờ', day: 'Ngày', workingDay: 'Ngày làm việc', month: 'Tháng' };
const YES = 'Có';
const NO = 'Không';

const LEVEL_ALIASES: Readonly<Record<ProcedureLevel, readonly string[]>> = {
  province: ['Cấp tỉnh', 'Tỉnh', 'province'],
  commune: ['Cấp xã', 'Xã', 'commune'],
  both: ['Cấp tỉnh, cấp xã', 'Cấp xã, cấp tỉnh', 'Cấp tỉnh và cấp xã', 'Tỉnh, xã', 'Tỉnh và xã', 'Cả hai cấp', 'both'],
};
const ONLINE_ALIASES: Readonly<Record<OnlineService, readonly string[]>> = {
  full: ['Toàn trình', 'DVCTT toàn trình', 'full'],
  partial: ['Một phần', 'DVCTT một phần', 'partial'],
  none: ['Không', 'Không có', 'Chưa có', 'none'],
};
const UNIT_ALIASES: Readonly<Record<LegalTimeUnit, readonly string[]>> = {
  hour: ['Giờ', 'Giờ làm việc', 'hour', 'hours'],
  day: ['Ngày', 'day', 'days'],
  workingDay: ['Ngày làm việc', 'working day', 'working days', 'workingDay'],
  month: ['Tháng', 'month', 'months'],
};
const BOOL_ALIASES: Readonly<Record<'yes' | 'no', readonly string[]>> = {
  yes: ['Có', 'x', 'yes', 'true', '1'],
  no: ['Không', 'Miễn', 'no', 'false', '0'],
};

/** Lower case, no diacritics ('đ' → 'd'), letters and digits only. */
function matchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function aliasMap<T extends string>(aliases: Readonly<Record<T, readonly string[]>>): ReadonlyMap<string, T> {
  return new Map((Object.keys(aliases) as T[]).flatMap((k) => aliases[k].map((a) => [matchKey(a), k] as const)));
}
const LEVEL_BY_KEY = aliasMap(LEVEL_ALIASES);
const ONLINE_BY_KEY = aliasMap(ONLINE_ALIASES);
const UNIT_BY_KEY = aliasMap(UNIT_ALIASES);
const BOOL_BY_KEY = aliasMap(BOOL_ALIASES);

const listOf = (labels: Readonly<Record<string, string>>) =>
  Object.values(labels)
    .map((l) => `"${l}"`)
    .join(', ');

/** A file that is neither an .xlsx workbook nor CSV text, with the message in Vietnamese and English. */
export class CatalogueFileError extends Error {
  readonly messageVi: string;
  readonly messageEn: string;
  constructor(messageVi: string, messageEn: string, options?: { cause?: unknown }) {
    super(`${messageVi} / ${messageEn}`, options);
    this.name = 'CatalogueFileError';
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

type Scalar = null | string | number | boolean | Date | { error: string };

/** Plain value of a cell: formula → its result, rich text / hyperlink → its text. */
function scalar(value: ExcelJS.CellValue | undefined): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
    if ('error' in v && typeof v.error === 'string') return { error: v.error };
    if ('formula' in v || 'sharedFormula' in v) return scalar(v.result as ExcelJS.CellValue | undefined);
    if ('hyperlink' in v || 'text' in v) return scalar(v.text as ExcelJS.CellValue | undefined);
  }
  return null;
}

const isBlank = (v: Scalar) => v === null || (typeof v === 'string' && v.trim() === '');
const errText = (v: Scalar): string | null => (v !== null && typeof v === 'object' && !(v instanceof Date) ? v.error : null);

function utcDateToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Text of a cell; null when empty. Numbers keep their JavaScript spelling; dates become 'YYYY-MM-DD'. */
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

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const inYearRange = (iso: string) => Number(iso.slice(0, 4)) >= MIN_YEAR && Number(iso.slice(0, 4)) <= MAX_YEAR;

/** 'dd/mm/yyyy' (1- or 2-digit day and month, '/', '-' or '.') or 'yyyy-mm-dd' → ISO date, else null. */
export function parseDayText(text: string): string | null {
  const t = text.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = t;
  return iso !== null && isIsoDate(iso) && inYearRange(iso) ? iso : null;
}

export const formatDmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The code from a cell, normalised (trimmed, upper-case suffix); a number that Excel made of '1.001750' gets its 6 decimals back. */
function codeOf(v: Scalar): string | null {
  if (typeof v === 'number') {
    const six = v.toFixed(6);
    return Number.isFinite(v) && v >= 1 && v < 10 && Number(six) === v ? six : String(v);
  }
  return textOf(v)?.replace(/\s+/g, '').toUpperCase() ?? null;
}

/** A legal maximum amount → its canonical numeric(8,2) text ('15.00'), or null if it is not a positive number with at most 2 decimals below 1,000,000. */
export function canonicalAmount(v: number | string): string | null {
  let intPart: string;
  let frac: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return null;
    const cents = Math.round(v * 100);
    if (Math.abs(v * 100 - cents) > 1e-6 || cents >= 100_000_000) return null;
    intPart = String(Math.floor(cents / 100));
    frac = String(cents % 100).padStart(2, '0');
  } else {
    const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(v.trim());
    if (!m) return null;
    intPart = m[1].replace(/^0+(?=\d)/, '');
    frac = (m[2] ?? '').padEnd(2, '0');
    if (intPart.length > 6) return null;
  }
  if (intPart === '0' && frac === '00') return null;
  return `${intPart}.${frac}`;
}

/** '15.00' → '15', '0.50' → '0.5' (how the files show an amount). */
export function displayAmount(canonical: string): string {
  return canonical.replace(/\.?0+$/, '');
}

// ---------------------------------------------------------------------------
// Reading: both formats become a grid of cells, validated once
// ---------------------------------------------------------------------------

interface Grid {
  format: 'xlsx' | 'csv';
  /** Where row 1 is, for messages: 'trang "…"' / 'sheet "…"', or the CSV file. */
  whereVi: string;
  whereEn: string;
  header: Scalar[];
  rows: { row: number; cells: Scalar[] }[];
  /** Extra problems found while reading (an unterminated quote). */
  errors: RowError[];
}

export interface ParseCatalogueResult {
  format: 'xlsx' | 'csv';
  /** Valid rows, in file order. Import nothing while `errors` is non-empty. */
  rows: ProcedureSheetRow[];
  /** Every problem found, sorted by row. */
  errors: RowError[];
  /** Whether the file has the 'Dữ liệu minh họa' column. */
  hasIllustrativeColumn: boolean;
}

/**
 * Reads and validates a catalogue file, .xlsx or CSV, told apart by its content (never by its name). Throws
 * `CatalogueFileError` if it is neither; every other problem is reported in `errors`.
 */
export async function parseCatalogueFile(buf: Buffer): Promise<ParseCatalogueResult> {
  const grid = isZip(buf) || isOleCompoundFile(buf) || buf.length === 0 ? await workbookGrid(buf) : csvGrid(decodeText(buf));
  return validateGrid(grid);
}

async function workbookGrid(buf: Buffer): Promise<Grid> {
  let wb: ExcelJS.Workbook;
  try {
    wb = await loadWorkbook(buf);
  } catch (e) {
    if (e instanceof WorkbookError) {
      if (e.code === 'empty_file') throw new CatalogueFileError(e.messageVi, e.messageEn, { cause: e });
      throw new CatalogueFileError(`${e.messageVi} ${CSV_HINT_VI}`, `${e.messageEn} ${CSV_HINT_EN}`, { cause: e });
    }
    throw e;
  }
  const ws = wb.worksheets.find((w) => w.name.normalize('NFC') === CATALOGUE_SHEET_NAME) ?? wb.worksheets[0];
  const width = Math.max(ws.columnCount, ws.getRow(1).cellCount);
  const cellsOf = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => scalar(r.getCell(i + 1).value));
  const rows: Grid['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n > 1) rows.push({ row: n, cells: cellsOf(r) });
  });
  return { format: 'xlsx', whereVi: `trang "${ws.name}"`, whereEn: `sheet "${ws.name}"`, header: cellsOf(ws.getRow(1)), rows, errors: [] };
}

const CSV_HINT_VI = 'Chỉ nhận tệp Excel .xlsx hoặc tệp CSV mã hóa UTF-8.';
const CSV_HINT_EN = 'Only an Excel .xlsx workbook or a UTF-8 CSV file is accepted.';

/** The text of a CSV upload: UTF-8 (BOM optional) or UTF-16LE with BOM; anything else is not a CSV file we can read. */
function decodeText(buf: Buffer): string {
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(buf.subarray(2));
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch (cause) {
      throw new CatalogueFileError(
        `Tệp tải lên không phải tệp Excel .xlsx, cũng không phải tệp CSV mã hóa UTF-8. Nếu là tệp CSV, hãy lưu lại bằng "CSV UTF-8 (Comma delimited) (*.csv)". ${CSV_HINT_VI}`,
        `The uploaded file is neither an Excel .xlsx workbook nor a UTF-8 CSV file. If it is a CSV file, save it as "CSV UTF-8 (Comma delimited) (*.csv)". ${CSV_HINT_EN}`,
        { cause },
      );
    }
  }
  text = text.replace(/^\uFEFF/, '');
  // Text files have no control characters besides tab and line ends: anything else is some binary format.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text) || text.trim() === '') {
    throw new CatalogueFileError(
      text.trim() === '' ? 'Tệp tải lên không có dữ liệu.' : `Tệp tải lên không phải tệp Excel .xlsx hoặc tệp CSV. ${CSV_HINT_VI}`,
      text.trim() === '' ? 'The uploaded file holds no data.' : `The uploaded file is neither an Excel .xlsx workbook nor a CSV file. ${CSV_HINT_EN}`,
    );
  }
  return text;
}

/** RFC 4180 records: quoted fields with doubled quotes and line breaks; CRLF, LF or CR line ends. */
export function parseCsv(text: string, sep: string, maxRecords = Number.POSITIVE_INFINITY): { records: string[][]; unterminated: boolean } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    atFieldStart = true;
  };
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === sep) {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  const unterminated = quoted;
  if (records.length < maxRecords && (field !== '' || record.length > 0 || quoted)) endRecord();
  return { records, unterminated };
}

function knownHeaderCount(cells: readonly Scalar[]): number {
  return headerMap(cells).size;
}

function csvGrid(text: string): Grid {
  let body = text;
  let sep: string | null = null;
  // Excel's separator hint line ('sep=;'), which it does not show as a row.
  const hint = /^sep=(.)\r?\n/i.exec(body);
  if (hint) {
    sep = hint[1];
    body = body.slice(hint[0].length);
  }
  if (sep === null) {
    let best = { sep: ',', known: -1, fields: 0 };
    for (const candidate of [',', ';', '\t']) {
      const first = parseCsv(body.slice(0, 64 * 1024), candidate, 1).records[0] ?? [];
      const known = knownHeaderCount(first);
      if (known > best.known || (known === best.known && first.length > best.fields)) best = { sep: candidate, known, fields: first.length };
    }
    sep = best.sep;
  }
  const parsed = parseCsv(body, sep);
  const [head = [], ...data] = parsed.records;
  const rows = data.map((cells, i) => ({ row: i + 2, cells: cells as Scalar[] }));
  const errors: RowError[] = [];
  if (parsed.unterminated) {
    errors.push({
      row: parsed.records.length,
      column: '',
      message: 'Dấu ngoặc kép (") mở mà không đóng: từ đây đến cuối tệp bị đọc thành một ô.',
      messageEn: 'A double quote (") is opened and never closed: the rest of the file was read as one cell.',
    });
  }
  const sepName = sep === '\t' ? 'tab' : `"${sep}"`;
  return { format: 'csv', whereVi: `tệp CSV (phân cách bằng ${sepName})`, whereEn: `the CSV file (separated by ${sepName})`, header: head, rows, errors };
}

/** Column index (0-based) per field, from the header row; the first matching column wins. */
function headerMap(cells: readonly Scalar[]): Map<CatalogueField, number> {
  const byKey = new Map<string, CatalogueField>();
  for (const c of CATALOGUE_COLUMNS) for (const h of [c.header, c.headerEn, ...c.aliases]) byKey.set(matchKey(h), c.key);
  const found = new Map<CatalogueField, number>();
  cells.forEach((cell, i) => {
    const text = textOf(cell);
    if (text === null) return;
    const field = byKey.get(matchKey(text));
    if (field !== undefined && !found.has(field)) found.set(field, i);
  });
  return found;
}

function validateGrid(grid: Grid): ParseCatalogueResult {
  const result = (rows: ProcedureSheetRow[], errors: RowError[], hasIllustrativeColumn: boolean): ParseCatalogueResult => ({
    format: grid.format,
    rows,
    errors: errors.sort((a, b) => a.row - b.row),
    hasIllustrativeColumn,
  });
  const errors: RowError[] = [...grid.errors];

  // --- Header ----------------------------------------------------------------
  const cols = headerMap(grid.header);
  const required = CATALOGUE_COLUMNS.filter((c) => c.required);
  if (cols.size === 0) {
    const expected = CATALOGUE_COLUMNS.filter((c) => c.key !== 'illustrative')
      .map((c) => c.header)
      .join(' | ');
    errors.push({
      row: 1,
      column: '',
      message: `Không tìm thấy dòng tiêu đề ở dòng 1 của ${grid.whereVi}. Dòng 1 phải có các cột: ${expected}.`,
      messageEn: `No header row found in row 1 of ${grid.whereEn}. Row 1 must contain the columns: ${expected}.`,
    });
    return result([], errors, false);
  }
  const missing = required.filter((c) => !cols.has(c.key));
  if (cols.has('legalMax') !== cols.has('legalMaxUnit')) missing.push(COLUMN_BY_KEY.get(cols.has('legalMax') ? 'legalMaxUnit' : 'legalMax') as CatalogueColumn);
  if (missing.length > 0) {
    errors.push({
      row: 1,
      column: missing.map((c) => c.header).join(', '),
      message: `Dòng tiêu đề thiếu cột: ${missing.map((c) => `"${c.header}"`).join(', ')}.`,
      messageEn: `The header row lacks the column(s): ${missing.map((c) => `"${c.header}" (${c.headerEn})`).join(', ')}.`,
    });
    return result([], errors, cols.has('illustrative'));
  }

  // --- Rows ------------------------------------------------------------------
  const rows: ProcedureSheetRow[] = [];
  const firstRowOf = new Map<string, number>();
  let dataRows = 0;
  for (const { row, cells } of grid.rows) {
    const raw = new Map<CatalogueField, Scalar>();
    for (const [field, i] of cols) raw.set(field, cells[i] ?? null);
    if ([...raw.values()].every(isBlank)) continue;
    dataRows++;
    if (dataRows > MAX_CATALOGUE_ROWS) {
      errors.push({
        row,
        column: '',
        message: `Tệp có quá nhiều dòng: tối đa ${MAX_CATALOGUE_ROWS.toLocaleString('vi-VN')} dòng dữ liệu; từ dòng ${row} trở đi không được đọc.`,
        messageEn: `Too many rows: at most ${MAX_CATALOGUE_ROWS.toLocaleString('en-US')} data rows; rows from ${row} on were not read.`,
      });
      break;
    }
    const before = errors.length;
    const add = (field: CatalogueField, message: string, messageEn: string) => errors.push({ row, column: header(field), message, messageEn });
    const get = (field: CatalogueField): Scalar => raw.get(field) ?? null;
    for (const [field, v] of raw) {
      const e = errText(v);
      if (e !== null) add(field, `Ô có giá trị lỗi ${e} (lỗi công thức).`, `The cell holds the error value ${e} (formula error).`);
    }
    const hasCellError = (field: CatalogueField) => errText(get(field)) !== null;

    // Code
    const code = codeOf(get('code'));
    if (code === null) {
      if (!hasCellError('code')) add('code', 'Thiếu mã TTHC.', 'The procedure code is missing.');
    } else if (!PROCEDURE_CODE_RE.test(code)) {
      add(
        'code',
        `Mã TTHC "${code}" không hợp lệ: dạng 1.001757 (một chữ số 1–9, dấu chấm, 6 chữ số), có thể kèm phần mã cơ quan như 2.000488.000.00.00.H21.`,
        `Invalid procedure code "${code}": use the form 1.001757 (one digit 1–9, a dot, 6 digits), optionally with the body suffix as in 2.000488.000.00.00.H21.`,
      );
    } else {
      const first = firstRowOf.get(code);
      if (first !== undefined) {
        add(
          'code',
          `Mã TTHC "${code}" trùng với dòng ${first}; mỗi thủ tục chỉ được có một dòng.`,
          `Procedure code "${code}" repeats row ${first}; one row per procedure.`,
        );
      } else firstRowOf.set(code, row);
    }

    // Name and field
    const textField = (field: 'name' | 'field', max: number, what: [string, string]): string | null => {
      const t = textOf(get(field))?.replace(/\s+/g, ' ') ?? null;
      if (t === null) {
        if (!hasCellError(field)) add(field, `Thiếu ${what[0]}.`, `The ${what[1]} is missing.`);
      } else if (t.length > max) {
        add(
          field,
          `${what[0][0].toUpperCase()}${what[0].slice(1)} dài ${t.length} ký tự; tối đa ${max}.`,
          `The ${what[1]} is ${t.length} characters long; at most ${max}.`,
        );
        return null;
      }
      return t;
    };
    const name = textField('name', MAX_NAME, ['tên thủ tục', 'procedure name']);
    const fieldName = textField('field', MAX_FIELD, ['lĩnh vực', 'field (lĩnh vực)']);

    // Labels
    const label = <T extends string>(
      field: CatalogueField,
      byKey: ReadonlyMap<string, T>,
      labels: Readonly<Record<T, string>>,
      what: [string, string],
      englishNames: string,
    ): T | null => {
      const t = textOf(get(field));
      if (t === null) {
        if (!hasCellError(field))
          add(field, `Thiếu ${what[0]} (một trong: ${listOf(labels)}).`, `The ${what[1]} is missing (one of: ${listOf(labels)}, or ${englishNames}).`);
        return null;
      }
      const v = byKey.get(matchKey(t));
      if (v === undefined) {
        add(
          field,
          `${what[0][0].toUpperCase()}${what[0].slice(1)} "${t}" không hợp lệ; chọn một trong: ${listOf(labels)}.`,
          `Unknown ${what[1]} "${t}"; use one of: ${listOf(labels)} (or ${englishNames}).`,
        );
        return null;
      }
      return v;
    };
    const level = label('level', LEVEL_BY_KEY, LEVEL_LABELS, ['cấp thực hiện', 'level'], 'province, commune, both');
    const onlineService = label(
      'onlineService',
      ONLINE_BY_KEY,
      ONLINE_SERVICE_LABELS,
      ['mức dịch vụ công trực tuyến', 'online service'],
      'full, partial, none',
    );
    const yesNo = { yes: YES, no: NO };
    const hasFee = label('hasFee', BOOL_BY_KEY, yesNo, ['thông tin có phí, lệ phí', 'fee flag'], 'yes, no');
    let illustrative: 'yes' | 'no' | null = 'no';
    if (cols.has('illustrative') && !isBlank(get('illustrative')))
      illustrative = label('illustrative', BOOL_BY_KEY, yesNo, ['dữ liệu minh họa', 'illustrative flag'], 'yes, no');
    else if (hasCellError('illustrative')) illustrative = null;

    // Legal maximum time and its unit: both or neither
    let legalMax: string | null = null;
    let legalMaxUnit: LegalTimeUnit | null = null;
    let timeOk = !hasCellError('legalMax') && !hasCellError('legalMaxUnit');
    const amountCell = get('legalMax');
    const unitText = textOf(get('legalMaxUnit'));
    if (unitText !== null) {
      legalMaxUnit = UNIT_BY_KEY.get(matchKey(unitText)) ?? null;
      if (legalMaxUnit === null) {
        timeOk = false;
        add(
          'legalMaxUnit',
          `Đơn vị thời hạn "${unitText}" không hợp lệ; chọn một trong: ${listOf(TIME_UNIT_LABELS)}.`,
          `Unknown time unit "${unitText}"; use one of: ${listOf(TIME_UNIT_LABELS)} (or hour, day, workingDay, month).`,
        );
      }
    }
    if (!isBlank(amountCell) && errText(amountCell) === null) {
      const asText = typeof amountCell === 'string' ? amountCell.normalize('NFC').trim() : null;
      // '15 ngày làm việc' in the amount cell alone
      const spelled = asText === null ? null : /^(\d+(?:[.,]\d+)?)\s*(\D.*)$/.exec(asText);
      const spelledUnit = spelled ? (UNIT_BY_KEY.get(matchKey(spelled[2])) ?? null) : null;
      const amount =
        amountCell instanceof Date || typeof amountCell === 'boolean'
          ? null
          : spelledUnit
            ? canonicalAmount(spelled?.[1] ?? '')
            : canonicalAmount(amountCell as number | string);
      if (amount === null) {
        timeOk = false;
        const shown = amountCell instanceof Date ? (utcDateToIso(amountCell) ?? '') : String(amountCell).trim();
        add(
          'legalMax',
          `Thời hạn giải quyết "${shown}" không hợp lệ: nhập một số dương, tối đa 2 chữ số thập phân và nhỏ hơn 1.000.000 (ví dụ 15 hoặc 0,5); đơn vị ghi ở cột "${header('legalMaxUnit')}".`,
          `Invalid legal max time "${shown}": enter a positive number with at most 2 decimals, below 1,000,000 (e.g. 15 or 0.5); put the unit in the "${header('legalMaxUnit')}" column.`,
        );
      } else {
        legalMax = amount;
        if (spelledUnit !== null) {
          if (legalMaxUnit !== null && legalMaxUnit !== spelledUnit && timeOk) {
            timeOk = false;
            add(
              'legalMaxUnit',
              `Đơn vị "${unitText}" khác đơn vị ghi trong cột "${header('legalMax')}" ("${spelled?.[2]}").`,
              `Unit "${unitText}" differs from the unit written in the "${header('legalMax')}" column ("${spelled?.[2]}").`,
            );
          }
          legalMaxUnit ??= spelledUnit;
        }
      }
    }
    if (timeOk && legalMax !== null && legalMaxUnit === null) {
      add(
        'legalMaxUnit',
        `Có thời hạn giải quyết (${displayAmount(legalMax)}) nhưng thiếu đơn vị thời hạn (một trong: ${listOf(TIME_UNIT_LABELS)}).`,
        `A legal max time (${displayAmount(legalMax)}) is given without its unit (one of: ${listOf(TIME_UNIT_LABELS)}).`,
      );
    } else if (timeOk && legalMax === null && legalMaxUnit !== null) {
      add(
        'legalMax',
        `Có đơn vị thời hạn (${TIME_UNIT_LABELS[legalMaxUnit]}) nhưng thiếu thời hạn giải quyết; nhập cả hai hoặc để trống cả hai.`,
        `A time unit (${TIME_UNIT_LABELS[legalMaxUnit]}) is given without the legal max time; fill in both or neither.`,
      );
    }

    // Publication date
    let publishedOn: string | null = null;
    const dateCell = get('publishedOn');
    if (!isBlank(dateCell) && errText(dateCell) === null) {
      if (dateCell instanceof Date) {
        const d = utcDateToIso(dateCell);
        publishedOn = d !== null && inYearRange(d) ? d : null;
      } else if (typeof dateCell === 'string') publishedOn = parseDayText(dateCell.normalize('NFC'));
      if (publishedOn === null) {
        const shown = dateCell instanceof Date ? dateCell.toISOString().slice(0, 10) : String(dateCell).trim();
        add(
          'publishedOn',
          `Ngày công bố "${shown}" không hợp lệ; nhập ngày Excel hoặc dạng dd/mm/yyyy (ví dụ 15/07/2025).`,
          `Invalid publication date "${shown}"; enter an Excel date or dd/mm/yyyy (e.g. 15/07/2025) or yyyy-mm-dd.`,
        );
      }
    }

    if (errors.length === before && code !== null && name !== null && fieldName !== null && level && onlineService && hasFee && illustrative) {
      rows.push({
        row,
        code,
        name,
        field: fieldName,
        level,
        onlineService,
        hasFee: hasFee === 'yes',
        legalMax,
        legalMaxUnit: legalMax === null ? null : legalMaxUnit,
        publishedOn,
        illustrative: illustrative === 'yes',
      });
    }
  }
  return result(errors.length > 0 ? [] : rows, errors, cols.has('illustrative'));
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** The text of each column for one record, as both writers show it (dates as dd/mm/yyyy). */
function displayValues(r: ProcedureRecord): Record<CatalogueField, string> {
  return {
    code: r.code,
    name: r.name,
    field: r.field,
    level: LEVEL_LABELS[r.level],
    onlineService: ONLINE_SERVICE_LABELS[r.onlineService],
    hasFee: r.hasFee ? YES : NO,
    legalMax: r.legalMax === null ? '' : displayAmount(r.legalMax),
    legalMaxUnit: r.legalMaxUnit === null ? '' : TIME_UNIT_LABELS[r.legalMaxUnit],
    publishedOn: r.publishedOn === null ? '' : formatDmy(r.publishedOn),
    illustrative: r.illustrative ? YES : NO,
  };
}

/**
 * Writes the catalogue to an .xlsx workbook (sheet 'Thủ tục hành chính'): bold, frozen header row with an
 * autofilter; codes stored as text; the legal maximum as a number; the publication date as an Excel date shown
 * dd/mm/yyyy.
 */
export async function writeCatalogueWorkbook(records: readonly ProcedureRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet(CATALOGUE_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = CATALOGUE_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const headerRow = ws.getRow(1);
  CATALOGUE_COLUMNS.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  const note = (key: CatalogueField, text: string) => {
    headerRow.getCell(CATALOGUE_COLUMNS.findIndex((c) => c.key === key) + 1).note = text;
  };
  note('code', 'Mã TTHC trên Cơ sở dữ liệu quốc gia, ví dụ 1.001757 hoặc 2.000488.000.00.00.H21. Procedure code (MaTTHC).');
  note('level', `Một trong: ${Object.values(LEVEL_LABELS).join('; ')}.`);
  note('legalMax', 'Số dương, tối đa 2 chữ số thập phân; để trống cùng với cột đơn vị nếu không quy định. A positive number, or empty with the unit.');
  note('illustrative', 'Có = mã và thời hạn là số liệu minh họa (dữ liệu mẫu), không phải số liệu chính thức. Yes = illustrative demo data, not official.');
  records.forEach((r, i) => {
    const shown = displayValues(r);
    const values: Record<CatalogueField, ExcelJS.CellValue> = {
      ...shown,
      legalMax: r.legalMax === null ? null : Number(r.legalMax),
      legalMaxUnit: shown.legalMaxUnit || null,
      publishedOn: r.publishedOn === null ? null : new Date(`${r.publishedOn}T00:00:00.000Z`),
    };
    const row = ws.getRow(i + 2);
    CATALOGUE_COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = values[c.key];
      if (c.key === 'code') cell.numFmt = '@';
      if (c.key === 'publishedOn') cell.numFmt = 'dd/mm/yyyy';
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, records.length + 1), column: CATALOGUE_COLUMNS.length } };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

function csvField(text: string): string {
  return /[",;\t\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the catalogue as CSV: UTF-8 with BOM, ',' separated, CRLF line ends, the same columns as the workbook. */
export function writeCatalogueCsv(records: readonly ProcedureRecord[]): Buffer {
  const lines = [CATALOGUE_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const r of records) {
    const shown = displayValues(r);
    lines.push(CATALOGUE_COLUMNS.map((c) => csvField(shown[c.key])).join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
