/**
 * The PAR criteria framework (Bộ chỉ số / Bộ tiêu chí đánh giá Chỉ số CCHC) as an Excel
 * workbook (.xlsx), read and written with ExcelJS.
 *
 * THREE SHEETS (looked up by name; case, diacritics and spacing of the name are ignored):
 *
 * 1. 'Bộ chỉ số' — the tree, header in row 1, one node per row:
 *
 *      STT/Mã | Mã cấp trên | Nội dung tiêu chí | Điểm tối đa | Nguồn điểm | Loại | Cách chấm |
 *      Hướng dẫn chấm / tài liệu kiểm chứng | Bắt buộc tài liệu kiểm chứng
 *
 *    Required columns: STT/Mã, Nội dung tiêu chí, Điểm tối đa, Nguồn điểm, Cách chấm. The
 *    others may be left out (all cells then take the defaults below). English headers
 *    ('Code', 'Parent code', 'Title', 'Max points', 'Source', 'Kind', 'Scoring method',
 *    'Guidance', 'Evidence required') are accepted too.
 *    - STT/Mã: the node code, 1–32 characters: letters, digits, separated by '.', '-' or '_'
 *      ('1', '1.1', '1.1.2', 'II', '8.3.a'). One trailing dot ('1.') is dropped. Codes are
 *      written as text; a NUMBER cell is read as its decimal value, so Excel's "1.10" → 1.1
 *      (the duplicate-code error then says so).
 *    - Mã cấp trên: the parent's code; empty = a root (lĩnh vực) — EXCEPT when the code is
 *      dotted: an empty 'Mã cấp trên' with the code '1.2.3' means the parent '1.2' (the
 *      code up to its last dot). An explicit value always wins ('1' may be the parent of
 *      'II.1'). So a dotted code cannot be a root. The writer always fills the column.
 *    - Điểm tối đa: > 0, at most 2 decimals (number cell, or text with '.' or ',').
 *    - Nguồn điểm: 'Tự chấm' | 'Điều tra XHH' | 'Dữ liệu hệ thống' (↔ self | survey | data;
 *      'Tự đánh giá', 'ĐTXHH', 'Dữ liệu' and the English words are accepted). Empty = 'Tự chấm'.
 *    - Loại: 'Thường' | 'Điểm thưởng' | 'Điểm trừ' (↔ normal | bonus | penalty). Empty = 'Thường'.
 *      Labels match without case; without diacritics only when unambiguous ('Thuong' could be
 *      'Thường' or 'Thưởng' and is rejected).
 *    - Cách chấm: leaves only (a node with children must leave it empty; a leaf must fill it —
 *      'Nhập trực tiếp' is NOT assumed). Grammar: see `parseScoringMethod` below.
 *    - Bắt buộc tài liệu kiểm chứng: 'Có' | 'Không' (also x, TRUE/FALSE, yes/no). Empty = 'Không'.
 *    Sibling order is the sheet order (`FrameworkNode.order` = 1, 2, … among siblings);
 *    the writer emits the tree depth-first with siblings sorted by `order`.
 *
 * 2. 'Thông tin' — key/value rows: column A the key, column B the value (other rows, e.g.
 *    the header 'Mục | Giá trị', are ignored):
 *      Tên bộ chỉ số | <name>
 *      Năm           | <year, 2000–2100>
 *      Khối          | 'agencies' / 'communes' or 'Khối sở, ban, ngành' / 'Khối xã, phường'
 *                      (also without 'Khối'); the writer writes the Vietnamese name.
 *
 * 3. 'Xếp loại' — header row 1 'Xếp loại | Chỉ số tối thiểu (%)', one class per row, from the
 *    highest to the lowest: the minima must be strictly decreasing, names unique, 0–100 with
 *    at most 2 decimals (a cell formatted as a percentage, 0.9 shown 90%, counts as 90).
 *    At least one class.
 *
 * Sheet-level checks collect ALL problems: required columns; codes present, well-formed,
 * unique; parents that exist (orphans); parent cycles; numbers; unknown source / kind /
 * method syntax; a method on a node with children; a leaf without a method; the maxima of
 * a normal parent's normal children must add up EXACTLY to the parent's maximum (bonus /
 * penalty children are left out; the children of a bonus / penalty parent must have its
 * kind and are not summed — the parent's maximum is a cap); the method must fit the node
 * (survey source ⇔ 'Điều tra XHH'; data source ⇔ 'Dữ liệu: …'; 'Trừ' only on penalty nodes,
 * 'Thưởng' only on bonus nodes; no level / band / cap / floor above the node's maximum);
 * classes sorted and unique; 'Thông tin' fields present and valid.
 *
 * Errors: `row` = Excel row number (header = 1); 0 for a problem with a sheet as a whole or
 * with a 'Thông tin' field that is missing. `column` = the column header ('' for a whole
 * row or sheet; in 'Thông tin' the field name). Vietnamese `message`, English `messageEn`.
 * At most 5,000 data rows in 'Bộ chỉ số' and 100 in 'Xếp loại'. A buffer that is not an
 * .xlsx workbook throws `FrameworkWorkbookError`.
 *
 * Points and percents are decimal strings with at most 2 decimals and no float artefacts
 * ('4', '2.5', '0.25'); sums are exact (integers of hundredths).
 */
import ExcelJS from 'exceljs';
import { loadWorkbook, WorkbookError, type WorkbookErrorCode } from '../shared/xlsx.ts';

// ---------------------------------------------------------------------------
// Shapes (same as src/domain/par; kept local on purpose)
// ---------------------------------------------------------------------------

export type NodeSource = 'self' | 'survey' | 'data';
export type NodeKind = 'normal' | 'bonus' | 'penalty';
export type ScoringMethod =
  | { type: 'direct' }
  | { type: 'levels'; levels: { label: string; points: string }[] }
  | { type: 'bands'; bands: { minPercent: string; points: string }[] }
  | { type: 'proportional'; targetPercent?: string }
  | { type: 'count'; pointsPerItem: string; cap?: string }
  | { type: 'boolean' }
  | { type: 'deduction'; pointsPerItem: string; floor: string }
  | { type: 'bonus'; cap: string }
  | { type: 'survey' }
  | { type: 'data'; indicator: string };

export interface FrameworkNode {
  code: string;
  parentCode: string | null;
  title: string;
  maxPoints: string;
  source: NodeSource;
  kind: NodeKind;
  /** Leaves only; null on nodes with children. */
  method: ScoringMethod | null;
  guidance: string | null;
  evidenceRequired: boolean;
  /** 1-based position among its siblings. */
  order: number;
}

export interface ClassRule {
  name: string;
  minIndex: string;
}

export interface FrameworkSheet {
  name: string;
  year: number;
  groupCode: string;
  nodes: FrameworkNode[];
  classes: ClassRule[];
}

export interface FrameworkSheetError {
  /** Excel row number (header = 1); 0 = the sheet (or a missing 'Thông tin' field) as a whole. */
  row: number;
  /** 'Bộ chỉ số', 'Thông tin' or 'Xếp loại'. */
  sheet: string;
  /** Column header; '' for a whole row / sheet; the field name in 'Thông tin'. */
  column: string;
  message: string;
  messageEn: string;
}

export interface ParseFrameworkResult {
  /** Null whenever `errors` is non-empty. */
  framework: FrameworkSheet | null;
  /** Every problem found, by sheet ('Thông tin', 'Bộ chỉ số', 'Xếp loại') then row. */
  errors: FrameworkSheetError[];
}

export const TREE_SHEET_NAME = 'Bộ chỉ số';
export const INFO_SHEET_NAME = 'Thông tin';
export const CLASSES_SHEET_NAME = 'Xếp loại';
/** Data rows (not counting the header) accepted in 'Bộ chỉ số'. */
export const MAX_FRAMEWORK_ROWS = 5_000;
/** Data rows accepted in 'Xếp loại'. */
export const MAX_CLASS_ROWS = 100;

export const FRAMEWORK_GROUPS: readonly { code: string; name: string }[] = [
  { code: 'agencies', name: 'Khối sở, ban, ngành' },
  { code: 'communes', name: 'Khối xã, phường' },
];

export type FrameworkWorkbookErrorCode = WorkbookErrorCode;

/** The buffer is not a readable .xlsx workbook. `message` holds both languages. */
/** Kept under its own name for callers; the same error for every workbook upload. */
export { WorkbookError as FrameworkWorkbookError };

// ---------------------------------------------------------------------------
// Exact decimals with at most 2 places
// ---------------------------------------------------------------------------

export type DecimalProblem = 'not_number' | 'negative' | 'too_many_decimals' | 'too_large';
export type DecimalResult = { ok: true; value: string } | { ok: false; problem: DecimalProblem };

/** Largest accepted value (keeps hundredths far inside the safe-integer range). */
export const MAX_DECIMAL_VALUE = 1_000_000;

