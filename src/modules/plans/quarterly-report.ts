/**
 * The quarterly report on the plans (báo cáo định kỳ quý) as a PDF in the layout of an administrative document
 * (Nghị định 30/2020/NĐ-CP, Phụ lục I), like the PAR results annex: A4 portrait, margins 20/15/20/30 mm; the
 * heading block with the issuing body (UBND TỈNH … / SỞ NỘI VỤ) and the number line "Số: /BC-SNV" on the left, the
 * national title and motto on the right; the place and date line; the title; numbered headings; the data tables.
 * Everything is computed from the stored data for the quarter (completion by unit and the overdue tasks at its end).
 */
import { addDays, isoDate } from '../../domain/calendar/isoDate.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { fieldInvalid } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { authorityName, placeName, viDateWords, viDay, viNumber } from '../par/exports/format.ts';
import { mm, PDF_FONT, renderPdf } from '../par/exports/pdf.ts';
import { shortRule, underlined } from '../par/exports/results-annex.ts';
import { dashboard } from './dashboard.ts';
import { overdueBoard } from './reports.ts';

const MARGINS: [number, number, number, number] = [mm(30), mm(20), mm(15), mm(20)];
const ROMAN = ['I', 'II', 'III', 'IV'];

export async function quarterlyReportPdf(c: UseCaseContext, year: number, quarter: number) {
  authorize(c, 'plans.monitor');
  const qEnd = addDays(quarter === 4 ? isoDate(year + 1, 1, 1) : isoDate(year, quarter * 3 + 1, 1), -1);
  const today = vietnamDay(c.clock.now());
  if (isoDate(year, quarter * 3 - 2, 1) > today) throw fieldInvalid('plan_report_quarter_future', 'quarter', { quarter, year });
  const on = qEnd < today ? qEnd : today;
  const d = await dashboard(c, { year, on });
  const overdue = await overdueBoard(c, on);
  const province = await c.db
    .selectFrom('units')
    .select('name')
    .where('kind', '=', 'province')
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
    .executeTakeFirst();
  const provinceName = province?.name ?? 'Tỉnh';
  const totals = d.completion.reduce((a, r) => ({ due: a.due + r.due, done: a.done + r.done, late: a.late + r.late }), { due: 0, done: 0, late: 0 });
  const rate = totals.due ? viNumber((totals.done * 100) / totals.due) : '0,00';
  const leftWidth = 190;
  const cell = (text: string, extra: object = {}) => ({ text, alignment: 'center', ...extra });
  const table = (widths: (number | string)[], head: string[], rows: object[][]) => ({
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        head.map((h) => cell(h, { bold: true })),
        ...(rows.length ? rows : [[{ text: 'Không có.', colSpan: head.length, alignment: 'center', italics: true }, ...head.slice(1).map(() => ({}))]]),
      ],
    },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 3, paddingBottom: () => 3, paddingLeft: () => 3, paddingRight: () => 3 },
    fontSize: 11,
    margin: [0, 4, 0, 8],
  });
  const heading = (i: number, text: string) => ({ text: `${ROMAN[i]}. ${text}`, bold: true, fontSize: 13, margin: [0, 10, 0, 4] });
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: MARGINS,
    language: 'vi-VN',
    info: { title: `Báo cáo kết quả thực hiện kế hoạch CCHC quý ${quarter} năm ${year}`, author: 'Sở Nội vụ', subject: 'Cải cách hành chính', creator: 'CCHC' },
    defaultStyle: { font: PDF_FONT, fontSize: 13, lineHeight: 1.15 },
    header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', fontSize: 13, margin: [MARGINS[0], mm(10), MARGINS[2], 0] }),
    content: [
      {
        columns: [
          {
            width: leftWidth,
            stack: [
              { text: authorityName(provinceName), fontSize: 12.5, alignment: 'center' },
              { text: 'SỞ NỘI VỤ', bold: true, fontSize: 12.5, alignment: 'center' },
              shortRule(leftWidth / 3, leftWidth),
              { text: 'Số:        /BC-SNV', fontSize: 13, alignment: 'center', margin: [0, 6, 0, 0] },
            ],
          },
          {
            width: '*',
            stack: [
              { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, fontSize: 12, alignment: 'center' },
              underlined('Độc lập - Tự do - Hạnh phúc', { bold: true, fontSize: 13, alignment: 'center' }),
              { text: `${placeName(provinceName)}, ${viDateWords(today)}`, italics: true, fontSize: 13, alignment: 'center', margin: [0, 8, 0, 0] },
            ],
          },
        ],
        columnGap: 6,
      },
      { text: 'BÁO CÁO', bold: true, fontSize: 14, alignment: 'center', margin: [0, 22, 0, 0] },
      { text: `Kết quả thực hiện các kế hoạch cải cách hành chính quý ${quarter} năm ${year}`, bold: true, fontSize: 14, alignment: 'center' },
      { canvas: [{ type: 'line', x1: 170, y1: 4, x2: 280, y2: 4, lineWidth: 0.75 }], margin: [0, 0, 0, 10] },
      {
        text: `Số liệu tính đến ngày ${viDay(on)}, tổng hợp từ hệ thống quản lý cải cách hành chính của tỉnh.`,
        italics: true,
        margin: [0, 0, 0, 4],
      },
      heading(0, 'TÌNH HÌNH THỰC HIỆN NHIỆM VỤ'),
      {
        text: `Tổng số nhiệm vụ (lượt báo cáo) đến hạn: ${totals.due}; đã hoàn thành: ${totals.done} (${rate}%); quá hạn chưa hoàn thành: ${totals.late}.`,
        alignment: 'justify',
      },
      table(
        [24, '*', 52, 60, 48, 60],
        ['STT', 'Đơn vị', 'Đến hạn', 'Hoàn thành', 'Quá hạn', 'Tỷ lệ (%)'],
        d.completion.map((r, i) => [
          cell(String(i + 1)),
          { text: r.unit.name },
          cell(String(r.due)),
          cell(String(r.done)),
          cell(String(r.late)),
          cell(viNumber(r.rate)),
        ]),
      ),
      heading(1, 'NHIỆM VỤ QUÁ HẠN'),
      table(
        [24, 110, '*', 64, 52],
        ['STT', 'Đơn vị', 'Nhiệm vụ', 'Hạn', 'Số ngày làm việc quá hạn'],
        overdue.units
          .flatMap((u) => u.items.map((it) => ({ u, it })))
          .map(({ u, it }, i) => [
            cell(String(i + 1)),
            { text: u.unit.name },
            { text: `${it.planNumber}, nhiệm vụ ${it.ref}: ${it.work}${it.period === 'once' ? '' : ` (kỳ ${it.period})`}` },
            cell(viDay(it.dueDate)),
            cell(String(it.workingDaysLate)),
          ]),
      ),
      heading(2, 'TIẾN ĐỘ XỬ LÝ QUÁ HẠN THEO THÁNG'),
      table(
        [80, '*'],
        ['Tháng', 'Số nhiệm vụ quá hạn cuối tháng'],
        d.overdueTrend.map((t) => [cell(`${t.month.slice(5)}/${t.month.slice(0, 4)}`), cell(String(t.overdue))]),
      ),
      heading(3, 'CHIẾN DỊCH'),
      table(
        ['*', 60, 60, 70],
        ['Chiến dịch', 'Ngày thứ', 'Số chỉ tiêu', 'Chỉ tiêu có nguy cơ không đạt'],
        d.campaigns.map((k) => [{ text: k.name }, cell(String(k.dayNumber)), cell(String(k.targets)), cell(String(k.warnings))]),
      ),
      // closing block of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): recipients on the left,
      // the signer's title on the right with room for the signature and name
      {
        columns: [
          {
            width: '50%',
            stack: [
              { text: 'Nơi nhận:', bold: true, italics: true, fontSize: 12 },
              { text: '- UBND tỉnh (để báo cáo);', fontSize: 11 },
              { text: '- Các sở, ban, ngành tỉnh;', fontSize: 11 },
              { text: '- UBND các xã, phường;', fontSize: 11 },
              { text: '- Lưu: VT, CCHC.', fontSize: 11 },
            ],
          },
          {
            width: '50%',
            stack: [
              { text: 'GIÁM ĐỐC', bold: true, fontSize: 13, alignment: 'center' },
              { text: '(Ký, ghi rõ họ tên)', italics: true, fontSize: 12, alignment: 'center', margin: [0, 60, 0, 0] },
            ],
          },
        ],
        margin: [0, 18, 0, 0],
        unbreakable: true,
      },
    ],
  };
  return { fileName: `Bao-cao-CCHC-quy-${quarter}-${year}.pdf`, buffer: await renderPdf(doc) };
}
