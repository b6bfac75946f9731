import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { WorkingCalendar } from '../../domain/calendar/index.ts';
import { classifyDossier, type OnTimeClass } from '../../domain/serviceIndex/index.ts';
import { VN_OFFSET_MS, vietnamDay } from '../../domain/shared/clock.ts';

/**
 * Dossier rows as one-stop systems export them, with the national portal's field names (methodology §5;
 * dossier_lifecycle.json): MaHoSo, MaTTHC, MaDonVi, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, TrangThaiHoSo,
 * KenhThucHien (1 trực tiếp — also empty, 2 trực tuyến, 3 bưu chính công ích), SoLanBoSung, NgayYeuCauBoSung,
 * NgayHoanThanhBoSung, DuocSoHoa, CoKetQuaDienTu, CoNghiaVuTaiChinh, DuocThanhToanTrucTuyen (1 DVCQG, 2 cổng tỉnh),
 * DanhGia (1–5), CoPhanAnh, NgayCapNhat (newest status wins).
 */
export const DOSSIER_FIELDS = [
  'MaHoSo',
  'MaTTHC',
  'MaDonVi',
  'NgayTiepNhan',
  'NgayHenTra',
  'NgayKetThucXuLy',
  'TrangThaiHoSo',
  'KenhThucHien',
  'SoLanBoSung',
  'NgayYeuCauBoSung',
  'NgayHoanThanhBoSung',
  'DuocSoHoa',
  'CoKetQuaDienTu',
  'CoNghiaVuTaiChinh',
  'DuocThanhToanTrucTuyen',
  'DanhGia',
  'CoPhanAnh',
  'NgayCapNhat',
] as const;

export type DossierField = (typeof DOSSIER_FIELDS)[number];

/** One row's value of a field, trimmed; '' when the row has no such field. */
export type FieldReader = (field: DossierField) => string;

/** Reads a record keyed by field name (an NDJSON line). */
export function recordReader(rec: Record<string, string | undefined>): FieldReader {
  return (k) => rec[k]?.trim() ?? '';
}

/** Where each field sits in a file's header row (-1 when absent); headers are trimmed, a byte-order mark dropped. */
export function fieldPositions(header: readonly string[]): Record<DossierField, number> {
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  return Object.fromEntries(DOSSIER_FIELDS.map((f) => [f, names.indexOf(f)])) as Record<DossierField, number>;
}

/** Reads one CSV row by the positions of its header. */
export function valuesReader(values: readonly string[], positions: Record<DossierField, number>): FieldReader {
  return (k) => {
    const i = positions[k];
    return i < 0 ? '' : (values[i]?.trim() ?? '');
  };
}

export interface DossierRow {
  unitId: string;
  code: string;
  procedureCode: string;
  receivedAt: Date;
  receivedDay: string;
  dueAt: Date | null;
  finishedAt: Date | null;
  status: string;
  channel: 1 | 2 | 3;
  supplementCount: number;
  digitised: boolean;
  electronicResult: boolean;
  financialObligation: boolean;
  onlinePayment: 1 | 2 | null;
  rating: number | null;
  feedback: boolean;
  outcome: 'early' | 'onTime' | 'late' | 'inProgress';
  lateWorkingDays: number | null;
  sourceUpdatedAt: Date;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

export interface Refs {
  /** unit code → periods of the units holding it */
  units: Map<string, { id: string; from: string | null; to: string | null }[]>;
  procedures: Map<string, { legalMax: { amount: number; unit: 'hour' | 'day' | 'workingDay' | 'month' } | null }>;
  calendar: WorkingCalendar;
}

/**
 * Timestamps as legacy systems write them. Without an offset they are Vietnam local time.
 * Accepted: yyyyMMddHHmmss (the national portal's form), yyyy-MM-dd[ HH:mm[:ss]], dd/MM/yyyy[ HH:mm[:ss]], ISO 8601.
 */
export function parseVnTimestamp(text: string): Date | null {
  const t = text.trim();
  if (!t) return null;
  if (t.length === 14) {
    const fast = compactTimestamp(t);
    if (fast !== undefined) return fast;
  }
  let m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  let parts: number[] | null = null;
  if (m) parts = m.slice(1).map(Number);
  m = m ? m : /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(t);
  if (!parts && m) parts = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!parts && vn) parts = [Number(vn[3]), Number(vn[2]), Number(vn[1]), Number(vn[4] ?? 0), Number(vn[5] ?? 0), Number(vn[6] ?? 0)];
  if (parts) {
    const [y, mo, d, h, mi, s] = parts;
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
    return new Date(ms - VN_OFFSET_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits t[from, to). */
function digitsOf(t: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + t.charCodeAt(i) - 48;
  return n;
}

/**
 * yyyyMMddHHmmss (the national portal's form, most rows of an export) read digit by digit: null when it is not a
 * valid date and time, undefined when the text is not 14 digits (the general reader decides).
 */
function compactTimestamp(t: string): Date | null | undefined {
  for (let i = 0; i < 14; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const y = digitsOf(t, 0, 4);
  const mo = digitsOf(t, 4, 6);
  const d = digitsOf(t, 6, 8);
  const h = digitsOf(t, 8, 10);
  const mi = digitsOf(t, 10, 12);
  const s = digitsOf(t, 12, 14);
  // (Date.UTC reads years below 100 as 19xx; the general reader refuses them too)
  if (y < 100) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]) || h > 23 || mi > 59 || s > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS);
}

const TRUE_WORDS = new Set(['1', 'true', 'có', 'co', 'x', 'yes']);
/** A yes/no column: 1, true, có, x, yes (any case) is yes; anything else, or nothing, is no. */
const flag = (v: string) => v === '1' || (v !== '' && v !== '0' && TRUE_WORDS.has(v.toLowerCase()));

function bad(problems: RowProblem[], row: number, column: string, message: string, messageEn: string): void {
  problems.push({ row, column, message, messageEn });
}

/** Validates and normalises one record; the outcome (on time, late …) is classified here, once, at ingest. */
export function parseDossierRecord(get: FieldReader, row: number, refs: Refs): { row: DossierRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];

