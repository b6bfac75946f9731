/**
 * The detailed scoring sheet of one unit (phiếu chấm điểm chi tiết): the framework tree with every stage's points
 * (self-score, appraisal, re-appraisal, final), the reasons given at each stage, the evidence file names, and the
 * totals, as an Excel workbook.
 *
 * Node rows roll up their leaves the way the domain does (sums of same-kind children; bonus and penalty subtrees
 * capped by their maxima); the totals row is the domain's own computation (bonus, penalty, clamping to [0, max]).
 * A column stays empty where no leaf has a value at that stage, and its index only shows when every counted leaf
 * has a value there (the self-score column never covers survey or data points, for instance).
 */
import ExcelJS from 'exceljs';
import { buildTree, computeResults, type FrameworkTree, isIncluded, nodeMaxima, treeMax } from '../../../domain/par/index.ts';
import { vietnamDay } from '../../../domain/shared/clock.ts';
import { add, compare, type Decimal, dec, neg, toFixed, ZERO } from '../../../domain/shared/decimal.ts';
import { AppError } from '../../../server/errors.ts';
import type { UseCaseContext } from '../../auth/context.ts';
import { loadForAction } from '../guard.ts';
import { domainFramework } from '../leaf-rules.ts';
import { loadScores, type ScoreRow, type StoredFramework } from '../repo.ts';
import { viDay } from './format.ts';

type Column = 'self' | 'appraised' | 'reappraised' | 'final';
const COLUMNS: Column[] = ['self', 'appraised', 'reappraised', 'final'];
const pick: Record<Column, (s: ScoreRow) => string | null> = {
  self: (s) => s.selfPoints,
  appraised: (s) => s.appraisedPoints,
  reappraised: (s) => s.reappraisedPoints,
  final: (s) => s.finalPoints,
};

export const SHEET_HEADER = [
  'Mã',
  'Nội dung tiêu chí, tiêu chí thành phần',
  'Điểm tối đa',
  'Điểm tự chấm',
  'Điểm thẩm định',
  'Điểm thẩm định lại',
  'Điểm cuối cùng',
  'Lý do, giải trình',
  'Tài liệu kiểm chứng',
];

const STATUS_VI: Record<string, string> = {
  draft: 'Đang tự chấm',
  submitted: 'Đã nộp',
  returned: 'Trả lại bổ sung',
  appraised: 'Đã thẩm định',
  explained: 'Đã giải trình',
  reappraised: 'Đã thẩm định lại',
  finalised: 'Đã chốt',
  published: 'Đã công bố',
};

export function compileTree(fw: StoredFramework): FrameworkTree {
  const built = buildTree(domainFramework(fw));
  if (!built.ok) throw new AppError('internal_error', { status: 500, internal: JSON.stringify(built.problems.slice(0, 3)) });
  return built.tree;
}

/** Per node: the rolled-up points of one column, or null where no leaf below has a value. */
function rollUp(tree: FrameworkTree, leafValue: (code: string) => Decimal | null): Map<string, Decimal | null> {
  const out = new Map<string, Decimal | null>();
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const t = tree.nodes[i];
    let v: Decimal | null;
    if (t.isLeaf) v = leafValue(t.code);
    else {
      v = null;
      for (const ch of t.children) {
        const cv = out.get(ch.code) ?? null;
        if (ch.kind === t.kind && cv !== null) v = add(v ?? ZERO, cv);
      }
    }
    if (v !== null && t.kind === 'bonus' && compare(v, t.max) > 0) v = t.max;
    if (v !== null && t.kind === 'penalty' && compare(v, neg(t.max)) < 0) v = neg(t.max);
    out.set(t.code, v);
  }
  return out;
}

function reasons(s: ScoreRow | undefined, selfScored: boolean): string {
  if (!s) return '';
  const lines: string[] = [];
  if (s.selfNote?.trim()) lines.push(`Tự chấm: ${s.selfNote.trim()}`);
  if (s.appraisalReason?.trim() && !selfScored) lines.push(`Nguồn điểm: ${s.appraisalReason.trim()}`);
  else if (s.appraisalReason?.trim() && s.appraisedPoints !== s.selfPoints) lines.push(`Thẩm định: ${s.appraisalReason.trim()}`);
  if (s.explanationStatus === 'disputed') lines.push(`Giải trình: ${s.explanationText?.trim() ?? ''}`);
  else if (s.explanationStatus === 'accepted')
    lines.push(`Giải trình: Thống nhất kết quả thẩm định${s.explanationText?.trim() ? ` — ${s.explanationText.trim()}` : ''}`);
  if (s.reappraisalReason?.trim()) lines.push(`Thẩm định lại: ${s.reappraisalReason.trim()}`);
  return lines.join('\n');
}

const num = (d: Decimal | string | null | undefined) => (d === null || d === undefined ? null : Number(toFixed(d, 2)));

