import ExcelJS from 'exceljs';

/** Uploaded file signatures, checked before any parser sees the bytes. */
export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 0x03 || buf[2] === 0x05) && (buf[3] === 0x04 || buf[3] === 0x06);
}

export function isOleCompoundFile(buf: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return buf.length >= sig.length && sig.every((b, i) => buf[i] === b);
}

export type WorkbookErrorCode = 'empty_file' | 'legacy_xls' | 'not_xlsx' | 'no_worksheet';

/** A file that is not a readable .xlsx workbook, with the message in Vietnamese and English. */
export class WorkbookError extends Error {
  readonly code: WorkbookErrorCode;
  readonly messageVi: string;
  readonly messageEn: string;
  constructor(code: WorkbookErrorCode, messageVi: string, messageEn: string, options?: { cause?: unknown }) {
    super(`${messageVi} / ${messageEn}`, options);
    this.name = 'WorkbookError';
    this.code = code;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

const NOT_XLSX_VI = 'Tệp tải lên không phải tệp Excel .xlsx hợp lệ. Hãy mở tệp bằng Excel và lưu lại dưới dạng "Excel Workbook (*.xlsx)".';
const NOT_XLSX_EN = 'The uploaded file is not a valid Excel .xlsx workbook. Open it in Excel and save it as "Excel Workbook (*.xlsx)".';

/** Loads an uploaded workbook, or throws a WorkbookError that says what the file is instead. */
export async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  if (!(buf instanceof Uint8Array) || buf.length === 0) {
    throw new WorkbookError('empty_file', 'Tệp tải lên rỗng (0 byte).', 'The uploaded file is empty (0 bytes).');
  }
  if (isOleCompoundFile(buf)) {
    throw new WorkbookError(
      'legacy_xls',
      'Tệp có định dạng Excel 97-2003 (.xls), không được hỗ trợ. Hãy lưu lại dưới dạng .xlsx.',
      'This is an Excel 97-2003 (.xls) file, which is not supported. Save it as .xlsx.',
    );
  }
  if (!isZip(buf)) throw new WorkbookError('not_xlsx', NOT_XLSX_VI, NOT_XLSX_EN);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (cause) {
    throw new WorkbookError('not_xlsx', NOT_XLSX_VI, NOT_XLSX_EN, { cause });
  }
  if (wb.worksheets.length === 0) {
    // Excel cannot save a workbook without sheets: this is some other zip file.
    throw new WorkbookError('no_worksheet', `${NOT_XLSX_VI} (Không có trang tính nào.)`, `${NOT_XLSX_EN} (It has no worksheet.)`);
  }
  return wb;
}
