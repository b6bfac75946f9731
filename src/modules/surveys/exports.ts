import ExcelJS from 'exceljs';
import type { UseCaseContext } from '../auth/context.ts';
import { viNumber, viSigned } from '../par/exports/format.ts';
import { mm, PDF_FONT, renderPdf } from '../par/exports/pdf.ts';
import { requireSurvey } from './repo.ts';
import { indicesReport } from './results.ts';

/** Vietnamese names of the SIPAS elements (methodology §2.2); free sections keep their key. */
export const ELEMENT_VI: Record<string, string> = {
  access: 'Tiếp cận dịch vụ',
  procedure: 'Thủ tục hành chính',
  civilServant: 'Công chức giải quyết công việc',
  result: 'Kết quả giải quyết',
  feedbackHandling: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
};
const KIND_VI = { sipas: 'Khảo sát sự hài lòng (SIPAS)', parSurvey: 'Điều tra xã hội học Chỉ số CCHC' } as const;

type Report = Awaited<ReturnType<typeof indicesReport>>;
type Row = Report['province'];

const num = (v: string | null) => (v === null ? '–' : viNumber(v));
const moe = (v: string | null) => (v === null ? '' : `±${viNumber(v)}`);

function fileBase(name: string, year: number) {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `chi-so-khao-sat-${year}-${slug || 'survey'}`;
}

export async function indicesWorkbook(c: UseCaseContext, surveyId: string) {
  const s = await requireSurvey(c.db, surveyId);
  const r = await indicesReport(c, surveyId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet('Chỉ số');
  ws.addRow([`${KIND_VI[s.kind]} — ${s.name} (${s.year})`]).font = { bold: true, size: 13 };
  ws.addRow([r.provisionalNote]);
  ws.addRow([]);
  const header = [
    'Hạng',
    'Đơn vị / nhóm',
    'Số phiếu',
    ...r.elements.flatMap((e) => [`${ELEMENT_VI[e] ?? e} (%)`, '± (điểm %)']),
    'Chỉ số chung (%)',
    '± (điểm %)',
    'Năm trước (%)',
    'Tăng/giảm',
  ];
  const hr = ws.addRow(header);
  hr.font = { bold: true };
  hr.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  const numberOrBlank = (v: string | null) => (v === null ? null : Number(v));
  const add = (row: Row, label: string) => {
    const x = ws.addRow([
      row.rank,
      label,
      row.respondents,
      ...r.elements.flatMap((e) => [numberOrBlank(row.elements[e]?.value ?? null), numberOrBlank(row.elements[e]?.marginOfError ?? null)]),
      numberOrBlank(row.overall.value),
      numberOrBlank(row.overall.marginOfError),
      numberOrBlank(row.previous),
      numberOrBlank(row.change),
    ]);
    x.eachCell((cell, col) => {
      if (col > 3) cell.numFmt = '0.00';
    });
    return x;
  };
  add(r.province, r.province.name).font = { bold: true };
  for (const g of r.groups) add(g, `Nhóm: ${g.name}`).font = { italic: true };
  for (const u of [...r.units].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))) add(u, u.name);
  ws.getColumn(2).width = 40;
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, fileName: `${fileBase(s.name, s.year)}.xlsx` };
}

export async function indicesPdf(c: UseCaseContext, surveyId: string) {
  const s = await requireSurvey(c.db, surveyId);
  const r = await indicesReport(c, surveyId);
  const cell = (text: string, extra: object = {}) => ({ text, alignment: 'center', ...extra });
  const header = [
    cell('Hạng', { bold: true }),
    cell('Đơn vị', { bold: true }),
    cell('Số phiếu', { bold: true }),
    ...r.elements.map((e) => cell(`${ELEMENT_VI[e] ?? e} (%)`, { bold: true })),
    cell('Chỉ số chung (%)', { bold: true }),
    cell('Tăng/giảm', { bold: true }),
  ];
  const line = (row: Row, label: string, extra: object = {}) => [
    cell(row.rank === null ? '' : String(row.rank)),
    { text: label, ...extra },
    cell(String(row.respondents)),
    ...r.elements.map((e) => ({ stack: [cell(num(row.elements[e]?.value ?? null)), cell(moe(row.elements[e]?.marginOfError ?? null), { fontSize: 7 })] })),
    { stack: [cell(num(row.overall.value), { bold: true }), cell(moe(row.overall.marginOfError), { fontSize: 7 })] },
    cell(row.change === null ? '–' : viSigned(row.change)),
  ];
  const body: object[][] = [header, line(r.province, r.province.name, { bold: true })];
  for (const g of r.groups) body.push(line(g, `Nhóm: ${g.name}`, { italics: true }));
  for (const u of [...r.units].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))) body.push(line(u, u.name));
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [mm(20), mm(15), mm(15), mm(15)],
    language: 'vi-VN',
    info: { title: `${KIND_VI[s.kind]} — ${s.name}`, creator: 'CCHC' },
    defaultStyle: { font: PDF_FONT, fontSize: 9 },
    content: [
      { text: `${KIND_VI[s.kind].toUpperCase()} NĂM ${s.year}`, bold: true, fontSize: 13, alignment: 'center' },
      { text: s.name, alignment: 'center', margin: [0, 2, 0, 8] },
      {
        table: { headerRows: 1, widths: [28, '*', 36, ...r.elements.map(() => 52), 56, 44], body },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
      },
      {
        text: `Ghi chú: ± là sai số ước lượng với độ tin cậy 95 % (điểm phần trăm). ${r.provisionalNote}`,
        italics: true,
        fontSize: 8,
        margin: [0, 8, 0, 0],
      },
    ],
  };
  return { buffer: await renderPdf(doc), fileName: `${fileBase(s.name, s.year)}.pdf` };
}