function canonicalDecimal(intPart: string, frac: string): DecimalResult {
  if (frac.length > 2) return { ok: false, problem: 'too_many_decimals' };
  const i = intPart.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  const value = f === '' ? i : `${i}.${f}`;
  if (toHundredths(value) > MAX_DECIMAL_VALUE * 100) return { ok: false, problem: 'too_large' };
  return { ok: true, value };
}

/**
 * Text → canonical decimal string: digits with an optional ',' or '.' and 1–2 decimals
 * ('2,5' and '2.5' → '2.5'; '2.50' → '2.5'; '02' → '2'). No sign, no thousands separators;
 * three decimals are rejected even when they are zeros ('2.500' could mean 2500).
 */
export function decimalFromText(text: string): DecimalResult {
  const t = text.replace(/\s+/g, '');
  const negative = t.startsWith('-');
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(negative ? t.slice(1) : t);
  if (!m) return { ok: false, problem: 'not_number' };
  if (negative) return { ok: false, problem: 'negative' };
  return canonicalDecimal(m[1], m[2] ?? '');
}

/**
 * Excel number → canonical decimal string without float artefacts: the value is first
 * rounded to 15 significant digits (0.1 + 0.2 → '0.3'), then must have at most 2 decimals.
 */
export function decimalFromNumber(n: number): DecimalResult {
  if (!Number.isFinite(n)) return { ok: false, problem: 'not_number' };
  const clean = Number(n.toPrecision(15));
  if (clean < 0) return { ok: false, problem: 'negative' };
  if (clean > MAX_DECIMAL_VALUE) return { ok: false, problem: 'too_large' };
  const s = String(clean);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  // Exponent notation here only happens for tiny non-zero values (< 1e-6).
  if (!m) return { ok: false, problem: 'too_many_decimals' };
  return canonicalDecimal(m[1], m[2] ?? '');
}

/** '2.5' → 250. The argument must be a canonical decimal (at most 2 places). */
export function toHundredths(d: string): number {
  const negative = d.startsWith('-');
  const [i, f = ''] = (negative ? d.slice(1) : d).split('.');
  const h = Number(i) * 100 + Number(`${f}00`.slice(0, 2));
  return negative ? -h : h;
}

