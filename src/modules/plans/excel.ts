/**
 * A plan's task table in Excel (.xlsx), read and written with ExcelJS. One sheet, 'Nhiệm vụ'; the header row is the
 * first row (among the first 10) whose cells include 'STT' and 'Nội dung công việc', so a title above it is allowed:
 *
 *   STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Người chịu trách nhiệm | Thời hạn hoàn thành |
 *   Định kỳ | Từ ngày | Đến ngày | Hạn nộp sau kỳ (ngày) | Kết quả dự kiến | Chỉ tiêu | Đơn vị tính | Tiêu chí CCHC
 *
 * - STT: '1', '2', '2.1' … a dotted STT is a sub-task of the STT before its last dot.
 * - Units: the unit's code or its exact name; support units separated by ';' or new lines.
 * - Time: either 'Thời hạn hoàn thành' (dd/mm/yyyy or an Excel date), or 'Định kỳ' (Hằng tháng, Hằng quý,
 *   6 tháng, Hằng năm) with 'Từ ngày', 'Đến ngày' and the days after each period the report is due.
 * - Merged cells are refused (their ranges are listed): a merged "Đơn vị chủ trì" spanning rows says nothing about
 *   the rows below its first one once it is read by a program.
 *
 * Problems are reported for every cell at once, with the cell address; nothing is written unless the file is clean.
 */
import ExcelJS from 'exceljs';
import { isIsoDate } from '../../domain/calendar/isoDate.ts';
import { parentRefOf } from '../../domain/plans/tasks.ts';
import type { Frequency, Schedule } from '../../domain/plans/types.ts';
import type { RowError } from '../../server/errors.ts';
import { type MessageCode, message } from '../../server/messages.ts';
import type { TaskDto } from './repo.ts';

export const TASK_SHEET = 'Nhiệm vụ';

type Key =
  | 'ref'
  | 'work'
  | 'lead'
  | 'support'
  | 'person'
  | 'due'
  | 'frequency'
  | 'from'
  | 'until'
  | 'dueDay'
  | 'expected'
  | 'target'
  | 'targetUnit'
  | 'criteria';

export const COLUMNS: readonly { key: Key; header: string; required: boolean; width: number }[] = [
  { key: 'ref', header: 'STT', required: true, width: 7 },
  { key: 'work', header: 'Nội dung công việc', required: true, width: 50 },
  { key: 'lead', header: 'Đơn vị chủ trì', required: true, width: 28 },
  { key: 'support', header: 'Đơn vị phối hợp', required: false, width: 28 },
  { key: 'person', header: 'Người chịu trách nhiệm', required: false, width: 22 },
  { key: 'due', header: 'Thời hạn hoàn thành', required: true, width: 14 },
  { key: 'frequency', header: 'Định kỳ', required: false, width: 12 },
  { key: 'from', header: 'Từ ngày', required: false, width: 12 },
  { key: 'until', header: 'Đến ngày', required: false, width: 12 },
  { key: 'dueDay', header: 'Hạn nộp sau kỳ (ngày)', required: false, width: 12 },
  { key: 'expected', header: 'Kết quả dự kiến', required: false, width: 36 },
  { key: 'target', header: 'Chỉ tiêu', required: false, width: 10 },
  { key: 'targetUnit', header: 'Đơn vị tính', required: false, width: 10 },
  { key: 'criteria', header: 'Tiêu chí CCHC', required: false, width: 14 },
];

const FREQ_LABEL: Record<Frequency, string> = { monthly: 'Hằng tháng', quarterly: 'Hằng quý', halfYearly: '6 tháng', yearly: 'Hằng năm' };
const FREQ_ALIASES: Record<string, Frequency> = {
  hangthang: 'monthly',
  thang: 'monthly',
  monthly: 'monthly',
  hangquy: 'quarterly',
  quy: 'quarterly',
  quarterly: 'quarterly',
  '6thang': 'halfYearly',
  nuanam: 'halfYearly',
  halfyearly: 'halfYearly',
  hangnam: 'yearly',
  nam: 'yearly',
  yearly: 'yearly',
};

/** Lower case, no diacritics (đ → d), no spaces or punctuation: for matching headers and labels. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface SheetTask {
  row: number;
  ref: string;
  parentRef: string | null;
  work: string;
  leadUnitId: string;
  supportUnitIds: string[];
  responsiblePerson: string | null;
  schedule: Schedule;
  expected: { text: string; targetValue: string | null; targetUnit: string | null };
  criterionCodes: string[];
}

export interface UnitLookup {
  id: string;
  code: string;
  name: string;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((p) => p.text ?? '').join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    return '';
  }
  return String(v);
}

/** An Excel date, 'dd/mm/yyyy' or 'yyyy-mm-dd' → ISO day; null when not a date. */
function dayOf(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const t = cellText(v).trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return isIsoDate(t) ? t : null;
}

