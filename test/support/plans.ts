import ExcelJS from 'exceljs';

/** The columns of a plan's task table as provinces write it (sheet "Nhiệm vụ"). */
export const TASK_HEADERS = [
  'STT',
  'Nội dung công việc',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Người chịu trách nhiệm',
  'Thời hạn hoàn thành',
  'Định kỳ',
  'Từ ngày',
  'Đến ngày',
  'Hạn nộp sau kỳ (ngày)',
  'Kết quả dự kiến',
  'Chỉ tiêu',
  'Đơn vị tính',
  'Tiêu chí CCHC',
];

/** A task-table workbook: an optional title row, the header, the rows, then any edit (merged cells, …). */
export async function taskWorkbook(
  rows: (string | number | Date | null)[][],
  opts: { title?: string; header?: string[]; edit?: (ws: ExcelJS.Worksheet) => void } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  if (opts.title) ws.addRow([opts.title]);
  ws.addRow(opts.header ?? TASK_HEADERS);
  for (const r of rows) ws.addRow(r);
  opts.edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
