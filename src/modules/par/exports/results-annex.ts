/**
 * The PDF annex of a published ranking (Phụ lục — Kết quả xếp hạng Chỉ số CCHC), laid out as an administrative
 * document under Nghị định 30/2020/NĐ-CP (Phụ lục I): A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm,
 * right 15 mm; the heading block (issuing authority on the left, national title and motto on the right, each with its
 * rule under it); the place and date line in italics; the title centred in bold capitals; page numbers centred in the
 * top margin from the second page on. The table header repeats on every page and rows are never split.
 */
import type { FrameworkPurpose } from '../../../db/schema.ts';
import { vietnamDay } from '../../../domain/shared/clock.ts';
import { AppError, notFound } from '../../../server/errors.ts';
import { authorize } from '../../../server/http.ts';
import type { UseCaseContext } from '../../auth/context.ts';
import { loadCycle } from '../repo.ts';
import { cycleResults } from '../results.ts';
import { authorityName, placeName, viDateWords, viNumber, viSigned } from './format.ts';
import { mm, PDF_FONT, renderPdf } from './pdf.ts';

export interface AnnexRow {
  rank: number;
  unitName: string;
  total: string;
  index: string;
  class: string | null;
  /** Index change in percentage points against last year (exact, 2 decimals); null without a comparison. */
  indexChange: string | null;
  /** Places gained (positive) or lost since last year; null when there is no single predecessor to compare with. */
  rankChange: number | null;
  /** Last year's index was the mean of several predecessors (a merged unit). */
  viaPredecessors: boolean;
}

export interface AnnexInput {
  /** The province unit's name as registered, e.g. "Tỉnh Gia Lai". */
  provinceName: string;
  /** The issue day in Vietnam, YYYY-MM-DD. */
  day: string;
  year: number;
  groupName: string;
  /** The index denominator (points). */
  max: string;
  previousYear: number | null;
  rows: AnnexRow[];
  /** absent: the PAR Index; 'headEvaluation': the evaluation of heads of agencies on the same machinery */
  purpose?: FrameworkPurpose;
}

/** The title words of a ranking or evaluation, by what the framework serves. */
export function resultsTitle(purpose: FrameworkPurpose | undefined, year: number): { upper: string; file: string } {
  return purpose === 'headEvaluation'
    ? { upper: `KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NGƯỜI ĐỨNG ĐẦU TRONG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH NĂM ${year}`, file: `Kết quả đánh giá người đứng đầu ${year}` }
    : { upper: `KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`, file: `Phụ lục xếp hạng Chỉ số CCHC ${year}` };
}

const MARGINS: [number, number, number, number] = [mm(30), mm(20), mm(15), mm(20)];
const TABLE_HEADER = ['STT', 'Xếp hạng', 'Đơn vị', 'Tổng điểm', 'Chỉ số (%)', 'Xếp loại', 'Tăng/giảm so với năm trước'];

/** "KHỐI XÃ, PHƯỜNG" from "Khối xã, phường"; a name without the word gets it. */
function groupHeading(name: string): string {
  const upper = name.trim().toLocaleUpperCase('vi');
  return upper.startsWith('KHỐI') ? upper : `KHỐI ${upper}`;
}

function changeText(r: AnnexRow): string {
  if (r.indexChange === null) return '–';
  const places = r.rankChange === null ? '' : r.rankChange > 0 ? `tăng ${r.rankChange} bậc` : r.rankChange < 0 ? `giảm ${-r.rankChange} bậc` : 'giữ nguyên';
  const index = `${viSigned(r.indexChange)}${r.viaPredecessors ? ' (*)' : ''}`;
  return places ? `${index}\n${places}` : index;
}

/** A text centred in its column with a rule under it exactly as long as the text (the motto "Độc lập - Tự do - Hạnh phúc"). */
export function underlined(text: string, style: object) {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 'auto',
        table: { body: [[{ text, ...style }]] },
        layout: {
          hLineWidth: (i: number) => (i === 1 ? 0.75 : 0),
          vLineWidth: () => 0,
          paddingLeft: () => 0,
          paddingRight: () => 0,
          paddingTop: () => 0,
          paddingBottom: () => 1.5,
        },
      },
      { width: '*', text: '' },
    ],
  };
}

/** A short centred rule (the line under the issuing authority: a third to a half of its name). */
export function shortRule(width: number, columnWidth: number) {
  const x = (columnWidth - width) / 2;
  return { canvas: [{ type: 'line', x1: x, y1: 2, x2: x + width, y2: 2, lineWidth: 0.75 }] };
}

