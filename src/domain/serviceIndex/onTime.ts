/**
 * On-time classification of one-stop dossiers (hồ sơ TTHC) for the Decision 766 "Tiến độ" group. Pure: no IO, no
 * clock — the period end and the working calendar are passed in.
 *
 * Rules, each cited where it is implemented:
 *  - End of processing (methodology §5.2 "Statuses and timing"; dossier_lifecycle.json `statuses_used_by_portal`,
 *    qd766_indicators.json 2.1 `detail`): `finishedAt` is NgayKetThucXuLy (the caller picks it in the portal's
 *    priority order: Đã xử lý xong > Đã trả kết quả > Dừng xử lý / Từ chối / Công dân rút hồ sơ). A dossier with no
 *    end by the end of the period is "in processing" and is judged at the period end ("Chưa hoàn thành -> lấy ngày
 *    cuối kỳ"); a dossier finished after the period end was in processing at the period end.
 *  - On time with a due date (§5.2 "On time: end ≤ due"; lifecycle `on_time_rule`): (end − supplement time) ≤ dueAt.
 *  - Supplement requests (§5.2 "supplement requested"; 2.1 `detail`): the citizen's time between "Yêu cầu bổ sung" and
 *    "Hoàn thành bổ sung" is subtracted; ONE request still pending freezes the clock at the request date ("Yêu cầu bổ
 *    sung 1 lần chưa quay lại -> lấy ngày yêu cầu bổ sung"); MORE THAN ONE request makes the dossier overdue.
 *  - Without a due date (§5.2; lifecycle `on_time_rule`): end − start − supplement time ≤ the procedure's legal
 *    maximum in its own unit (giờ / ngày / ngày làm việc / tháng — 2.2 `formula` "DonViTinh"). How each unit is
 *    counted on the calendar is NOT in the reference; the reading used here is Bộ luật Dân sự 2015 Điều 147–148 [I]:
 *    the day of receipt is not counted, and a period in days or months whose last day is a day off ends on the next
 *    working day; "giờ" counts only time on working days. Results on this path are therefore `provisional`.
 *  - "Đúng hạn" on the portal includes "trước hạn" and "đang xử lý trong hạn" (§3.3 Tiến độ, §5.2):
 *    `countsAsOnTime` is true for early, onTime and inProgressOnTime.
 *  - "Trước hạn" vs "đúng hạn" (the dashboard's trước hạn / đúng hạn / trễ hạn counts, §5.2 "Dashboard rates") is not
 *    defined in the reference [I]: early = the (effective) end falls on an earlier Vietnam calendar day than the
 *    deadline. It does not change the score (both count as on time).
 *
 * Time: timestamps are ISO-8601 strings in UTC ("2025-01-23T02:00:00Z"); days are Vietnam calendar days (UTC+7, no
 * daylight saving) — glossary `workingDay` "excludes weekends and public holidays", checked with the WorkingCalendar.
 */

import { addDays, daysBetween, fromEpochDay, type IsoDate, isoParts, isoToEpochDay } from '../calendar/isoDate.ts';
import { addWorkingDays, isWorkingDay, type WorkingCalendar, workingDaysBetween } from '../calendar/workingDays.ts';

/**
 * An instant as ISO-8601 in UTC, e.g. "2025-01-23T02:00:00Z" or "2025-01-23T02:00:00.000Z" ("+00:00" accepted), or
 * as whole milliseconds since the epoch (what a reader that has already parsed the text passes on).
 */
export type Timestamp = string | number;

/** The unit of a procedure's legal maximum handling time (DonViTinh: giờ, ngày, ngày làm việc, tháng). */
export type LegalTimeUnit = 'hour' | 'day' | 'workingDay' | 'month';

export interface LegalMaxTime {
  /** A positive whole number of units. */
  amount: number;
  unit: LegalTimeUnit;
}

export interface SupplementRequest {
  /** "Yêu cầu bổ sung hồ sơ". */
  requestedAt: Timestamp;
  /** "Hoàn thành bổ sung hồ sơ"; null/absent while the citizen has not returned. */
  completedAt?: Timestamp | null;
}

export interface DossierTiming {
  /** NgayTiepNhan. */
  receivedAt: Timestamp;
  /** NgayHenTra; null/absent when the dossier has no due date (then `legalMax` is required). */
  dueAt?: Timestamp | null;
  /** NgayKetThucXuLy; null/absent while in processing. */
  finishedAt?: Timestamp | null;
  supplementRequests?: readonly SupplementRequest[];
  /** The procedure's legal maximum handling time, used only when there is no due date. */
  legalMax?: LegalMaxTime | null;
}