  const code = get('MaHoSo');
  if (!code || code.length > 100) bad(problems, row, 'MaHoSo', 'Thiếu hoặc sai mã hồ sơ', 'Missing or invalid dossier code');
  const procedureCode = get('MaTTHC');
  const proc = refs.procedures.get(procedureCode);
  if (!proc) bad(problems, row, 'MaTTHC', `Mã TTHC "${procedureCode}" không có trong danh mục`, `Procedure code "${procedureCode}" is not in the catalogue`);
  const receivedAt = parseVnTimestamp(get('NgayTiepNhan'));
  if (!receivedAt) bad(problems, row, 'NgayTiepNhan', 'Ngày tiếp nhận không đọc được', 'Unreadable receipt date');
  const dueText = get('NgayHenTra');
  const dueAt = dueText ? parseVnTimestamp(dueText) : null;
  if (dueText && !dueAt) bad(problems, row, 'NgayHenTra', 'Ngày hẹn trả không đọc được', 'Unreadable due date');
  const finText = get('NgayKetThucXuLy');
  const finishedAt = finText ? parseVnTimestamp(finText) : null;
  if (finText && !finishedAt) bad(problems, row, 'NgayKetThucXuLy', 'Ngày kết thúc xử lý không đọc được', 'Unreadable end date');
  if (receivedAt && dueAt && dueAt < receivedAt) bad(problems, row, 'NgayHenTra', 'Ngày hẹn trả trước ngày tiếp nhận', 'Due date before receipt');
  if (receivedAt && finishedAt && finishedAt < receivedAt)
    bad(problems, row, 'NgayKetThucXuLy', 'Ngày kết thúc trước ngày tiếp nhận', 'End date before receipt');
  const channelText = get('KenhThucHien');
  const channel = channelText === '' ? 1 : Number(channelText);
  if (![1, 2, 3].includes(channel))
    bad(problems, row, 'KenhThucHien', `Kênh thực hiện "${channelText}" không hợp lệ (1, 2 hoặc 3)`, `Unknown channel "${channelText}" (1, 2 or 3)`);
  const suppText = get('SoLanBoSung');
  const supplementCount = suppText === '' ? 0 : Number(suppText);
  if (!Number.isInteger(supplementCount) || supplementCount < 0 || supplementCount > 100)
    bad(problems, row, 'SoLanBoSung', 'Số lần bổ sung không hợp lệ', 'Invalid number of supplement requests');
  const payText = get('DuocThanhToanTrucTuyen');
  const onlinePayment = payText === '' || payText === '0' ? null : Number(payText);
  if (onlinePayment !== null && onlinePayment !== 1 && onlinePayment !== 2)
    bad(problems, row, 'DuocThanhToanTrucTuyen', 'Giá trị thanh toán trực tuyến không hợp lệ (1 hoặc 2)', 'Invalid online payment value (1 or 2)');
  const ratingText = get('DanhGia');
  const rating = ratingText === '' ? null : Number(ratingText);
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
    bad(problems, row, 'DanhGia', 'Đánh giá phải từ 1 đến 5', 'Rating must be 1 to 5');
  const suppReqText = get('NgayYeuCauBoSung');
  const suppDoneText = get('NgayHoanThanhBoSung');
  const suppReq = suppReqText ? parseVnTimestamp(suppReqText) : null;
  const suppDone = suppDoneText ? parseVnTimestamp(suppDoneText) : null;
  if (suppReqText && !suppReq) bad(problems, row, 'NgayYeuCauBoSung', 'Ngày yêu cầu bổ sung không đọc được', 'Unreadable supplement request date');
  if (suppDoneText && !suppDone) bad(problems, row, 'NgayHoanThanhBoSung', 'Ngày hoàn thành bổ sung không đọc được', 'Unreadable supplement completion date');
  const updatedText = get('NgayCapNhat');
  const updatedAt = updatedText ? parseVnTimestamp(updatedText) : (finishedAt ?? receivedAt);
  if (updatedText && !updatedAt) bad(problems, row, 'NgayCapNhat', 'Ngày cập nhật không đọc được', 'Unreadable update date');