/** The pdfmake document definition of the annex. Pure: same input, same definition. */
export function buildResultsAnnex(input: AnnexInput) {
  const title = resultsTitle(input.purpose, input.year).upper;
  const authority = authorityName(input.provinceName);
  const leftWidth = 190;
  const cell = (text: string, extra: object = {}) => ({ text, alignment: 'center', ...extra });
  const header = TABLE_HEADER.map((h) => cell(input.previousYear && h === 'Tăng/giảm so với năm trước' ? `${h} (${input.previousYear})` : h, { bold: true }));
  const body: object[][] = [header];
  input.rows.forEach((r, i) => {
    body.push([
      cell(String(i + 1)),
      cell(String(r.rank)),
      { text: r.unitName },
      cell(viNumber(r.total)),
      cell(viNumber(r.index)),
      cell(r.class ?? '–'),
      cell(changeText(r)),
    ]);
  });
  if (input.rows.length === 0) body.push([{ text: 'Không có đơn vị nào.', colSpan: 7, alignment: 'center', italics: true }, {}, {}, {}, {}, {}, {}]);
  const notes: string[] = [`Ghi chú: Điểm tối đa: ${viNumber(input.max)} điểm. Tăng/giảm chỉ số tính bằng điểm phần trăm so với kết quả đã công bố năm trước.`];
  if (input.rows.some((r) => r.viaPredecessors)) notes.push('(*) Đơn vị hình thành sau sắp xếp: so với bình quân chỉ số năm trước của các đơn vị hợp thành.');
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: MARGINS,
    language: 'vi-VN',
    info: {
      title: `Phụ lục — Kết quả xếp hạng Chỉ số cải cách hành chính năm ${input.year} — ${input.groupName}`,
      author: authority,
      subject: 'Chỉ số cải cách hành chính',
      creator: 'CCHC',
    },
    defaultStyle: { font: PDF_FONT, fontSize: 12, lineHeight: 1.1 },
    // Page numbers: centred in the top margin, not on the first page (Nghị định 30/2020/NĐ-CP).
    header: (currentPage: number) =>
      currentPage === 1 ? null : { text: String(currentPage), alignment: 'center', fontSize: 13, margin: [MARGINS[0], mm(10), MARGINS[2], 0] },
    content: [
      {
        columns: [
          {
            width: leftWidth,
            stack: [{ text: authority, bold: true, fontSize: 12.5, alignment: 'center' }, shortRule(leftWidth / 3, leftWidth)],
          },
          {
            width: '*',
            stack: [
              { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, fontSize: 12, alignment: 'center' },
              underlined('Độc lập - Tự do - Hạnh phúc', { bold: true, fontSize: 13, alignment: 'center' }),
            ],
          },
        ],
        columnGap: 6,
      },
      {
        columns: [
          { width: leftWidth, text: '' },
          { width: '*', text: `${placeName(input.provinceName)}, ${viDateWords(input.day)}`, italics: true, fontSize: 13, alignment: 'center' },
        ],
        columnGap: 6,
        margin: [0, 8, 0, 0],
      },
      { text: 'PHỤ LỤC', bold: true, fontSize: 14, alignment: 'center', margin: [0, 22, 0, 0] },
      { text: title, bold: true, fontSize: 14, alignment: 'center' },
      { text: groupHeading(input.groupName), bold: true, fontSize: 13, alignment: 'center', margin: [0, 2, 0, 12] },
      {
        table: { headerRows: 1, dontBreakRows: true, widths: [24, 38, '*', 42, 42, 52, 80], body },
        layout: {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
          paddingTop: () => 3,
          paddingBottom: () => 3,
          paddingLeft: () => 3,
          paddingRight: () => 3,
        },
        fontSize: 11,
      },
      { stack: notes, italics: true, fontSize: 11, margin: [0, 8, 0, 0] },
    ],
  };
}

/** The annex data of a published cycle, as the actor may see it (a unit's own users see their unit only). */
export async function resultsAnnexInput(c: UseCaseContext, cycleId: string): Promise<AnnexInput> {
  authorize(c, 'par.read');
  const cycle = await loadCycle(c.db, cycleId);
  if (!cycle) throw notFound();
  if (cycle.stage !== 'published') throw new AppError('par_not_published', { status: 409 });
  const results = await cycleResults(c, cycleId);
  const fw = await c.db
    .selectFrom('par_frameworks as f')
    .leftJoin('unit_groups as g', 'g.code', 'f.group_code')
    .select(['f.group_code', 'g.name'])
    .where('f.id', '=', cycle.frameworkId)
    .executeTakeFirstOrThrow();
  const previous = results.previousCycleId ? await loadCycle(c.db, results.previousCycleId) : null;
  const day = vietnamDay(c.clock.now());
  const province = await c.db
    .selectFrom('units')
    .select('name')
    .where('kind', '=', 'province')
    .where((eb) => eb.and([eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)])]))
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
  const max =
    results.items[0]?.max ?? (await c.db.selectFrom('par_results').select('max_points').where('cycle_id', '=', cycleId).executeTakeFirst())?.max_points;
  return {
    provinceName: province?.name ?? 'Tỉnh',
    day,
    year: cycle.year,
    groupName: fw.name ?? fw.group_code,
    max: max ?? '0',
    previousYear: previous?.year ?? null,
    purpose: cycle.purpose,
    rows: results.items.map((it) => ({
      rank: it.rank,
      unitName: it.unitName,
      total: it.total,
      index: it.index,
      class: it.class,
      indexChange: it.indexChange,
      rankChange: it.rankChange,
      viaPredecessors: (it.lastYear?.via.length ?? 0) > 1,
    })),
  };
}

/** GET /api/par/cycles/:id/results.pdf */
export async function resultsAnnexPdf(c: UseCaseContext, cycleId: string) {
  const input = await resultsAnnexInput(c, cycleId);
  const buffer = await renderPdf(buildResultsAnnex(input));
  return { fileName: `${resultsTitle(input.purpose, input.year).file}.pdf`, buffer };
}