/** GET /api/par/assessments/:id/sheet.xlsx */
export async function scoringSheetWorkbook(c: UseCaseContext, assessmentId: string) {
  const l = await loadForAction(c, c.db, assessmentId, 'par.read');
  const scores = await loadScores(c.db, assessmentId);
  const byCode = new Map(scores.map((s) => [s.nodeCode, s]));
  const unit = await c.db.selectFrom('units').select(['code', 'name']).where('id', '=', l.assessment.unitId).executeTakeFirstOrThrow();
  const evidence = await c.db
    .selectFrom('par_evidence')
    .select(['node_code', 'file_name'])
    .where('assessment_id', '=', assessmentId)
    .where('removed_at', 'is', null)
    .orderBy('uploaded_at')
    .execute();
  const files = new Map<string, string[]>();
  for (const e of evidence) files.set(e.node_code, [...(files.get(e.node_code) ?? []), e.file_name]);

  const tree = compileTree(l.framework);
  const maxima = nodeMaxima(tree, l.cycle.surveyIncluded);
  const counted = (code: string) => {
    const t = tree.byCode.get(code);
    return !!t && isIncluded(t, l.cycle.surveyIncluded);
  };
  const columns = new Map(
    COLUMNS.map((col) => [
      col,
      rollUp(tree, (code) => {
        const v = byCode.get(code) ? pick[col](byCode.get(code)!) : null;
        return v === null || !counted(code) ? null : dec(v);
      }),
    ]),
  );
  // Totals and index of each column through the domain (bonus, penalty, clamping), where the column has values.
  const totals = new Map<Column, { total: string; max: string; index: string | null } | null>();
  for (const col of COLUMNS) {
    const entries = scores.filter((s) => counted(s.nodeCode) && pick[col](s) !== null).map((s) => [s.nodeCode, pick[col](s)] as const);
    if (entries.length === 0 || col === 'reappraised') {
      totals.set(col, null);
      continue;
    }
    const r = computeResults({
      framework: domainFramework(l.framework),
      surveyIncluded: l.cycle.surveyIncluded,
      units: [{ unitId: unit.code, scores: Object.fromEntries(entries) }],
    });
    if (!r.ok) throw new AppError('internal_error', { status: 500, internal: JSON.stringify(r.problems.slice(0, 3)) });
    const u = r.units[0];
    // An index only for a complete column: the self-score column, say, has no survey or data points.
    totals.set(col, { total: u.total, max: u.max, index: u.missing.length === 0 ? u.index : null });
  }

  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet('Phiếu chấm điểm', {
    views: [{ state: 'frozen', ySplit: 6, xSplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:6' },
  });
  const width = SHEET_HEADER.length;
  const banner = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.font = font;
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    return row;
  };
  banner(
    l.cycle.purpose === 'headEvaluation'
      ? 'PHIẾU CHẤM ĐIỂM ĐÁNH GIÁ NGƯỜI ĐỨNG ĐẦU TRONG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH'
      : 'PHIẾU CHẤM ĐIỂM CHI TIẾT CHỈ SỐ CẢI CÁCH HÀNH CHÍNH',
    { bold: true, size: 14 },
  );
  banner(`Đơn vị: ${unit.name} (mã ${unit.code})`, { bold: true, size: 12 });
  banner(`Kỳ đánh giá: ${l.cycle.name} — năm ${l.cycle.year}; bộ chỉ số: ${l.framework.name}`, { size: 11 });
  banner(
    `Trạng thái: ${STATUS_VI[l.assessment.status] ?? l.assessment.status}${l.cycle.surveyIncluded ? '' : '; kỳ này không tính điểm điều tra xã hội học'}. Xuất ngày ${viDay(vietnamDay(c.clock.now()))}.`,
    { italic: true, size: 10 },
  );
  ws.addRow([]);
  const head = ws.addRow(SHEET_HEADER);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.height = 32;

  for (const t of tree.nodes) {
    const s = byCode.get(t.code);
    const included = !t.isLeaf || counted(t.code);
    const values = COLUMNS.map((col) => (t.isLeaf || col !== 'reappraised' ? num(columns.get(col)!.get(t.code)) : null));
    let note = reasons(s, t.source === 'self');
    if (t.isLeaf && !included) note = ['Không tính điểm: kỳ đánh giá không có điều tra xã hội học.', note].filter(Boolean).join('\n');
    const kindNote = t.kind === 'bonus' ? ' (điểm thưởng)' : t.kind === 'penalty' ? ' (điểm trừ)' : '';
    const max = t.isLeaf || t.kind !== 'normal' ? t.max : (maxima.get(t.code) ?? t.max);
    const row = ws.addRow([t.code, `${t.node.title ?? ''}${t.depth === 1 ? kindNote : ''}`, num(max), ...values, note, (files.get(t.code) ?? []).join('\n')]);
    row.getCell(1).numFmt = '@';
    row.getCell(2).alignment = { vertical: 'top', wrapText: true, indent: t.depth - 1 };
    if (!t.isLeaf) row.font = { bold: t.depth === 1, italic: t.depth > 1 };
  }
  const total = (col: Column) => totals.get(col)?.total ?? null;
  const sumRow = ws.addRow(['', 'TỔNG ĐIỂM', num(treeMax(tree, l.cycle.surveyIncluded)), ...COLUMNS.map((col) => num(total(col))), '', '']);
  sumRow.font = { bold: true };
  const idx = (col: Column) => num(totals.get(col)?.index);
  const indexRow = ws.addRow(['', 'CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (%)', 100, ...COLUMNS.map(idx), '', '']);
  indexRow.font = { bold: true };

  const widths = [10, 60, 11, 11, 11, 12, 11, 48, 36];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  for (let i = 3; i <= 7; i++) {
    const col = ws.getColumn(i);
    col.numFmt = '0.00';
    col.alignment = { vertical: 'top', horizontal: 'right' };
  }
  for (const i of [8, 9]) ws.getColumn(i).alignment = { vertical: 'top', wrapText: true };
  // the banner rows keep their own alignment
  for (let r = 1; r <= 6; r++) ws.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  for (let r = head.number; r <= indexRow.number; r++) {
    for (let col = 1; col <= width; col++) ws.getCell(r, col).border = border;
  }
  const fileName = `Phiếu chấm điểm ${unit.name} ${l.cycle.year}.xlsx`;
  return { fileName, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