export interface OnTimeOptions {
  /**
   * The last instant of the reporting period (dossiers still open then are "in processing"), e.g.
   * "2025-03-31T16:59:59.999Z" for Q1 2025 in Vietnam — not the first instant of the next period, which is already
   * another Vietnam day.
   */
  periodEnd: Timestamp;
  calendar: WorkingCalendar;
}

export type OnTimeClass = 'early' | 'onTime' | 'late' | 'inProgressOnTime' | 'inProgressLate';

export interface OnTimeResult {
  classification: OnTimeClass;
  /** The portal's "đúng hạn" (numerator of Tiến độ): early, onTime and inProgressOnTime. */
  countsAsOnTime: boolean;
  /**
   * For late / inProgressLate: whole working days from the deadline's day to the (effective) end's day, (deadline,
   * end] — 0 when late within the deadline's own day, or when overdue only by the supplement rule. null otherwise.
   */
  lateWorkingDays: number | null;
  /** Which rule decided: the due date or the procedure's legal maximum. */
  basis: 'dueAt' | 'legalMax';
  /** Overdue because of more than one supplement request, whatever the dates. */
  multipleSupplementRequests: boolean;
  /** Vietnam calendar day of the deadline that was compared (dueAt, or the deadline implied by the legal maximum). */
  deadlineDay: IsoDate;
  /** Vietnam calendar day of the effective end (after freezing / subtracting supplement time on the dueAt path). */
  effectiveEndDay: IsoDate;
  /** True when an inferred [I] reading decided the result (the legal-maximum path; see the module comment). */
  provisional: boolean;
}

export type OnTimeErrorCode = 'invalidTimestamp' | 'invalidLegalMax' | 'noDeadline' | 'notInPeriod' | 'outOfOrder';

export class OnTimeInputError extends Error {
  readonly code: OnTimeErrorCode;
  readonly field: string;
  constructor(code: OnTimeErrorCode, field: string, message: string) {
    super(message);
    this.name = 'OnTimeInputError';
    this.code = code;
    this.field = field;
  }
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Vietnam is UTC+7 all year (no daylight saving). */
const VN_OFFSET_MS = 7 * MS_PER_HOUR;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|\+00:00)$/;

/** Milliseconds since the epoch of a UTC ISO timestamp; throws OnTimeInputError('invalidTimestamp'). */
export function parseTimestamp(value: Timestamp, field = 'timestamp'): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new OnTimeInputError('invalidTimestamp', field, `${field}: not a whole number of milliseconds: ${value}`);
  }
  const m = typeof value === 'string' ? TIMESTAMP_RE.exec(value) : null;
  if (m) {
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
    const ms = Number((m[7] ?? '0').padEnd(3, '0'));
    const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const d = new Date(t);
    // Reject impossible dates and times (2025-02-30, 24:00, 12:60) instead of letting Date roll them over.
    if (year >= 1000 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && second < 60) {
      return t;
    }
  }
  throw new OnTimeInputError('invalidTimestamp', field, `${field}: not a UTC ISO-8601 timestamp: ${JSON.stringify(value)}`);
}

/** The Vietnam calendar day (UTC+7) of an instant. */
export function vietnamDay(ms: number): IsoDate {
  return fromEpochDay(Math.floor((ms + VN_OFFSET_MS) / MS_PER_DAY));
}

/** The instant at which a Vietnam calendar day starts (00:00 UTC+7). */
function vietnamDayStart(day: IsoDate): number {
  return isoToEpochDay(day) * MS_PER_DAY - VN_OFFSET_MS;
}

/** Time in [a, b) that falls on working days (Vietnam calendar), in ms; 0 when b ≤ a. */
export function workingTimeBetween(cal: WorkingCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  let total = 0;
  for (let day = vietnamDay(a); ; day = addDays(day, 1)) {
    const start = vietnamDayStart(day);
    if (start >= b) break;
    if (isWorkingDay(cal, day)) total += Math.min(b, start + MS_PER_DAY) - Math.max(a, start);
  }
  return total;
}