/**
 * Reads the task table of the first sheet (or the 'Nhiệm vụ' sheet). Returns the rows or the list of every problem.
 */
export function parseTaskSheet(wb: ExcelJS.Workbook, units: UnitLookup[]): { rows: SheetTask[] } | { errors: RowError[] } {
  const ws = wb.getWorksheet(TASK_SHEET) ?? wb.worksheets[0];
  const errors: RowError[] = [];
  const err = (row: number, col: number | null, code: MessageCode, params: Record<string, string | number> = {}) => {
    const letter = col ? ws.getColumn(col).letter : '';
    const head = col ? (COLUMNS.find((c) => colOf.get(c.key) === col)?.header ?? '') : '';
    const where = col ? `${letter}${row}` : `${row}`;
    errors.push({
      row,
      column: col ? `${letter} (${head})` : '',
      message: `Ô ${where}: ${message(code, 'vi', params)}`,
      messageEn: `Cell ${where}: ${message(code, 'en', params)}`,
    });
  };

  // merged cells
  const merges: string[] = ((ws.model as unknown as { merges?: string[] }).merges ?? []).slice().sort();
  const colOf = new Map<Key, number>();
  for (const range of merges) {
    const first = range.split(':')[0];
    const m = /^([A-Z]+)(\d+)$/.exec(first);
    errors.push({
      row: m ? Number(m[2]) : 0,
      column: m ? m[1] : '',
      message: message('plan_import_merged', 'vi', { range }),
      messageEn: message('plan_import_merged', 'en', { range }),
    });
  }

  // header row
  let headerRow = 0;
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const texts = (ws.getRow(r).values as ExcelJS.CellValue[]).map((v) => fold(cellText(v)));
    if (texts.includes('stt') && texts.includes(fold('Nội dung công việc'))) {
      headerRow = r;
      break;
    }
  }
  if (!headerRow) {
    for (const c of COLUMNS.filter((x) => x.required)) {
      errors.push({
        row: 1,
        column: c.header,
        message: message('plan_import_column_missing', 'vi', { column: c.header }),
        messageEn: message('plan_import_column_missing', 'en', { column: c.header }),
      });
    }
    return { errors };
  }
  ws.getRow(headerRow).eachCell((cell, col) => {
    const f = fold(cellText(cell.value));
    const c = COLUMNS.find((x) => fold(x.header) === f);
    if (c && !colOf.has(c.key)) colOf.set(c.key, col);
  });
  for (const c of COLUMNS.filter((x) => x.required && !colOf.has(x.key))) {
    errors.push({
      row: headerRow,
      column: c.header,
      message: message('plan_import_column_missing', 'vi', { column: c.header }),
      messageEn: message('plan_import_column_missing', 'en', { column: c.header }),
    });
  }
  if (errors.length) return { errors };

  const byCode = new Map(units.map((u) => [u.code.toLowerCase(), u]));
  const byName = new Map<string, UnitLookup[]>();
  for (const u of units) byName.set(fold(u.name), [...(byName.get(fold(u.name)) ?? []), u]);
  const findUnit = (t: string): UnitLookup | null => {
    const s = t.trim();
    const c = byCode.get(s.toLowerCase());
    if (c) return c;
    const n = byName.get(fold(s));
    return n && n.length === 1 ? n[0] : null;
  };

  const rows: SheetTask[] = [];
  const seen = new Map<string, number>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (k: Key) => (colOf.has(k) ? row.getCell(colOf.get(k)!).value : null);
    const text = (k: Key) => cellText(get(k)).trim();
    if (COLUMNS.every((c) => !colOf.has(c.key) || text(c.key) === '')) continue;
    const before = errors.length;
    const ref = text('ref').replace(/\.$/, '');
    if (!ref) err(r, colOf.get('ref')!, 'zod_required');
    else if (seen.has(ref)) err(r, colOf.get('ref')!, 'plan_import_duplicate', { ref });
    const work = text('work');
    if (!work) err(r, colOf.get('work')!, 'plan_task_work_required');
    const leadText = text('lead');
    const lead = leadText ? findUnit(leadText) : null;
    if (!leadText) err(r, colOf.get('lead')!, 'plan_task_lead_required');
    else if (!lead) err(r, colOf.get('lead')!, 'plan_import_unit', { value: leadText });
    const support: string[] = [];
    for (const part of text('support')
      .split(/[;\n]/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const u = findUnit(part);
      if (!u) err(r, colOf.get('support')!, 'plan_import_unit', { value: part });
      else support.push(u.id);
    }
    let schedule: Schedule | null = null;
    const freqText = text('frequency');
    if (freqText) {
      const f = FREQ_ALIASES[fold(freqText)];
      const from = dayOf(get('from'));
      const until = dayOf(get('until'));
      const dueDayText = text('dueDay');
      const dueDay = dueDayText === '' ? 0 : Number(dueDayText);
      if (!f) err(r, colOf.get('frequency')!, 'plan_import_schedule', { value: freqText });
      if (!from) err(r, colOf.get('from') ?? colOf.get('frequency')!, 'plan_import_date', { value: text('from') });
      if (!until) err(r, colOf.get('until') ?? colOf.get('frequency')!, 'plan_import_date', { value: text('until') });
      if (!Number.isInteger(dueDay) || dueDay < 0 || dueDay > 60) err(r, colOf.get('dueDay')!, 'zod_invalid');
      if (f && from && until) schedule = { kind: 'recurring', frequency: f, from, until, dueDay };
    } else {
      const dueText = text('due');
      const due = dayOf(get('due'));
      if (!dueText) err(r, colOf.get('due')!, 'plan_task_due_required');
      else if (!due) err(r, colOf.get('due')!, 'plan_import_date', { value: dueText });
      else schedule = { kind: 'once', dueDate: due };
    }
    const target = text('target').replace(/\s/g, '');
    if (target && !/^\d{1,12}([.,]\d{1,4})?$/.test(target)) err(r, colOf.get('target')!, 'plan_task_target_invalid');
    if (ref) seen.set(ref, r);
    if (errors.length > before) continue;
    rows.push({
      row: r,
      ref,
      parentRef: parentRefOf(ref),
      work,
      leadUnitId: lead!.id,
      supportUnitIds: support,
      responsiblePerson: text('person') || null,
      schedule: schedule!,
      expected: { text: text('expected'), targetValue: target ? target.replace(',', '.') : null, targetUnit: text('targetUnit') || null },
      criterionCodes: text('criteria')
        .split(/[;,\s]+/)
        .filter(Boolean),
    });
  }
  for (const t of rows) {
    if (t.parentRef && !seen.has(t.parentRef)) err(t.row, colOf.get('ref')!, 'plan_import_parent', { ref: t.parentRef });
  }
  if (seen.size === 0 && errors.length === 0) err(headerRow + 1, null, 'plan_import_no_rows');
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    return { errors };
  }
  return { rows };
}

const fmtDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Writes the task table in the layout parseTaskSheet reads (no merged cells, so that it round-trips). */
export async function writeTaskSheet(plan: { number: string; date: string; title: string } | null, tasks: TaskDto[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet(TASK_SHEET, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = plan ? `Kế hoạch số ${plan.number} ngày ${fmtDay(plan.date)}: ${plan.title}` : 'Bảng nhiệm vụ của kế hoạch';
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.getCell('A2').value =
    'Thời hạn: ghi "Thời hạn hoàn thành" (dd/mm/yyyy) hoặc "Định kỳ" (Hằng tháng, Hằng quý, 6 tháng, Hằng năm) với "Từ ngày", "Đến ngày". Đơn vị: mã hoặc tên; nhiều đơn vị phối hợp cách nhau bằng dấu ;';
  ws.getCell('A2').font = { italic: true, size: 9 };
  const header = ws.getRow(3);
  COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    ws.getColumn(i + 1).width = c.width;
  });
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  for (const t of tasks) {
    const s = t.schedule;
    const values: Record<Key, ExcelJS.CellValue> = {
      ref: t.ref,
      work: t.work,
      lead: t.leadUnit.code,
      support: t.supportUnits.map((u) => u.code).join('; '),
      person: t.responsiblePerson ?? '',
      due: s.kind === 'once' ? fmtDay(s.dueDate) : '',
      frequency: s.kind === 'recurring' ? FREQ_LABEL[s.frequency] : '',
      from: s.kind === 'recurring' ? fmtDay(s.from) : '',
      until: s.kind === 'recurring' ? fmtDay(s.until) : '',
      dueDay: s.kind === 'recurring' ? s.dueDay : '',
      expected: t.expected.text,
      target: t.expected.targetValue ?? '',
      targetUnit: t.expected.targetUnit ?? '',
      criteria: t.criterionCodes.join('; '),
    };
    const row = ws.addRow(COLUMNS.map((c) => values[c.key]));
    row.alignment = { wrapText: true, vertical: 'top' };
    // text, not numbers: '1.10' must not become 1.1, and codes keep their leading zeros
    for (const k of ['ref', 'lead', 'support', 'target'] as Key[]) {
      const cell = row.getCell(COLUMNS.findIndex((c) => c.key === k) + 1);
      cell.numFmt = '@';
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
