/**
 * Vietnamese formatting for official documents and exports: decimal comma, dates written the way Nghị định
 * 30/2020/NĐ-CP (Phụ lục I, mục II.4 "Địa danh và thời gian ban hành văn bản") asks for, and the heading block names.
 */
import { type DecimalInput, sign, toFixed } from '../../../domain/shared/decimal.ts';

/** "89.457…" → "89,46": rounded half-up, exactly, then printed with a decimal comma. */
export function viNumber(x: DecimalInput, places = 2): string {
  return toFixed(x, places).replace('.', ',');
}

/** A change with its sign: "+1,25", "-0,50", "0,00". */
export function viSigned(x: DecimalInput, places = 2): string {
  const text = viNumber(x, places);
  return sign(x) > 0 && text !== viNumber(0, places) ? `+${text}` : text;
}

/**
 * The date part of the place-and-date line: "ngày 05 tháng 02 năm 2028", "ngày 15 tháng 3 năm 2028".
 * Nghị định 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero (so that they cannot be altered).
 */
export function viDateWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const dd = String(d).padStart(2, '0');
  const mm = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${dd} tháng ${mm} năm ${y}`;
}

/** 'YYYY-MM-DD' → 'dd/MM/yyyy'. */
export function viDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** "Tỉnh Gia Lai" → "Gia Lai" (the place name of the date line); "Thành phố Đà Nẵng" → "Đà Nẵng". */
export function placeName(provinceName: string): string {
  return provinceName.replace(/^\s*(tỉnh|thành phố|tp\.?)\s+/iu, '').trim();
}

/** "Tỉnh Gia Lai" → "UBND TỈNH GIA LAI" (the issuing authority, in capitals). */
export function authorityName(provinceName: string): string {
  return `UBND ${provinceName.trim().toLocaleUpperCase('vi')}`;
}

/** A file name safe in a Content-Disposition header, with the UTF-8 form for browsers that read it. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