/** The instant reached after `ms` of working time from `from` (time on days off does not count). */
function advanceWorkingTime(cal: WorkingCalendar, from: number, ms: number): number {
  let at = from;
  let left = ms;
  for (let day = vietnamDay(from); ; day = addDays(day, 1)) {
    const end = vietnamDayStart(day) + MS_PER_DAY;
    if (isWorkingDay(cal, day)) {
      const room = end - at;
      if (left <= room) return at + left;
      left -= room;
    }
    at = end;
  }
}

/** The same day-of-month `months` later, clamped to the month's last day (31/1 + 1 tháng → 28/2). */
function addMonths(day: IsoDate, months: number): IsoDate {
  const { year, month, day: dom } = isoParts(day);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month; y ≥ 1000 (parseTimestamp)
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(dom, lastDay)).padStart(2, '0')}`;
}

/** BLDS 2015 Điều 148 [I]: a period whose last day is a day off ends on the next working day. */
function nextWorkingDayFrom(cal: WorkingCalendar, day: IsoDate): IsoDate {
  return addWorkingDays(cal, day, 0);
}

interface Supplement {
  requestedAt: number;
  /** null while pending at the reference end. */
  completedAt: number | null;
}

/**
 * Classifies one dossier at the end of the period (see the module comment for every rule and its source).
 * Throws OnTimeInputError for unusable input: a bad timestamp, neither due date nor legal maximum, a dossier received
 * after the period end, or events out of order (finished/supplement before receipt, completed before requested).
 */
export function classifyDossier(d: DossierTiming, opts: OnTimeOptions): OnTimeResult {
  const cal = opts.calendar;
  const periodEnd = parseTimestamp(opts.periodEnd, 'periodEnd');
  const received = parseTimestamp(d.receivedAt, 'receivedAt');
  if (received > periodEnd) throw new OnTimeInputError('notInPeriod', 'receivedAt', 'receivedAt: the dossier was received after the period end');
  const due = d.dueAt == null ? null : parseTimestamp(d.dueAt, 'dueAt');
  const finished = d.finishedAt == null ? null : parseTimestamp(d.finishedAt, 'finishedAt');
  if (finished !== null && finished < received) throw new OnTimeInputError('outOfOrder', 'finishedAt', 'finishedAt: before receivedAt');
  if (due === null && d.legalMax == null) throw new OnTimeInputError('noDeadline', 'dueAt', 'dueAt: a dossier without a due date needs the legal maximum time');
  if (due === null && d.legalMax != null && (!Number.isSafeInteger(d.legalMax.amount) || d.legalMax.amount <= 0)) {
    throw new OnTimeInputError('invalidLegalMax', 'legalMax.amount', 'legalMax.amount: must be a positive whole number');
  }

  // §5.2: not finished by the end of the period → in processing, judged at the period end.
  const inProgress = finished === null || finished > periodEnd;
  const endRef = inProgress ? periodEnd : (finished as number);

  // Supplement requests made up to the reference end; one completed later was still pending then.
  const supplements: Supplement[] = [];
  (d.supplementRequests ?? []).forEach((s, i) => {
    const requestedAt = parseTimestamp(s.requestedAt, `supplementRequests.${i}.requestedAt`);
    if (requestedAt < received) throw new OnTimeInputError('outOfOrder', `supplementRequests.${i}.requestedAt`, 'requestedAt: before receivedAt');
    const completedAt = s.completedAt == null ? null : parseTimestamp(s.completedAt, `supplementRequests.${i}.completedAt`);
    if (completedAt !== null && completedAt < requestedAt) {
      throw new OnTimeInputError('outOfOrder', `supplementRequests.${i}.completedAt`, 'completedAt: before requestedAt');
    }
    if (requestedAt <= endRef) supplements.push({ requestedAt, completedAt: completedAt !== null && completedAt <= endRef ? completedAt : null });
  });
  // §5.2: more than one supplement request counts as overdue.
  const multipleSupplementRequests = supplements.length > 1;
  // §5.2: a pending request freezes the clock at the request date.
  const pending = supplements.find((s) => s.completedAt === null);
  const stoppedAt = pending ? pending.requestedAt : endRef;
  const completed = supplements.filter((s): s is { requestedAt: number; completedAt: number } => s.completedAt !== null && s.completedAt <= stoppedAt);

  let onTime: boolean;
  let deadlineDay: IsoDate;
  let effectiveEndDay: IsoDate;
  let early: boolean;
  let basis: OnTimeResult['basis'];
  if (due !== null) {
    // §5.2: (end − supplement time) ≤ dueAt, the supplement time taken as elapsed time.
    basis = 'dueAt';
    const supplementMs = completed.reduce((acc, s) => acc + (s.completedAt - s.requestedAt), 0);
    const effectiveEnd = stoppedAt - supplementMs;
    onTime = effectiveEnd <= due;
    deadlineDay = vietnamDay(due);
    effectiveEndDay = vietnamDay(effectiveEnd);
    early = effectiveEndDay < deadlineDay;
  } else {
    // §5.2: end − start − supplement time ≤ legal maximum, in the procedure's unit (calendar reading [I]).
    basis = 'legalMax';
    const { amount, unit } = d.legalMax as LegalMaxTime;
    const receivedDay = vietnamDay(received);
    effectiveEndDay = vietnamDay(stoppedAt);
    switch (unit) {
      case 'workingDay': {
        const supplementDays = completed.reduce((acc, s) => acc + workingDaysBetween(cal, vietnamDay(s.requestedAt), vietnamDay(s.completedAt)), 0);
        const used = workingDaysBetween(cal, receivedDay, effectiveEndDay) - supplementDays;
        onTime = used <= amount;
        early = used < amount;
        deadlineDay = addWorkingDays(cal, receivedDay, amount + supplementDays);
        break;
      }
      case 'day':
      case 'month': {
        const supplementDays = completed.reduce((acc, s) => acc + daysBetween(vietnamDay(s.requestedAt), vietnamDay(s.completedAt)), 0);
        const lastDay = unit === 'day' ? addDays(receivedDay, amount) : addMonths(receivedDay, amount);
        deadlineDay = nextWorkingDayFrom(cal, addDays(lastDay, supplementDays));
        onTime = effectiveEndDay <= deadlineDay;
        early = effectiveEndDay < deadlineDay;
        break;
      }
      case 'hour': {
        const supplementMs = completed.reduce((acc, s) => acc + workingTimeBetween(cal, s.requestedAt, s.completedAt), 0);
        const used = workingTimeBetween(cal, received, stoppedAt) - supplementMs;
        onTime = used <= amount * MS_PER_HOUR;
        deadlineDay = vietnamDay(advanceWorkingTime(cal, received, amount * MS_PER_HOUR + supplementMs));
        early = effectiveEndDay < deadlineDay;
        break;
      }
      default:
        throw new OnTimeInputError('invalidLegalMax', 'legalMax.unit', `legalMax.unit: unknown unit ${JSON.stringify(unit)}`);
    }
  }

  const late = multipleSupplementRequests || !onTime;
  const classification: OnTimeClass = inProgress ? (late ? 'inProgressLate' : 'inProgressOnTime') : late ? 'late' : early ? 'early' : 'onTime';
  return {
    classification,
    countsAsOnTime: !late,
    lateWorkingDays: late ? Math.max(0, workingDaysBetween(cal, deadlineDay, effectiveEndDay)) : null,
    basis,
    multipleSupplementRequests,
    deadlineDay,
    effectiveEndDay,
    provisional: basis === 'legalMax',
  };
}

export interface ProgressTally {
  /** "Tổng hồ sơ tiếp nhận, xử lý trong kỳ" (denominator of Tiến độ). */
  received: number;
  /** "Đã xử lý đúng/trước hạn + đang xử lý trong hạn" (numerator of Tiến độ). */
  onTime: number;
  early: number;
  onTimeFinished: number;
  late: number;
  inProgressOnTime: number;
  inProgressLate: number;
  /** How many classifications used an inferred [I] reading. */
  provisional: number;
}

/** Classifies every dossier and counts them into the Tiến độ numerator and denominator (qd766_indicators.json 2.1). */
export function tallyProgress(dossiers: readonly DossierTiming[], opts: OnTimeOptions): ProgressTally {
  const t: ProgressTally = { received: 0, onTime: 0, early: 0, onTimeFinished: 0, late: 0, inProgressOnTime: 0, inProgressLate: 0, provisional: 0 };
  for (const d of dossiers) {
    const r = classifyDossier(d, opts);
    t.received++;
    if (r.countsAsOnTime) t.onTime++;
    if (r.provisional) t.provisional++;
    if (r.classification === 'onTime') t.onTimeFinished++;
    else t[r.classification]++;
  }
  return t;
}