  let unitId: string | null = null;
  const unitCode = get('MaDonVi');
  const receivedDay = receivedAt ? vietnamDay(receivedAt) : '';
  if (receivedAt) {
    const holders = refs.units.get(unitCode) ?? [];
    unitId = holders.find((u) => (u.from === null || u.from <= receivedDay) && (u.to === null || receivedDay < u.to))?.id ?? null;
    if (!unitId) bad(problems, row, 'MaDonVi', `Không có đơn vị mã "${unitCode}" vào ngày tiếp nhận`, `No unit with code "${unitCode}" on the day of receipt`);
  }
  if (problems.length || !receivedAt || !unitId || !proc || !updatedAt) return { problems };

  // More than one supplement request counts as overdue (methodology §5): every request after the first is passed on.
  const supplementRequests = [
    ...(suppReq ? [{ requestedAt: suppReq.getTime(), completedAt: suppDone?.getTime() ?? null }] : []),
    ...Array.from({ length: Math.max(0, supplementCount - (suppReq ? 1 : 0)) }, () => ({
      requestedAt: receivedAt.getTime(),
      completedAt: receivedAt.getTime(),
    })),
  ];
  let outcome: DossierRow['outcome'] = 'inProgress';
  let lateWorkingDays: number | null = null;
  if (finishedAt) {
    if (!dueAt && !proc.legalMax) {
      bad(problems, row, 'NgayHenTra', 'Thiếu ngày hẹn trả và TTHC không có thời hạn giải quyết', 'No due date and the procedure has no legal time limit');
      return { problems };
    }
    try {
      const r = classifyDossier(
        {
          receivedAt: receivedAt.getTime(),
          dueAt: dueAt?.getTime() ?? null,
          finishedAt: finishedAt.getTime(),
          supplementRequests,
          legalMax: proc.legalMax,
        },
        { periodEnd: finishedAt.getTime(), calendar: refs.calendar },
      );
      const cls: OnTimeClass = r.classification;
      outcome = cls === 'early' ? 'early' : cls === 'late' || cls === 'inProgressLate' ? 'late' : 'onTime';
      lateWorkingDays = r.lateWorkingDays;
    } catch (e) {
      bad(problems, row, 'NgayKetThucXuLy', `Không xác định được tiến độ: ${(e as Error).message}`, `Cannot classify timeliness: ${(e as Error).message}`);
      return { problems };
    }
  }
  return {
    row: {
      unitId,
      code,
      procedureCode,
      receivedAt,
      receivedDay,
      dueAt,
      finishedAt,
      status: get('TrangThaiHoSo') || (finishedAt ? 'DaTraKetQua' : 'DangXuLy'),
      channel: channel as 1 | 2 | 3,
      supplementCount,
      digitised: flag(get('DuocSoHoa')),
      electronicResult: flag(get('CoKetQuaDienTu')),
      financialObligation: flag(get('CoNghiaVuTaiChinh')),
      onlinePayment: onlinePayment as 1 | 2 | null,
      rating,
      feedback: flag(get('CoPhanAnh')),
      outcome,
      lateWorkingDays,
      sourceUpdatedAt: updatedAt,
    },
  };
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

/**
 * Detects the encoding of a file's first bytes: a UTF-8 or UTF-16 byte-order mark, UTF-16 without a mark (every
 * other byte zero), valid UTF-8, else Windows-1258 — the code page of Vietnamese legacy systems.
 */
export function detectEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4 && head[1] === 0 && head[3] === 0 && head[0] !== 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[2] === 0 && head[1] !== 0) return 'utf-16be';
  // cut at a character boundary so a multi-byte character split by the sample does not look invalid
  let end = head.length;
  while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1] >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1258';
  }
}

/** Decodes a byte stream to text in the detected encoding, chunk by chunk (memory stays bounded). */
export function decodingStream(onEncoding: (e: TextEncodingName) => void): Transform {
  let decoder: TextDecoder | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const start = (buf: Buffer, t: Transform) => {
    const enc = detectEncoding(buf.subarray(0, 64 * 1024));
    onEncoding(enc);
    decoder = new TextDecoder(enc, { fatal: enc === 'utf-8' });
    t.push(decoder.decode(buf, { stream: true }));
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        if (decoder) {
          this.push(decoder.decode(chunk, { stream: true }));
        } else {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= 64 * 1024) {
            start(Buffer.concat(pending), this);
            pending = [];
          }
        }
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb) {
      try {
        if (!decoder) start(Buffer.concat(pending), this);
        const rest = (decoder as unknown as TextDecoder).decode();
        if (rest) this.push(rest);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}