/** 250 → '2.5'. */
export function fromHundredths(h: number): string {
  if (!Number.isSafeInteger(h)) throw new RangeError(`Not an integer number of hundredths: ${h}`);
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  const frac = String(a % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(a / 100)}${frac === '' ? '' : `.${frac}`}`;
}

/** Exact sum of decimal strings: addDecimals('0.1', '0.2') === '0.3'. */
export function addDecimals(...values: string[]): string {
  return fromHundredths(values.reduce((s, v) => s + toHundredths(v), 0));
}

/** Negative, 0 or positive like a comparator. */
export function compareDecimals(a: string, b: string): number {
  return toHundredths(a) - toHundredths(b);
}

/** '2.5' → '2,5' (Vietnamese decimal comma). */
export function formatDecimalVi(d: string): string {
  return d.replace('.', ',');
}

const PROBLEM_TEXT: Readonly<Record<DecimalProblem, { vi: string; en: string }>> = {
  not_number: { vi: 'không phải là số', en: 'is not a number' },
  negative: { vi: 'không được là số âm', en: 'must not be negative' },
  too_many_decimals: { vi: 'có quá 2 chữ số thập phân', en: 'has more than 2 decimals' },
  too_large: {
    vi: `quá lớn (tối đa ${MAX_DECIMAL_VALUE.toLocaleString('vi-VN')})`,
    en: `is too large (at most ${MAX_DECIMAL_VALUE.toLocaleString('en-US')})`,
  },
};

// ---------------------------------------------------------------------------
// Text helpers
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

/**
 * Lower case without diacritics, code point by code point, keeping the length in UTF-16
 * units, so that a match in the folded text slices the original at the same positions.
 */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    let c = ch
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    if (c === 'đ') c = 'd';
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

/** Lower case NFC, letters and digits only, diacritics KEPT ('Thường' ≠ 'Thưởng'). */
function exactKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Lookup by alias: an exact match (diacritics kept) first, else a match without diacritics
 * when that is unambiguous ('Thuong' could be 'Thường' or 'Thưởng' and matches neither).
 */
function aliasLookup<T extends string>(aliases: Readonly<Record<T, readonly string[]>>): (text: string) => T | null {
  const exact = new Map<string, T>();
  const loose = new Map<string, T | null>();
  for (const k of Object.keys(aliases) as T[]) {
    for (const a of aliases[k]) {
      exact.set(exactKey(a), k);
      const lk = matchKey(a);
      loose.set(lk, loose.has(lk) && loose.get(lk) !== k ? null : k);
    }
  }
  return (text) => exact.get(exactKey(text)) ?? loose.get(matchKey(text)) ?? null;
}

// ---------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------

export const SOURCE_LABELS: Readonly<Record<NodeSource, string>> = { self: 'Tự chấm', survey: 'Điều tra XHH', data: 'Dữ liệu hệ thống' };
export const KIND_LABELS: Readonly<Record<NodeKind, string>> = { normal: 'Thường', bonus: 'Điểm thưởng', penalty: 'Điểm trừ' };

const sourceOf = aliasLookup<NodeSource>({
  self: ['Tự chấm', 'Tự đánh giá', 'Tự chấm điểm', 'self'],
  survey: ['Điều tra XHH', 'ĐTXHH', 'Điều tra xã hội học', 'survey'],
  data: ['Dữ liệu hệ thống', 'Dữ liệu', 'data'],
});
const kindOf = aliasLookup<NodeKind>({
  normal: ['Thường', 'Tiêu chí thường', 'normal'],
  bonus: ['Điểm thưởng', 'Thưởng', 'Điểm cộng', 'bonus'],
  penalty: ['Điểm trừ', 'Trừ', 'Điểm phạt', 'penalty'],
});
const yesNoOf = aliasLookup<'yes' | 'no'>({ yes: ['Có', 'x', 'true', 'yes', '1'], no: ['Không', 'false', 'no', '0'] });
const GROUP_BY_KEY: ReadonlyMap<string, string> = new Map(
  FRAMEWORK_GROUPS.flatMap((g) => [
    [matchKey(g.code), g.code] as const,
    [matchKey(g.name), g.code] as const,
    [matchKey(g.name.replace(/^Khối\s+/, '')), g.code] as const,
  ]),
);

/** 'Nguồn điểm' cell → source (labels, synonyms, English; case and diacritics ignored); null if unknown. */
export function parseNodeSource(text: string): NodeSource | null {
  return sourceOf(text);
}

/** 'Loại' cell → kind; null if unknown. */
export function parseNodeKind(text: string): NodeKind | null {
  return kindOf(text);
}

/** 'Khối' value → group code ('agencies' / 'communes'); null if unknown. */
export function parseGroupCode(text: string): string | null {
  // The two standard groups by name or code; any other group by its code (checked against the registry on save).
  return GROUP_BY_KEY.get(matchKey(text)) ?? (/^[a-z0-9_]{1,32}$/.test(text.trim()) ? text.trim() : null);
}

// ---------------------------------------------------------------------------
// Scoring-method grammar
// ---------------------------------------------------------------------------

export type MethodParseResult = { ok: true; method: ScoringMethod } | { ok: false; message: string; messageEn: string };

export const INDICATOR_RE = /^[A-Za-z0-9_.-]{1,64}$/;

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const RE_DIRECT = /^nhap\s*truc\s*tiep$/;
const RE_LEVELS = /^muc\s*:/;
const RE_BANDS = /^nguong\s*%?\s*:/;
const RE_BAND_ITEM = new RegExp(String.raw`^(?:>=|≥)\s*${NUM}\s*%?\s*=\s*${NUM}$`);
const RE_PROPORTIONAL = new RegExp(String.raw`^ty\s*le(?:\s*%)?(?:\s*,\s*chi\s*tieu\s*${NUM}\s*%?)?$`);
const RE_PROPORTIONAL_KW = /^ty\s*le\b/;
const RE_COUNT = new RegExp(String.raw`^dem\s*:\s*${NUM}\s*(?:\/\s*[^,/]*?)?\s*(?:,\s*toi\s*da\s*${NUM})?$`);
const RE_COUNT_KW = /^dem\s*:/;
const RE_BOOLEAN = /^co\s*\/\s*khong$/;
const RE_DEDUCTION = new RegExp(String.raw`^tru\s*:\s*${NUM}\s*(?:\/\s*[^,/]*?)?\s*,\s*toi\s*da\s*${NUM}$`);
const RE_DEDUCTION_KW = /^tru\s*:/;
const RE_BONUS = new RegExp(String.raw`^thuong\s*:\s*toi\s*da\s*${NUM}$`);
const RE_BONUS_KW = /^thuong\s*:/;
const RE_SURVEY = /^(?:dieu\s*tra\s*xhh|dtxhh|dieu\s*tra\s*xa\s*hoi\s*hoc)$/;
const RE_DATA = /^du\s*lieu\s*:/;

const METHOD_FORMS_VI =
  'Nhập trực tiếp | Mức: Đầy đủ=2; Một phần=1; Không=0 | Ngưỡng %: >=90=2; >=70=1; >=0=0 | Tỷ lệ | Tỷ lệ, chỉ tiêu 80% | ' +
  'Đếm: 0,5/đơn vị, tối đa 2 | Có/Không | Trừ: 0,5/lần, tối đa 2 | Thưởng: tối đa 1 | Điều tra XHH | Dữ liệu: 766.tien_do';

class MethodSyntaxError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function methodNumber(raw: string, what: { vi: string; en: string }, opts: { positive?: boolean; maxPercent?: boolean } = {}): string {
  const r = decimalFromText(raw);
  if (!r.ok) {
    const p = PROBLEM_TEXT[r.problem];
    throw new MethodSyntaxError(`${what.vi} "${raw}" ${p.vi}.`, `${what.en} "${raw}" ${p.en}.`);
  }
  if (opts.positive && toHundredths(r.value) === 0) {
    throw new MethodSyntaxError(`${what.vi} phải lớn hơn 0.`, `${what.en} must be greater than 0.`);
  }
  if (opts.maxPercent && compareDecimals(r.value, '100') > 0) {
    throw new MethodSyntaxError(`${what.vi} "${raw}" vượt quá 100%.`, `${what.en} "${raw}" exceeds 100%.`);
  }
  return r.value;
}

function syntax(keywordVi: string, exampleVi: string): MethodSyntaxError {
  return new MethodSyntaxError(
    `Sai cú pháp cách chấm "${keywordVi}". Đúng dạng: ${exampleVi}.`,
    `Invalid "${keywordVi}" scoring method syntax. Expected e.g.: ${exampleVi}.`,
  );
}

function items(body: string): string[] {
  return body
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function parseLevels(body: string): ScoringMethod {
  const levels: { label: string; points: string }[] = [];
  const seen = new Set<string>();
  const example = 'Mức: Đầy đủ=2; Một phần=1; Không=0';
  for (const item of items(body)) {
    const parts = item.split('=');
    if (parts.length !== 2) throw syntax('Mức', example);
    const label = parts[0].replace(/\s+/g, ' ').trim();
    if (label === '') throw syntax('Mức', example);
    const points = methodNumber(parts[1].trim(), { vi: `Điểm của mức "${label}"`, en: `The points of level "${label}"` });
    const key = label.toLowerCase();
    if (seen.has(key)) throw new MethodSyntaxError(`Mức "${label}" bị lặp lại.`, `Level "${label}" appears twice.`);
    seen.add(key);
    levels.push({ label, points });
  }
  if (levels.length === 0) throw syntax('Mức', example);
  return { type: 'levels', levels };
}

function parseBands(body: string): ScoringMethod {
  const bands: { minPercent: string; points: string }[] = [];
  const example = 'Ngưỡng %: >=90=2; >=70=1; >=0=0';
  for (const item of items(body)) {
    const m = RE_BAND_ITEM.exec(item);
    if (!m) throw syntax('Ngưỡng %', example);
    const minPercent = methodNumber(m[1], { vi: 'Ngưỡng', en: 'Threshold' }, { maxPercent: true });
    const points = methodNumber(m[2], { vi: `Điểm của ngưỡng >=${m[1]}`, en: `The points of threshold >=${m[1]}` });
    const prev = bands.at(-1);
    if (prev !== undefined && compareDecimals(minPercent, prev.minPercent) >= 0) {
      throw new MethodSyntaxError(
        `Các ngưỡng phải giảm dần (>=${formatDecimalVi(prev.minPercent)} rồi >=${formatDecimalVi(minPercent)}).`,
        `Thresholds must be strictly decreasing (>=${prev.minPercent} then >=${minPercent}).`,
      );
    }
    bands.push({ minPercent, points });
  }
  if (bands.length === 0) throw syntax('Ngưỡng %', example);
  // The sheet lists the highest threshold first, as provincial texts do; the domain keeps bands ascending.
  return { type: 'bands', bands: bands.reverse() };
}

/**
 * Parses a 'Cách chấm' cell. Grammar (keywords ignore case, diacritics and spacing; items of
 * 'Mức' and 'Ngưỡng %' are separated by ';' or line breaks, empty items are ignored):
 *
 *   Nhập trực tiếp                              → direct
 *   Mức: <nhãn>=<điểm>; <nhãn>=<điểm>; …        → levels; ≥ 1 item; labels non-empty, unique,
 *                                                  without '=', ';' or line breaks (kept as written)
 *   Ngưỡng %: >=<ngưỡng>=<điểm>; …              → bands; ≥ 1 item; '≥' = '>='; an optional '%'
 *                                                  after the threshold; thresholds 0–100, strictly
 *                                                  decreasing
 *   Tỷ lệ                                       → proportional
 *   Tỷ lệ, chỉ tiêu <t>%                        → proportional, targetPercent t (0 < t ≤ 100)
 *   Đếm: <điểm>[/<đơn vị tính>][, tối đa <trần>] → count; pointsPerItem > 0, cap > 0
 *   Có/Không                                    → boolean
 *   Trừ: <điểm>[/<đơn vị tính>], tối đa <trần>   → deduction; floor = the largest total deduction
 *   Thưởng: tối đa <trần>                       → bonus; cap > 0
 *   Điều tra XHH   (or ĐTXHH, Điều tra xã hội học) → survey
 *   Dữ liệu: <mã chỉ tiêu>                      → data; indicator [A-Za-z0-9_.-]{1,64}, kept as written
 *
 * <điểm>, <ngưỡng>, <trần>, <t>: digits with an optional decimal part of 1–2 digits after ','
 * or '.'; no sign. <đơn vị tính> is any word(s) without ',' or '/' ('đơn vị', 'lần', 'văn bản')
 * and is not stored. `formatScoringMethod` writes exactly the forms above with a decimal comma,
 * '/đơn vị' for count and '/lần' for deduction.
 */
export function parseScoringMethod(text: string): MethodParseResult {
  const t = text.normalize('NFC').trim();
  const f = fold(t);
  try {
    return { ok: true, method: parseMethodText(t, f) };
  } catch (e) {
    if (e instanceof MethodSyntaxError) return { ok: false, message: e.vi, messageEn: e.en };
    throw e;
  }
}

function parseMethodText(t: string, f: string): ScoringMethod {
  const pts = { vi: 'Số điểm', en: 'The points' };
  const cap = { vi: 'Mức tối đa', en: 'The maximum' };
  if (RE_DIRECT.test(f)) return { type: 'direct' };
  if (RE_BOOLEAN.test(f)) return { type: 'boolean' };
  if (RE_SURVEY.test(f)) return { type: 'survey' };
  let m = RE_LEVELS.exec(f);
  if (m) return parseLevels(t.slice(m[0].length));
  m = RE_BANDS.exec(f);
  if (m) return parseBands(f.slice(m[0].length));
  m = RE_DATA.exec(f);
  if (m) {
    const indicator = t.slice(m[0].length).trim();
    if (!INDICATOR_RE.test(indicator)) {
      throw new MethodSyntaxError(
        `Mã chỉ tiêu dữ liệu "${indicator}" không hợp lệ: 1–64 ký tự là chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (ví dụ Dữ liệu: 766.tien_do).`,
        `Invalid data indicator "${indicator}": 1–64 characters from A–Z, a–z, 0–9, '.', '_' or '-' (e.g. Dữ liệu: 766.tien_do).`,
      );
    }
    return { type: 'data', indicator };
  }
  const flat = f.replace(/\s+/g, ' ');
  if (RE_PROPORTIONAL_KW.test(flat)) {
    m = RE_PROPORTIONAL.exec(flat);
    if (!m) throw syntax('Tỷ lệ', 'Tỷ lệ, chỉ tiêu 80%');
    if (m[1] === undefined) return { type: 'proportional' };
    return { type: 'proportional', targetPercent: methodNumber(m[1], { vi: 'Chỉ tiêu', en: 'The target' }, { positive: true, maxPercent: true }) };
  }
  if (RE_COUNT_KW.test(flat)) {
    m = RE_COUNT.exec(flat);
    if (!m) throw syntax('Đếm', 'Đếm: 0,5/đơn vị, tối đa 2');
    const pointsPerItem = methodNumber(m[1], pts, { positive: true });
    if (m[2] === undefined) return { type: 'count', pointsPerItem };
    return { type: 'count', pointsPerItem, cap: methodNumber(m[2], cap, { positive: true }) };
  }
  if (RE_DEDUCTION_KW.test(flat)) {
    m = RE_DEDUCTION.exec(flat);
    if (!m) throw syntax('Trừ', 'Trừ: 0,5/lần, tối đa 2');
    return { type: 'deduction', pointsPerItem: methodNumber(m[1], pts, { positive: true }), floor: methodNumber(m[2], cap, { positive: true }) };
  }
  if (RE_BONUS_KW.test(flat)) {
    m = RE_BONUS.exec(flat);
    if (!m) throw syntax('Thưởng', 'Thưởng: tối đa 1');
    return { type: 'bonus', cap: methodNumber(m[1], cap, { positive: true }) };
  }
  throw new MethodSyntaxError(
    `Không nhận ra cách chấm "${t}". Dùng một trong các dạng: ${METHOD_FORMS_VI}.`,
    `Unknown scoring method "${t}". Use one of: ${METHOD_FORMS_VI}.`,
  );
}

function viNumber(d: string): string {
  const r = decimalFromText(d);
  if (!r.ok || d.includes(',')) throw new RangeError(`Not a decimal with at most 2 places: "${d}"`);
  return formatDecimalVi(r.value);
}

/**
 * The 'Cách chấm' text of a method (the forms of `parseScoringMethod`, decimal comma).
 * Throws RangeError for a method the grammar cannot carry (a bad number, a level label with
 * '=' or ';', thresholds not decreasing, …): the result always parses back to the method.
 */
export function formatScoringMethod(method: ScoringMethod): string {
  let text: string;
  switch (method.type) {
    case 'direct':
      text = 'Nhập trực tiếp';
      break;
    case 'levels':
      text = `Mức: ${method.levels.map((l) => `${l.label}=${viNumber(l.points)}`).join('; ')}`;
      break;
    case 'bands':
      text = `Ngưỡng %: ${[...method.bands]
        .sort((a, b) => compareDecimals(b.minPercent, a.minPercent))
        .map((b) => `>=${viNumber(b.minPercent)}=${viNumber(b.points)}`)
        .join('; ')}`;
      break;
    case 'proportional':
      text = method.targetPercent === undefined ? 'Tỷ lệ' : `Tỷ lệ, chỉ tiêu ${viNumber(method.targetPercent)}%`;
      break;
    case 'count':
      text = `Đếm: ${viNumber(method.pointsPerItem)}/đơn vị${method.cap === undefined ? '' : `, tối đa ${viNumber(method.cap)}`}`;
      break;
    case 'boolean':
      text = 'Có/Không';
      break;
    case 'deduction':
      text = `Trừ: ${viNumber(method.pointsPerItem)}/lần, tối đa ${viNumber(method.floor)}`;
      break;
    case 'bonus':
      text = `Thưởng: tối đa ${viNumber(method.cap)}`;
      break;
    case 'survey':
      text = 'Điều tra XHH';
      break;
    case 'data':
      text = `Dữ liệu: ${method.indicator}`;
      break;
    default:
      throw new RangeError(`Unknown scoring method type: ${(method as { type: unknown }).type}`);
  }
  const back = parseScoringMethod(text);
  if (!back.ok) throw new RangeError(`Scoring method cannot be written as "${text}": ${back.messageEn}`);
  if (
    method.type === 'levels' &&
    back.method.type === 'levels' &&
    (back.method.levels.length !== method.levels.length || back.method.levels.some((l, i) => l.label !== method.levels[i].label))
  ) {
    throw new RangeError(`Level labels must be trimmed single-line text: ${JSON.stringify(method.levels.map((l) => l.label))}`);
  }
  return text;
}

/** Points a method can give that must stay within the node's maximum. */
function methodPointCaps(m: ScoringMethod): { value: string; vi: string; en: string }[] {
  switch (m.type) {
    case 'levels':
      return m.levels.map((l) => ({ value: l.points, vi: `điểm của mức "${l.label}"`, en: `the points of level "${l.label}"` }));
    case 'bands':
      return m.bands.map((b) => ({
        value: b.points,
        vi: `điểm của ngưỡng >=${formatDecimalVi(b.minPercent)}%`,
        en: `the points of threshold >=${b.minPercent}%`,
      }));
    case 'count':
      return m.cap === undefined ? [] : [{ value: m.cap, vi: 'mức tối đa', en: 'the cap' }];
    case 'deduction':
      return [{ value: m.floor, vi: 'mức trừ tối đa', en: 'the largest deduction' }];
    case 'bonus':
      return [{ value: m.cap, vi: 'mức thưởng tối đa', en: 'the bonus cap' }];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------

export type FrameworkField = 'code' | 'parentCode' | 'title' | 'maxPoints' | 'source' | 'kind' | 'method' | 'guidance' | 'evidenceRequired';

export interface FrameworkColumn {
  key: FrameworkField;
  /** Header text (Vietnamese). */
  header: string;
  /** Other accepted headers (English first). */
  aliases: readonly string[];
  required: boolean;
  width: number;
  /** Header cell note. */
  note: string;
}

export const FRAMEWORK_COLUMNS: readonly FrameworkColumn[] = [
  {
    key: 'code',
    header: 'STT/Mã',
    aliases: ['Code', 'Mã', 'STT', 'Mã tiêu chí', 'Số thứ tự'],
    required: true,
    width: 10,
    note: "Mã tiêu chí, duy nhất: '1' (lĩnh vực), '1.1' (tiêu chí), '1.1.2' (tiêu chí thành phần). Unique node code.",
  },
  {
    key: 'parentCode',
    header: 'Mã cấp trên',
    aliases: ['Parent code', 'Mã cha', 'Thuộc'],
    required: false,
    width: 12,
    note:
      "Mã của tiêu chí cấp trên. Để trống: lĩnh vực (cấp cao nhất), hoặc — nếu mã có dấu chấm — lấy phần trước dấu chấm cuối ('1.1.2' → '1.1'). " +
      'Parent code; empty = root, or the code up to its last dot for a dotted code.',
  },
  {
    key: 'title',
    header: 'Nội dung tiêu chí',
    aliases: ['Title', 'Nội dung', 'Tên tiêu chí', 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần'],
    required: true,
    width: 60,
    note: 'Tên lĩnh vực / tiêu chí / tiêu chí thành phần. Title of the area / criterion / sub-criterion.',
  },
  {
    key: 'maxPoints',
    header: 'Điểm tối đa',
    aliases: ['Max points', 'Điểm'],
    required: true,
    width: 11,
    note:
      'Lớn hơn 0, tối đa 2 chữ số thập phân. Tổng điểm tối đa các tiêu chí con loại "Thường" phải bằng điểm tối đa của tiêu chí cấp trên. ' +
      'Max points (> 0, ≤ 2 decimals); the normal children must add up to the parent.',
  },
  {
    key: 'source',
    header: 'Nguồn điểm',
    aliases: ['Source', 'Nguồn'],
    required: true,
    width: 16,
    note: `Một trong: ${Object.values(SOURCE_LABELS).join('; ')} (để trống = Tự chấm). Self-assessed / sociological survey / system data.`,
  },
  {
    key: 'kind',
    header: 'Loại',
    aliases: ['Kind', 'Loại điểm'],
    required: false,
    width: 13,
    note: `Một trong: ${Object.values(KIND_LABELS).join('; ')} (để trống = Thường). Normal / bonus / penalty.`,
  },
  {
    key: 'method',
    header: 'Cách chấm',
    aliases: ['Scoring method', 'Method', 'Phương pháp chấm'],
    required: true,
    width: 40,
    note:
      `Chỉ ghi ở tiêu chí không có tiêu chí con (bắt buộc). Các dạng: ${METHOD_FORMS_VI}. Số thập phân dùng dấu phẩy hoặc dấu chấm. ` +
      'Leaves only (required); forms as listed.',
  },
  {
    key: 'guidance',
    header: 'Hướng dẫn chấm / tài liệu kiểm chứng',
    aliases: ['Guidance', 'Hướng dẫn chấm', 'Tài liệu kiểm chứng', 'Hướng dẫn'],
    required: false,
    width: 60,
    note: 'Hướng dẫn chấm điểm và tài liệu kiểm chứng cần nộp. Scoring guidance and evidence documents.',
  },
  {
    key: 'evidenceRequired',
    header: 'Bắt buộc tài liệu kiểm chứng',
    aliases: ['Evidence required', 'Bắt buộc TLKC'],
    required: false,
    width: 14,
    note: 'Có / Không (để trống = Không). Whether evidence documents are mandatory.',
  },
];

const COLUMN_BY_KEY = new Map(FRAMEWORK_COLUMNS.map((c) => [c.key, c]));
const header = (key: FrameworkField): string => COLUMN_BY_KEY.get(key)?.header ?? key;

export const INFO_FIELDS = [
  { key: 'name', label: 'Tên bộ chỉ số', aliases: ['Name', 'Tên', 'Tên bộ tiêu chí'] },
  { key: 'year', label: 'Năm', aliases: ['Year', 'Năm đánh giá', 'Năm áp dụng'] },
  { key: 'group', label: 'Khối', aliases: ['Group', 'Khối đơn vị', 'Nhóm'] },
] as const;
type InfoKey = (typeof INFO_FIELDS)[number]['key'];

export const CLASS_COLUMNS = [
  { key: 'name', header: 'Xếp loại', aliases: ['Class', 'Tên xếp loại', 'Mức xếp loại'], width: 20 },
  { key: 'minIndex', header: 'Chỉ số tối thiểu (%)', aliases: ['Min index (%)', 'Min index', 'Chỉ số tối thiểu', 'Từ (%)'], width: 22 },
] as const;
type ClassField = (typeof CLASS_COLUMNS)[number]['key'];

export const CODE_RE = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
export const MAX_CODE_LENGTH = 32;

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

function styleHeader(row: ExcelJS.Row, count: number): void {
  for (let i = 1; i <= count; i++) {
    const cell = row.getCell(i);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  }
}

/** Depth-first order, siblings by `order` (stable); nodes not reached from a root come last. */
function treeOrder(nodes: readonly FrameworkNode[]): { node: FrameworkNode; depth: number }[] {
  const codes = new Set(nodes.map((n) => n.code));
  const children = new Map<string | null, FrameworkNode[]>();
  for (const n of nodes) {
    const key = n.parentCode !== null && codes.has(n.parentCode) && n.parentCode !== n.code ? n.parentCode : null;
    const list = children.get(key);
    if (list) list.push(n);
    else children.set(key, [n]);
  }
  for (const list of children.values()) list.sort((a, b) => a.order - b.order);
  const out: { node: FrameworkNode; depth: number }[] = [];
  const seen = new Set<FrameworkNode>();
  const visit = (n: FrameworkNode, depth: number) => {
    if (seen.has(n)) return;
    seen.add(n);
    out.push({ node: n, depth });
    for (const c of children.get(n.code) ?? []) visit(c, depth + 1);
  };
  for (const r of children.get(null) ?? []) visit(r, 0);
  for (const n of nodes) visit(n, 0);
  return out;
}

/**
 * Writes a framework to an .xlsx workbook with the sheets 'Bộ chỉ số', 'Thông tin' and
 * 'Xếp loại' (layout at the top of this file): bold frozen headers with explanatory notes,
 * column widths, wrapped long texts, titles indented by level (lĩnh vực in bold), codes as
 * text, points as numbers shown '0.00'. Throws RangeError for a method the 'Cách chấm'
 * grammar cannot carry. `parseFrameworkWorkbook` of the result gives the framework back.
 */
export async function writeFrameworkWorkbook(fw: FrameworkSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';

  // --- Bộ chỉ số ---------------------------------------------------------------
  const ws = wb.addWorksheet(TREE_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = FRAMEWORK_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const headerRow = ws.getRow(1);
  FRAMEWORK_COLUMNS.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.note = c.note;
  });
  styleHeader(headerRow, FRAMEWORK_COLUMNS.length);

  treeOrder(fw.nodes).forEach(({ node: n, depth }, i) => {
    const values: Record<FrameworkField, ExcelJS.CellValue> = {
      code: n.code,
      parentCode: n.parentCode,
      title: n.title,
      maxPoints: Number(n.maxPoints),
      source: SOURCE_LABELS[n.source],
      kind: KIND_LABELS[n.kind],
      method: n.method === null ? null : formatScoringMethod(n.method),
      guidance: n.guidance,
      evidenceRequired: n.evidenceRequired ? 'Có' : 'Không',
    };
    const row = ws.getRow(i + 2);
    FRAMEWORK_COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = values[c.key];
      cell.alignment = { vertical: 'top', wrapText: c.width >= 30 };
      if (c.key === 'code' || c.key === 'parentCode') cell.numFmt = '@';
      if (c.key === 'maxPoints') cell.numFmt = '0.00';
      if (c.key === 'title') cell.alignment = { vertical: 'top', wrapText: true, indent: depth };
      if (depth === 0) cell.font = { bold: true };
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FRAMEWORK_COLUMNS.length } };

  // --- Thông tin ---------------------------------------------------------------
  const info = wb.addWorksheet(INFO_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  info.columns = [{ width: 18 }, { width: 50 }, { width: 60 }];
  info.addRow(['Mục', 'Giá trị', 'Ghi chú']);
  styleHeader(info.getRow(1), 3);
  const groupName = FRAMEWORK_GROUPS.find((g) => g.code === fw.groupCode)?.name ?? fw.groupCode;
  info.addRow([INFO_FIELDS[0].label, fw.name, 'Tên của bộ chỉ số / bộ tiêu chí. Name of the framework.']);
  info.addRow([INFO_FIELDS[1].label, fw.year, 'Năm đánh giá áp dụng bộ chỉ số. Evaluation year.']);
  info.addRow([
    INFO_FIELDS[2].label,
    groupName,
    `Khối đơn vị được đánh giá: ${FRAMEWORK_GROUPS.map((g) => g.name).join(' hoặc ')}. Unit group (${FRAMEWORK_GROUPS.map((g) => g.code).join(' / ')}).`,
  ]);
  for (let r = 2; r <= 4; r++) {
    info.getRow(r).getCell(1).font = { bold: true };
    info.getRow(r).getCell(2).alignment = { wrapText: true, horizontal: 'left', vertical: 'top' };
    info.getRow(r).getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }

  // --- Xếp loại ----------------------------------------------------------------
  const cls = wb.addWorksheet(CLASSES_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  cls.columns = CLASS_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  cls.addRow(CLASS_COLUMNS.map((c) => c.header));
  styleHeader(cls.getRow(1), CLASS_COLUMNS.length);
  cls.getRow(1).getCell(2).note =
    'Chỉ số CCHC (%) tối thiểu để đạt mức xếp loại; ghi từ mức cao nhất xuống, giảm dần. Minimum index (%) for the class, highest class first.';
  for (const c of fw.classes) {
    const row = cls.addRow([c.name, Number(c.minIndex)]);
    row.getCell(2).numFmt = '0.00';
  }

  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------
// Import: cells and workbook
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

function isBlank(v: Scalar): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

function errText(v: Scalar): string | null {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? v.error : null;
}

/** Trimmed NFC text of a cell; null when empty or an error value. Numbers without float artefacts. */
function textOf(v: Scalar): string | null {
  if (v === null || errText(v) !== null) return null;
  if (typeof v === 'string') {
    const t = v.normalize('NFC').replace(/\r\n?/g, '\n').trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return null;
}

/** Decimal of a number cell or a text cell ('2,5', '2.5'; with `percent`, also '90%', and a %-formatted 0.9 → 90). */
function decimalOfCell(v: Scalar, opts: { percentFormat?: boolean; percentText?: boolean } = {}): DecimalResult {
  if (typeof v === 'number') return decimalFromNumber(opts.percentFormat ? v * 100 : v);
  const t = textOf(v);
  if (t === null) return { ok: false, problem: 'not_number' };
  return decimalFromText(opts.percentText ? t.replace(/%$/, '') : t);
}

function shown(v: Scalar): string {
  if (typeof v === 'number') return String(v);
  return textOf(v) ?? '';
}

function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const key = matchKey(name);
  return wb.worksheets.find((w) => matchKey(w.name) === key);
}

/** Column number per field from a header row (first match wins). */
function mapHeader<K extends string>(row: ExcelJS.Row, columns: readonly { key: K; header: string; aliases: readonly string[] }[]): Map<K, number> {
  const byKey = new Map<string, K>();
  for (const c of columns) for (const h of [c.header, ...c.aliases]) if (!byKey.has(matchKey(h))) byKey.set(matchKey(h), c.key);
  const found = new Map<K, number>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = textOf(scalar(cell.value));
    if (text === null) return;
    const field = byKey.get(matchKey(text));
    if (field !== undefined && !found.has(field)) found.set(field, col);
  });
  return found;
}

type AddError = (row: number, column: string, message: string, messageEn: string) => void;

function sheetMissing(add: AddError, name: string, contentVi: string, contentEn: string): void {
  add(0, '', `Thiếu trang tính "${name}" (${contentVi}).`, `The worksheet "${name}" (${contentEn}) is missing.`);
}

// ---------------------------------------------------------------------------
// Import: 'Thông tin'
// ---------------------------------------------------------------------------

interface InfoValues {
  name: string | null;
  year: number | null;
  groupCode: string | null;
}

function parseInfoSheet(ws: ExcelJS.Worksheet | undefined, add: AddError): InfoValues {
  const out: InfoValues = { name: null, year: null, groupCode: null };
  if (ws === undefined) {
    sheetMissing(add, INFO_SHEET_NAME, 'Tên bộ chỉ số, Năm, Khối', 'name, year, unit group');
    return out;
  }
  const byKey = new Map<string, InfoKey>();
  for (const f of INFO_FIELDS) for (const a of [f.label, ...f.aliases]) byKey.set(matchKey(a), f.key);
  const label = (k: InfoKey) => INFO_FIELDS.find((f) => f.key === k)?.label ?? k;
  const seenAt = new Map<InfoKey, number>();
  let count = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (++count > 200) return;
    const keyText = textOf(scalar(row.getCell(1).value));
    if (keyText === null) return;
    const key = byKey.get(matchKey(keyText));
    if (key === undefined) return;
    const col = label(key);
    const first = seenAt.get(key);
    if (first !== undefined) {
      add(rowNumber, col, `"${col}" được ghi hai lần (dòng ${first} và dòng ${rowNumber}).`, `"${col}" is given twice (rows ${first} and ${rowNumber}).`);
      return;
    }
    seenAt.set(key, rowNumber);
    const v = scalar(row.getCell(2).value);
    const e = errText(v);
    if (e !== null) {
      add(rowNumber, col, `Ô giá trị của "${col}" có giá trị lỗi ${e} (lỗi công thức).`, `The value of "${col}" holds the error value ${e} (formula error).`);
      return;
    }
    const text = textOf(v);
    if (text === null) {
      add(rowNumber, col, `Chưa nhập giá trị cho "${col}" (cột B).`, `No value for "${col}" (column B).`);
      return;
    }
    if (key === 'name') out.name = text.replace(/\s+/g, ' ');
    else if (key === 'year') {
      const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
      if (!(year >= 2000 && year <= 2100)) {
        add(
          rowNumber,
          col,
          `Năm "${text}" không hợp lệ: nhập năm gồm 4 chữ số, từ 2000 đến 2100.`,
          `Invalid year "${text}": enter a 4-digit year from 2000 to 2100.`,
        );
      } else out.year = year;
    } else {
      const code = parseGroupCode(text);
      const list = FRAMEWORK_GROUPS.map((g) => `"${g.name}" (${g.code})`).join(', ');
      if (code === null) add(rowNumber, col, `Khối "${text}" không hợp lệ; chọn một trong: ${list}.`, `Unknown unit group "${text}"; use one of: ${list}.`);
      else out.groupCode = code;
    }
  });
  for (const f of INFO_FIELDS) {
    if (!seenAt.has(f.key)) {
      add(
        0,
        f.label,
        `Trang "${INFO_SHEET_NAME}" thiếu dòng "${f.label}" (cột A: "${f.label}", cột B: giá trị).`,
        `Sheet "${INFO_SHEET_NAME}" lacks the row "${f.label}" (${f.aliases[0].toLowerCase()}; column A the key, column B the value).`,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Import: 'Xếp loại'
// ---------------------------------------------------------------------------

function parseClassesSheet(ws: ExcelJS.Worksheet | undefined, add: AddError): ClassRule[] {
  const out: ClassRule[] = [];
  if (ws === undefined) {
    sheetMissing(add, CLASSES_SHEET_NAME, 'các mức xếp loại và chỉ số tối thiểu', 'the classes and their minimum index');
    return out;
  }
  const cols = mapHeader<ClassField>(ws.getRow(1), CLASS_COLUMNS);
  const missing = CLASS_COLUMNS.filter((c) => !cols.has(c.key));
  if (missing.length > 0) {
    add(
      1,
      missing.map((c) => c.header).join(', '),
      `Dòng tiêu đề (dòng 1) thiếu cột: ${missing.map((c) => `"${c.header}"`).join(', ')}.`,
      `The header row (row 1) lacks the column(s): ${missing.map((c) => `"${c.header}" (${c.aliases[0]})`).join(', ')}.`,
    );
    return out;
  }
  const nameCol = CLASS_COLUMNS[0].header;
  const minCol = CLASS_COLUMNS[1].header;
  const names = new Map<string, number>();
  const minima = new Map<string, number>();
  let prev: { min: string; row: number } | null = null;
  let dataRows = 0;
  let stopped = false;
  let valid = true;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (stopped || rowNumber === 1) return;
    const nameV = scalar(row.getCell(cols.get('name') as number).value);
    const minCell = row.getCell(cols.get('minIndex') as number);
    const minV = scalar(minCell.value);
    if (isBlank(nameV) && isBlank(minV)) return;
    if (++dataRows > MAX_CLASS_ROWS) {
      add(rowNumber, '', `Quá nhiều mức xếp loại: tối đa ${MAX_CLASS_ROWS}.`, `Too many classes: at most ${MAX_CLASS_ROWS}.`);
      stopped = true;
      return;
    }
    const name = textOf(nameV)?.replace(/\s+/g, ' ') ?? null;
    let rowOk = true;
    if (name === null) {
      add(rowNumber, nameCol, 'Thiếu tên mức xếp loại.', 'The class name is missing.');
      rowOk = false;
    } else {
      const key = name.toLowerCase();
      const first = names.get(key);
      if (first !== undefined) {
        add(rowNumber, nameCol, `Mức xếp loại "${name}" trùng với dòng ${first}.`, `Class "${name}" is the same as in row ${first}.`);
        rowOk = false;
      } else names.set(key, rowNumber);
    }
    let min: string | null = null;
    if (isBlank(minV)) {
      add(rowNumber, minCol, 'Thiếu chỉ số tối thiểu (%).', 'The minimum index (%) is missing.');
    } else {
      const r = decimalOfCell(minV, { percentFormat: typeof minCell.numFmt === 'string' && minCell.numFmt.includes('%'), percentText: true });
      if (!r.ok) {
        const p = PROBLEM_TEXT[r.problem];
        add(rowNumber, minCol, `Chỉ số tối thiểu "${shown(minV)}" ${p.vi}.`, `The minimum index "${shown(minV)}" ${p.en}.`);
      } else if (compareDecimals(r.value, '100') > 0) {
        add(rowNumber, minCol, `Chỉ số tối thiểu ${formatDecimalVi(r.value)}% vượt quá 100%.`, `The minimum index ${r.value}% exceeds 100%.`);
      } else min = r.value;
    }
    if (min === null) rowOk = false;
    else {
      const dup = minima.get(min);
      if (dup !== undefined) {
        add(
          rowNumber,
          minCol,
          `Chỉ số tối thiểu ${formatDecimalVi(min)}% trùng với dòng ${dup}; mỗi mức xếp loại phải có ngưỡng khác nhau.`,
          `The minimum index ${min}% is the same as in row ${dup}; each class needs its own threshold.`,
        );
        rowOk = false;
      } else {
        minima.set(min, rowNumber);
        if (prev !== null && compareDecimals(min, prev.min) > 0) {
          add(
            rowNumber,
            minCol,
            `Các mức xếp loại phải xếp từ cao xuống thấp: ${formatDecimalVi(min)}% ở dòng ${rowNumber} lớn hơn ${formatDecimalVi(prev.min)}% ở dòng ${prev.row}.`,
            `Classes must be listed from the highest down: ${min}% in row ${rowNumber} is above ${prev.min}% in row ${prev.row}.`,
          );
          rowOk = false;
        }
        prev = { min, row: rowNumber };
      }
    }
    if (rowOk && name !== null && min !== null) out.push({ name, minIndex: min });
    else valid = false;
  });
  if (dataRows === 0) {
    add(0, '', `Trang "${CLASSES_SHEET_NAME}" chưa có mức xếp loại nào.`, `Sheet "${CLASSES_SHEET_NAME}" has no class.`);
  }
  return valid ? out : [];
}

// ---------------------------------------------------------------------------
// Import: 'Bộ chỉ số'
// ---------------------------------------------------------------------------

interface TreeRow {
  row: number;
  /** Well-formed code, else null. */
  code: string | null;
  codeWasNumber: boolean;
  /** Parent code (explicit or inferred from the dots); null = root or unusable. */
  parentCode: string | null;
  parentInferred: boolean;
  title: string | null;
  maxPoints: string | null;
  source: NodeSource | null;
  kind: NodeKind | null;
  methodText: string | null;
  method: ScoringMethod | null;
  methodError: { message: string; messageEn: string } | null;
  guidance: string | null;
  evidenceRequired: boolean | null;
}

function readCode(v: Scalar): { code: string | null; text: string | null } {
  const text = textOf(v);
  if (text === null) return { code: null, text: null };
  const t = text.replace(/(?<=.)\.$/, '');
  return { code: t.length <= MAX_CODE_LENGTH && CODE_RE.test(t) ? t : null, text };
}

function badCodeMessage(what: { vi: string; en: string }, text: string): [string, string] {
  return [
    `${what.vi} "${text}" không hợp lệ: 1–${MAX_CODE_LENGTH} ký tự gồm chữ cái không dấu, chữ số, ngăn cách bởi dấu chấm, gạch ngang hoặc gạch dưới (ví dụ 1, 1.2, 1.2.3).`,
    `Invalid ${what.en} "${text}": 1–${MAX_CODE_LENGTH} characters, letters A–Z and digits separated by '.', '-' or '_' (e.g. 1, 1.2, 1.2.3).`,
  ];
}

function parseTreeSheet(ws: ExcelJS.Worksheet | undefined, add: AddError): FrameworkNode[] | null {
  if (ws === undefined) {
    sheetMissing(add, TREE_SHEET_NAME, 'cây lĩnh vực, tiêu chí, tiêu chí thành phần', 'the tree of areas, criteria and sub-criteria');
    return null;
  }
  let errorCount = 0;
  const addE: AddError = (...a) => {
    errorCount++;
    add(...a);
  };

  // --- Header ------------------------------------------------------------------
  const cols = mapHeader<FrameworkField>(ws.getRow(1), FRAMEWORK_COLUMNS);
  const missing = FRAMEWORK_COLUMNS.filter((c) => c.required && !cols.has(c.key));
  if (missing.length > 0) {
    const expected = FRAMEWORK_COLUMNS.map((c) => c.header).join(' | ');
    addE(
      1,
      missing.map((c) => c.header).join(', '),
      `Dòng tiêu đề (dòng 1) thiếu cột bắt buộc: ${missing.map((c) => `"${c.header}"`).join(', ')}. Các cột: ${expected}.`,
      `The header row (row 1) lacks the required column(s): ${missing.map((c) => `"${c.header}" (${c.aliases[0]})`).join(', ')}. Columns: ${expected}.`,
    );
    return null;
  }

  // --- Rows --------------------------------------------------------------------
  const rows: TreeRow[] = [];
  let dataRows = 0;
  let stopped = false;
  ws.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    if (stopped || rowNumber === 1) return;
    const raw = new Map<FrameworkField, Scalar>();
    for (const [field, col] of cols) raw.set(field, scalar(excelRow.getCell(col).value));
    if ([...raw.values()].every(isBlank)) return;
    if (++dataRows > MAX_FRAMEWORK_ROWS) {
      addE(
        rowNumber,
        '',
        `Bộ chỉ số có quá nhiều dòng: tối đa ${MAX_FRAMEWORK_ROWS.toLocaleString('vi-VN')} dòng; từ dòng ${rowNumber} trở đi không được đọc.`,
        `Too many rows: at most ${MAX_FRAMEWORK_ROWS.toLocaleString('en-US')} data rows; rows from ${rowNumber} on were not read.`,
      );
      stopped = true;
      return;
    }
    const get = (f: FrameworkField): Scalar => raw.get(f) ?? null;
    const err = (f: FrameworkField, vi: string, en: string) => addE(rowNumber, header(f), vi, en);
    for (const [field, v] of raw) {
      const e = errText(v);
      if (e !== null) err(field, `Ô có giá trị lỗi ${e} (lỗi công thức).`, `The cell holds the error value ${e} (formula error).`);
    }
    const hasErr = (f: FrameworkField) => errText(get(f)) !== null;

    // Code
    const { code, text: codeText } = readCode(get('code'));
    if (codeText === null) {
      if (!hasErr('code')) err('code', 'Thiếu mã tiêu chí (cột STT/Mã).', 'The node code is missing.');
    } else if (code === null) err('code', ...badCodeMessage({ vi: 'Mã tiêu chí', en: 'node code' }, codeText));

    // Parent
    let parentCode: string | null = null;
    let parentInferred = false;
    const parent = readCode(get('parentCode'));
    if (parent.text !== null) {
      if (parent.code === null) err('parentCode', ...badCodeMessage({ vi: 'Mã cấp trên', en: 'parent code' }, parent.text));
      parentCode = parent.code;
    } else if (code?.includes('.') && !hasErr('parentCode')) {
      parentCode = code.slice(0, code.lastIndexOf('.'));
      parentInferred = true;
    }

    // Title
    const title = textOf(get('title'))?.replace(/\s+/g, ' ') ?? null;
    if (title === null && !hasErr('title')) err('title', 'Thiếu nội dung tiêu chí.', 'The title is missing.');

    // Max points
    let maxPoints: string | null = null;
    const maxV = get('maxPoints');
    if (isBlank(maxV)) err('maxPoints', 'Thiếu điểm tối đa.', 'The maximum points are missing.');
    else if (!hasErr('maxPoints')) {
      const r = decimalOfCell(maxV);
      if (!r.ok) {
        const p = PROBLEM_TEXT[r.problem];
        err('maxPoints', `Điểm tối đa "${shown(maxV)}" ${p.vi}.`, `The maximum points "${shown(maxV)}" ${p.en}.`);
      } else if (toHundredths(r.value) === 0) err('maxPoints', 'Điểm tối đa phải lớn hơn 0.', 'The maximum points must be greater than 0.');
      else maxPoints = r.value;
    }

    // Source, kind, evidence
    const labelCell = <T>(f: FrameworkField, parse: (t: string) => T | null, fallback: T, list: string, what: { vi: string; en: string }): T | null => {
      const t = textOf(get(f));
      if (t === null) return hasErr(f) ? null : fallback;
      const v = parse(t);
      if (v === null) err(f, `${what.vi} "${t}" không hợp lệ; chọn một trong: ${list}.`, `Unknown ${what.en} "${t}"; use one of: ${list}.`);
      return v;
    };
    const source = labelCell('source', parseNodeSource, 'self', Object.values(SOURCE_LABELS).join(', '), { vi: 'Nguồn điểm', en: 'source' });
    const kind = labelCell('kind', parseNodeKind, 'normal', Object.values(KIND_LABELS).join(', '), { vi: 'Loại', en: 'kind' });
    const evidenceRequired = labelCell(
      'evidenceRequired',
      (t) => {
        const yn = yesNoOf(t);
        return yn === null ? null : yn === 'yes';
      },
      false,
      'Có, Không',
      { vi: 'Giá trị', en: 'value' },
    );

    // Method (syntax errors are reported once the tree is known)
    const methodText = textOf(get('method'));
    let method: ScoringMethod | null = null;
    let methodError: TreeRow['methodError'] = null;
    if (methodText !== null) {
      const r = parseScoringMethod(methodText);
      if (r.ok) method = r.method;
      else methodError = { message: r.message, messageEn: r.messageEn };
    }

    rows.push({
      row: rowNumber,
      code,
      codeWasNumber: typeof get('code') === 'number',
      parentCode,
      parentInferred,
      title,
      maxPoints,
      source,
      kind,
      methodText,
      method,
      methodError,
      guidance: textOf(get('guidance')),
      evidenceRequired,
    });
  });

  if (dataRows === 0) {
    addE(0, '', `Trang "${TREE_SHEET_NAME}" chưa có tiêu chí nào.`, `Sheet "${TREE_SHEET_NAME}" has no node.`);
    return null;
  }

  // --- Codes: unique ---------------------------------------------------------------
  const byCode = new Map<string, TreeRow>();
  const members: TreeRow[] = [];
  for (const r of rows) {
    if (r.code === null) continue;
    const first = byCode.get(r.code);
    if (first === undefined) {
      byCode.set(r.code, r);
      members.push(r);
      continue;
    }
    const hint = first.codeWasNumber || r.codeWasNumber;
    addE(
      r.row,
      header('code'),
      `Mã tiêu chí "${r.code}" trùng với dòng ${first.row}.` +
        (hint ? ' (Ô mã đang là số: Excel đổi "1.10" thành 1.1 — hãy định dạng cột STT/Mã là Văn bản.)' : ''),
      `Node code "${r.code}" is also used in row ${first.row}.` +
        (hint ? ' (The code cell is a number: Excel turns "1.10" into 1.1 — format the code column as Text.)' : ''),
    );
  }

  // --- Parents: exist ----------------------------------------------------------------
  const parentColumn = (r: TreeRow) => header(r.parentInferred ? 'code' : 'parentCode');
  for (const r of rows) {
    if (r.parentCode === null || byCode.has(r.parentCode) || r.parentCode === r.code) continue;
    if (r.parentInferred) {
      addE(
        r.row,
        parentColumn(r),
        `Không có tiêu chí cấp trên "${r.parentCode}" (suy ra từ mã "${r.code}" vì cột Mã cấp trên để trống).`,
        `There is no parent node "${r.parentCode}" (inferred from the code "${r.code}" as 'Mã cấp trên' is empty).`,
      );
    } else {
      addE(r.row, parentColumn(r), `Không có tiêu chí nào mang mã cấp trên "${r.parentCode}".`, `There is no node with the parent code "${r.parentCode}".`);
    }
  }

  // --- Parents: no cycles ------------------------------------------------------------
  const inCycle = new Set<TreeRow>();
  const done = new Set<TreeRow>();
  for (const start of members) {
    const path: TreeRow[] = [];
    const onPath = new Set<TreeRow>();
    let cur: TreeRow | undefined = start;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = cur.parentCode === null ? undefined : byCode.get(cur.parentCode);
    }
    if (cur !== undefined && onPath.has(cur)) {
      const cycle = path.slice(path.indexOf(cur));
      const chain = [...cycle.map((c) => c.code), cur.code].join(' → ');
      for (const c of cycle) {
        inCycle.add(c);
        if (cycle.length === 1) {
          addE(c.row, parentColumn(c), `Tiêu chí "${c.code}" không thể là cấp trên của chính nó.`, `Node "${c.code}" cannot be its own parent.`);
        } else {
          addE(c.row, parentColumn(c), `Quan hệ cấp trên bị lặp vòng: ${chain}.`, `The parent links form a cycle: ${chain}.`);
        }
      }
    }
    for (const p of path) done.add(p);
  }

  // --- Children ---------------------------------------------------------------------
  const children = new Map<TreeRow, TreeRow[]>();
  for (const r of members) {
    const p = r.parentCode === null ? undefined : byCode.get(r.parentCode);
    if (p === undefined || p === r) continue;
    const list = children.get(p);
    if (list) list.push(r);
    else children.set(p, [r]);
  }
  const isMember = new Set(members);

  // --- Methods ----------------------------------------------------------------------
  const methodCol = header('method');
  for (const r of rows) {
    if (!isMember.has(r) || inCycle.has(r)) {
      if (r.methodError) addE(r.row, methodCol, r.methodError.message, r.methodError.messageEn);
      continue;
    }
    const isLeaf = !children.has(r);
    if (!isLeaf) {
      if (r.methodText !== null) {
        addE(
          r.row,
          methodCol,
          `Tiêu chí "${r.code}" có tiêu chí con nên không được ghi cách chấm (điểm được cộng từ các tiêu chí con); hãy để trống ô này.`,
          `Node "${r.code}" has children, so it takes no scoring method (its score is the sum of its children); leave the cell empty.`,
        );
      }
      continue;
    }
    if (r.methodText === null) {
      addE(
        r.row,
        methodCol,
        `Tiêu chí "${r.code}" không có tiêu chí con nên phải ghi cách chấm (ví dụ "Nhập trực tiếp", "Có/Không", "Mức: Đạt=1; Không đạt=0").`,
        `Node "${r.code}" is a leaf and needs a scoring method (e.g. "Nhập trực tiếp", "Có/Không", "Mức: Đạt=1; Không đạt=0").`,
      );
      continue;
    }
    if (r.methodError) {
      addE(r.row, methodCol, r.methodError.message, r.methodError.messageEn);
      continue;
    }
    const m = r.method as ScoringMethod;
    if (r.source === 'survey' && m.type !== 'survey') {
      addE(
        r.row,
        methodCol,
        `Tiêu chí "${r.code}" lấy điểm từ điều tra xã hội học nên cách chấm phải là "Điều tra XHH" (đang ghi "${r.methodText}").`,
        `Node "${r.code}" is scored by the sociological survey, so its method must be "Điều tra XHH" (found "${r.methodText}").`,
      );
    } else if (m.type === 'survey' && r.source !== null && r.source !== 'survey') {
      addE(
        r.row,
        methodCol,
        `Cách chấm "Điều tra XHH" chỉ dùng cho tiêu chí có nguồn điểm "${SOURCE_LABELS.survey}" (đang là "${SOURCE_LABELS[r.source]}").`,
        `The method "Điều tra XHH" needs the source "${SOURCE_LABELS.survey}" (the source is "${SOURCE_LABELS[r.source]}").`,
      );
    }
    if (r.source === 'data' && m.type !== 'data') {
      addE(
        r.row,
        methodCol,
        `Tiêu chí "${r.code}" lấy điểm từ dữ liệu hệ thống nên cách chấm phải có dạng "Dữ liệu: <mã chỉ tiêu>" (đang ghi "${r.methodText}").`,
        `Node "${r.code}" is scored from system data, so its method must be "Dữ liệu: <indicator>" (found "${r.methodText}").`,
      );
    } else if (m.type === 'data' && r.source !== null && r.source !== 'data') {
      addE(
        r.row,
        methodCol,
        `Cách chấm "Dữ liệu: …" chỉ dùng cho tiêu chí có nguồn điểm "${SOURCE_LABELS.data}" (đang là "${SOURCE_LABELS[r.source]}").`,
        `The method "Dữ liệu: …" needs the source "${SOURCE_LABELS.data}" (the source is "${SOURCE_LABELS[r.source]}").`,
      );
    }
    if (m.type === 'deduction' && r.kind !== null && r.kind !== 'penalty') {
      addE(
        r.row,
        methodCol,
        `Cách chấm "Trừ: …" chỉ dùng cho tiêu chí loại "${KIND_LABELS.penalty}".`,
        `The method "Trừ: …" is only for nodes of kind "${KIND_LABELS.penalty}".`,
      );
    }
    if (m.type === 'bonus' && r.kind !== null && r.kind !== 'bonus') {
      addE(
        r.row,
        methodCol,
        `Cách chấm "Thưởng: …" chỉ dùng cho tiêu chí loại "${KIND_LABELS.bonus}".`,
        `The method "Thưởng: …" is only for nodes of kind "${KIND_LABELS.bonus}".`,
      );
    }
    if (r.maxPoints !== null) {
      for (const c of methodPointCaps(m)) {
        if (compareDecimals(c.value, r.maxPoints) > 0) {
          addE(
            r.row,
            methodCol,
            `Cách chấm vượt điểm tối đa: ${c.vi} là ${formatDecimalVi(c.value)}, lớn hơn điểm tối đa ${formatDecimalVi(r.maxPoints)}.`,
            `The method exceeds the maximum: ${c.en} is ${c.value}, above the maximum ${r.maxPoints}.`,
          );
        }
      }
    }
  }

  // --- Kinds and sums ----------------------------------------------------------------
  for (const [parent, kids] of children) {
    if (inCycle.has(parent)) continue;
    if (parent.kind === 'bonus' || parent.kind === 'penalty') {
      for (const k of kids) {
        if (k.kind !== null && k.kind !== parent.kind) {
          addE(
            k.row,
            header('kind'),
            `Tiêu chí con của tiêu chí "${KIND_LABELS[parent.kind]}" "${parent.code}" phải cùng loại "${KIND_LABELS[parent.kind]}" (đang là "${KIND_LABELS[k.kind]}").`,
            `The children of the ${parent.kind} node "${parent.code}" must also be of kind "${KIND_LABELS[parent.kind]}" (found "${KIND_LABELS[k.kind]}").`,
          );
        }
      }
      continue;
    }
    if (parent.kind !== 'normal' || parent.maxPoints === null) continue;
    if (kids.some((k) => k.kind === null || (k.kind === 'normal' && k.maxPoints === null))) continue;
    const normal = kids.filter((k) => k.kind === 'normal');
    const sum = addDecimals('0', ...normal.map((k) => k.maxPoints as string));
    if (compareDecimals(sum, parent.maxPoints) !== 0) {
      const parts = normal.length === 0 ? 'không có' : normal.map((k) => `${k.code}: ${formatDecimalVi(k.maxPoints as string)}`).join('; ');
      const partsEn = normal.length === 0 ? 'none' : normal.map((k) => `${k.code}: ${k.maxPoints}`).join('; ');
      addE(
        parent.row,
        header('maxPoints'),
        `Điểm tối đa của "${parent.code}" là ${formatDecimalVi(parent.maxPoints)} nhưng tổng điểm tối đa các tiêu chí con loại "Thường" là ${formatDecimalVi(sum)} (${parts}).`,
        `The maximum of "${parent.code}" is ${parent.maxPoints} but its normal children add up to ${sum} (${partsEn}).`,
      );
    }
  }

  if (errorCount > 0) return null;

  // --- Assemble ----------------------------------------------------------------------
  const orderCounter = new Map<string | null, number>();
  return rows.map((r) => {
    const order = (orderCounter.get(r.parentCode) ?? 0) + 1;
    orderCounter.set(r.parentCode, order);
    const node: FrameworkNode = {
      code: r.code as string,
      parentCode: r.parentCode,
      title: r.title as string,
      maxPoints: r.maxPoints as string,
      source: r.source as NodeSource,
      kind: r.kind as NodeKind,
      method: children.has(r) ? null : r.method,
      guidance: r.guidance,
      evidenceRequired: r.evidenceRequired as boolean,
      order,
    };
    return node;
  });
}

// ---------------------------------------------------------------------------
// Import: workbook
// ---------------------------------------------------------------------------

const SHEET_ORDER = [INFO_SHEET_NAME, TREE_SHEET_NAME, CLASSES_SHEET_NAME];

/**
 * Reads and validates a framework workbook. Throws `FrameworkWorkbookError` if the buffer is
 * not an .xlsx workbook; every other problem is reported in `errors` — all of them, from all
 * three sheets — and `framework` is then null.
 */
export async function parseFrameworkWorkbook(buf: Buffer): Promise<ParseFrameworkResult> {
  const wb = await loadWorkbook(buf);
  const errors: FrameworkSheetError[] = [];
  const adder =
    (sheet: string): AddError =>
    (row, column, message, messageEn) =>
      errors.push({ row, sheet, column, message, messageEn });

  const info = parseInfoSheet(findSheet(wb, INFO_SHEET_NAME), adder(INFO_SHEET_NAME));
  const nodes = parseTreeSheet(findSheet(wb, TREE_SHEET_NAME), adder(TREE_SHEET_NAME));
  const classes = parseClassesSheet(findSheet(wb, CLASSES_SHEET_NAME), adder(CLASSES_SHEET_NAME));

  const indexed = errors.map((e, i) => ({ e, i }));
  indexed.sort((a, b) => SHEET_ORDER.indexOf(a.e.sheet) - SHEET_ORDER.indexOf(b.e.sheet) || a.e.row - b.e.row || a.i - b.i);
  const sorted = indexed.map((x) => x.e);
  if (sorted.length > 0 || nodes === null || info.name === null || info.year === null || info.groupCode === null) {
    return { framework: null, errors: sorted };
  }
  return { framework: { name: info.name, year: info.year, groupCode: info.groupCode, nodes, classes }, errors: [] };
}
