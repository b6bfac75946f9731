import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../calendar/workingDays.ts';
import {
  classifyDossier,
  type DossierTiming,
  OnTimeInputError,
  type OnTimeOptions,
  parseTimestamp,
  tallyProgress,
  vietnamDay,
  workingTimeBetween,
} from './onTime.ts';

/**
 * The Tết 2025 break as announced for public servants (the same calendar as calendar/workingDays.test.ts): off
 * Saturday 25/1 to Sunday 2/2/2025, Monday 27/1 swapped for the make-up working Saturday 8/2/2025.
 */
const tet2025 = makeCalendar({
  holidays: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'],
  workingWeekends: ['2025-02-08'],
});
const noHolidays = makeCalendar({ holidays: [] });

/** The last instant of Q1 2025 in Vietnam (31/3 23:59:59.999 UTC+7). */
const Q1_END = '2025-03-31T16:59:59.999Z';
const opts = (calendar = tet2025, periodEnd = Q1_END): OnTimeOptions => ({ calendar, periodEnd });

describe('time basics: UTC instants, Vietnam calendar days (UTC+7)', () => {
  it('an instant after 17:00 UTC is already the next day in Vietnam', () => {
    expect(vietnamDay(parseTimestamp('2025-01-31T16:59:59Z'))).toBe('2025-01-31');
    expect(vietnamDay(parseTimestamp('2025-01-31T17:00:00Z'))).toBe('2025-02-01');
  });

  it('accepts only UTC ISO timestamps that exist', () => {
    expect(parseTimestamp('2025-01-23T02:00:00.000Z')).toBe(Date.UTC(2025, 0, 23, 2));
    expect(parseTimestamp('2025-01-23T02:00+00:00')).toBe(Date.UTC(2025, 0, 23, 2));
    for (const bad of ['2025-01-23 02:00:00Z', '2025-01-23T09:00:00+07:00', '2025-02-30T00:00:00Z', '2025-01-23T24:00:00Z', '2025-01-23']) {
      expect(() => parseTimestamp(bad)).toThrow(OnTimeInputError);
    }
  });

  it('takes an instant already parsed as whole milliseconds, nothing else', () => {
    expect(parseTimestamp(Date.UTC(2025, 0, 23, 2))).toBe(Date.UTC(2025, 0, 23, 2));
    for (const bad of [Number.NaN, 1.5, Number.POSITIVE_INFINITY]) expect(() => parseTimestamp(bad)).toThrow(OnTimeInputError);
  });

  it('working time skips whole days off (Tết 2025)', () => {
    // Fri 24/1 16:00 VN → Mon 3/2 16:00 VN: 8 h on Friday, nothing from 25/1 to 2/2, 16 h on Monday.
    expect(workingTimeBetween(tet2025, parseTimestamp('2025-01-24T09:00:00Z'), parseTimestamp('2025-02-03T09:00:00Z'))).toBe(24 * 3_600_000);
  });
});

describe('with a due date: (end − supplement time) ≤ dueAt (methodology §5.2)', () => {
  // Received Thu 23/1/2025 09:00 VN with 5 working days: Fri 24/1, then Tết, then Mon 3/2 … Thu 6/2 → due 6/2 17:00 VN.
  const base: DossierTiming = { receivedAt: '2025-01-23T02:00:00Z', dueAt: '2025-02-06T10:00:00Z' };

  it('Tết 2025 in between: finished on the due day is on time, the day before is early', () => {
    expect(classifyDossier({ ...base, finishedAt: '2025-02-06T08:00:00Z' }, opts())).toMatchObject({
      classification: 'onTime',
      countsAsOnTime: true,
      lateWorkingDays: null,
      basis: 'dueAt',
      provisional: false,
    });
    expect(classifyDossier({ ...base, finishedAt: '2025-02-05T08:00:00Z' }, opts()).classification).toBe('early');
  });

  it('late: whole working days after the due day, counting the make-up Saturday 8/2', () => {
    expect(classifyDossier({ ...base, finishedAt: '2025-02-07T02:00:00Z' }, opts())).toMatchObject({
      classification: 'late',
      countsAsOnTime: false,
      lateWorkingDays: 1,
    });
    // Fri 7/2, Sat 8/2 (làm bù), Mon 10/2
    expect(classifyDossier({ ...base, finishedAt: '2025-02-10T02:00:00Z' }, opts()).lateWorkingDays).toBe(3);
    // 2 h past the due time on the due day itself
    expect(classifyDossier({ ...base, finishedAt: '2025-02-06T12:00:00Z' }, opts())).toMatchObject({ classification: 'late', lateWorkingDays: 0 });
  });

  it("the citizen's supplement time is subtracted (72 h here)", () => {
    // Received Mon 3/3/2025, due Mon 10/3 17:00 VN; supplement requested Tue 4/3 09:00, completed Fri 7/3 09:00 VN.
    const d: DossierTiming = {
      receivedAt: '2025-03-03T01:00:00Z',
      dueAt: '2025-03-10T10:00:00Z',
      supplementRequests: [{ requestedAt: '2025-03-04T02:00:00Z', completedAt: '2025-03-07T02:00:00Z' }],
    };
    // Finished Thu 13/3 09:00 VN → effective end Mon 10/3 09:00 VN ≤ due → on time.
    expect(classifyDossier({ ...d, finishedAt: '2025-03-13T02:00:00Z' }, opts())).toMatchObject({ classification: 'onTime', effectiveEndDay: '2025-03-10' });
    // Finished Wed 12/3 10:00 VN → effective end Sun 9/3 → early.
    expect(classifyDossier({ ...d, finishedAt: '2025-03-12T03:00:00Z' }, opts()).classification).toBe('early');
    // Without the supplement the same dossier is 2 working days late (11/3, 12/3).
    expect(classifyDossier({ receivedAt: d.receivedAt, dueAt: d.dueAt, finishedAt: '2025-03-12T03:00:00Z' }, opts())).toMatchObject({
      classification: 'late',
      lateWorkingDays: 2,
    });
  });

  it('more than one supplement request is overdue, whatever the dates', () => {
    const d: DossierTiming = {
      receivedAt: '2025-03-03T01:00:00Z',
      dueAt: '2025-03-20T10:00:00Z',
      supplementRequests: [
        { requestedAt: '2025-03-04T02:00:00Z', completedAt: '2025-03-05T02:00:00Z' },
        { requestedAt: '2025-03-06T02:00:00Z', completedAt: '2025-03-07T02:00:00Z' },
      ],
    };
    expect(classifyDossier({ ...d, finishedAt: '2025-03-10T03:00:00Z' }, opts())).toMatchObject({
      classification: 'late',
      countsAsOnTime: false,
      multipleSupplementRequests: true,
      lateWorkingDays: 0,
    });
    expect(classifyDossier(d, opts()).classification).toBe('inProgressLate');
    // One request only: the same dossier is early.
    expect(classifyDossier({ ...d, supplementRequests: d.supplementRequests?.slice(0, 1), finishedAt: '2025-03-10T03:00:00Z' }, opts()).classification).toBe(
      'early',
    );
  });
});

describe('in processing at the period end: on time if period end ≤ dueAt (methodology §5.2)', () => {
  const d: DossierTiming = { receivedAt: '2025-03-03T01:00:00Z', dueAt: '2025-03-10T10:00:00Z' };

  it('judged at the period end', () => {
    expect(classifyDossier(d, opts(tet2025, '2025-03-07T17:00:00Z'))).toMatchObject({ classification: 'inProgressOnTime', countsAsOnTime: true });
    // Q1 end: 15 working days after Mon 10/3 (11–14, 17–21, 24–28, 31/3)
    expect(classifyDossier(d, opts())).toMatchObject({ classification: 'inProgressLate', countsAsOnTime: false, lateWorkingDays: 15 });
  });

  it('a dossier finished after the period end was in processing at the period end', () => {
    expect(classifyDossier({ ...d, finishedAt: '2025-04-02T02:00:00Z' }, opts()).classification).toBe('inProgressLate');
    expect(classifyDossier({ ...d, finishedAt: '2025-03-09T02:00:00Z' }, opts(tet2025, '2025-03-07T17:00:00Z')).classification).toBe('inProgressOnTime');
  });

  it('one pending supplement request freezes the clock at the request date', () => {
    const pending = { ...d, supplementRequests: [{ requestedAt: '2025-03-07T02:00:00Z' }] };
    expect(classifyDossier(pending, opts())).toMatchObject({ classification: 'inProgressOnTime', effectiveEndDay: '2025-03-07' });
    // Completed only after the period end: still pending at the period end.
    const later = { ...d, supplementRequests: [{ requestedAt: '2025-03-07T02:00:00Z', completedAt: '2025-04-03T02:00:00Z' }] };
    expect(classifyDossier(later, opts()).classification).toBe('inProgressOnTime');
  });
});

describe('without a due date: duration − supplement time ≤ legal maximum in its unit (methodology §5.2, [I] calendar reading)', () => {
  const received = '2025-01-23T02:00:00Z'; // Thu 23/1/2025 09:00 VN

  it('ngày làm việc: 5 working days across Tết 2025 reach Thu 6/2', () => {
    const d: DossierTiming = { receivedAt: received, legalMax: { amount: 5, unit: 'workingDay' } };
    expect(classifyDossier({ ...d, finishedAt: '2025-02-06T08:00:00Z' }, opts())).toMatchObject({
      classification: 'onTime',
      basis: 'legalMax',
      deadlineDay: '2025-02-06',
      provisional: true,
    });
    expect(classifyDossier({ ...d, finishedAt: '2025-02-07T08:00:00Z' }, opts())).toMatchObject({ classification: 'late', lateWorkingDays: 1 });
    // Without the Tết days the deadline would have been Thu 30/1 and the same dossier 5 working days late.
    expect(classifyDossier({ ...d, finishedAt: '2025-02-06T08:00:00Z' }, opts(noHolidays))).toMatchObject({ classification: 'late', lateWorkingDays: 5 });
  });

  it('giờ: 24 hours from Fri 24/1 16:00 VN count only working days → Mon 3/2 16:00 VN', () => {
    const d: DossierTiming = { receivedAt: '2025-01-24T09:00:00Z', legalMax: { amount: 24, unit: 'hour' } };
    expect(classifyDossier({ ...d, finishedAt: '2025-02-03T08:00:00Z' }, opts())).toMatchObject({ classification: 'onTime', deadlineDay: '2025-02-03' });
    expect(classifyDossier({ ...d, finishedAt: '2025-02-04T02:00:00Z' }, opts())).toMatchObject({ classification: 'late', lateWorkingDays: 1 });
    // A supplement from Mon 3/2 08:00 to Tue 4/2 08:00 VN (24 h of working time) moves the limit by 24 h.
    const withSupplement = { ...d, supplementRequests: [{ requestedAt: '2025-02-03T01:00:00Z', completedAt: '2025-02-04T01:00:00Z' }] };
    expect(classifyDossier({ ...withSupplement, finishedAt: '2025-02-04T08:00:00Z' }, opts())).toMatchObject({
      classification: 'onTime',
      deadlineDay: '2025-02-04',
    });
  });

  it('ngày: a last day that is a day off moves to the next working day (BLDS 2015 Điều 148)', () => {
    // Fri 24/1 + 3 days = Mon 27/1, a Tết day off → Mon 3/2.
    const d: DossierTiming = { receivedAt: '2025-01-24T02:00:00Z', finishedAt: '2025-02-03T08:00:00Z', legalMax: { amount: 3, unit: 'day' } };
    expect(classifyDossier(d, opts())).toMatchObject({ classification: 'onTime', deadlineDay: '2025-02-03' });
  });

  it('tháng: 31/1 + 1 month = 28/2', () => {
    const d: DossierTiming = { receivedAt: '2025-01-31T02:00:00Z', legalMax: { amount: 1, unit: 'month' } };
    expect(classifyDossier({ ...d, finishedAt: '2025-02-28T09:00:00Z' }, opts())).toMatchObject({ classification: 'onTime', deadlineDay: '2025-02-28' });
    expect(classifyDossier({ ...d, finishedAt: '2025-03-03T02:00:00Z' }, opts())).toMatchObject({ classification: 'late', lateWorkingDays: 1 });
  });
});

describe('input errors', () => {
  it('refuses unusable dossiers with the field at fault', () => {
    const cases: [DossierTiming, string][] = [
      [{ receivedAt: '2025-04-01T02:00:00Z', dueAt: '2025-04-05T02:00:00Z' }, 'notInPeriod'],
      [{ receivedAt: '2025-03-03T01:00:00Z' }, 'noDeadline'],
      [{ receivedAt: '2025-03-03T01:00:00Z', legalMax: { amount: 0, unit: 'day' } }, 'invalidLegalMax'],
      [{ receivedAt: '2025-03-03T01:00:00Z', dueAt: '2025-03-10T10:00:00Z', finishedAt: '2025-03-02T01:00:00Z' }, 'outOfOrder'],
      [
        {
          receivedAt: '2025-03-03T01:00:00Z',
          dueAt: '2025-03-10T10:00:00Z',
          supplementRequests: [{ requestedAt: '2025-03-05T01:00:00Z', completedAt: '2025-03-04T01:00:00Z' }],
        },
        'outOfOrder',
      ],
      [{ receivedAt: '3/3/2025', dueAt: '2025-03-10T10:00:00Z' }, 'invalidTimestamp'],
    ];
    for (const [d, code] of cases) {
      expect(() => classifyDossier(d, opts())).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe('tallyProgress: numerator and denominator of Tiến độ', () => {
  it('counts early, on time and in processing on time as "đúng hạn"', () => {
    const due = '2025-03-10T10:00:00Z';
    const r = '2025-03-03T01:00:00Z';
    const t = tallyProgress(
      [
        { receivedAt: r, dueAt: due, finishedAt: '2025-03-05T01:00:00Z' }, // early
        { receivedAt: r, dueAt: due, finishedAt: '2025-03-10T08:00:00Z' }, // onTime
        { receivedAt: r, dueAt: due, finishedAt: '2025-03-12T01:00:00Z' }, // late
        { receivedAt: '2025-03-28T01:00:00Z', dueAt: '2025-04-04T10:00:00Z' }, // in processing, on time
        { receivedAt: r, dueAt: due }, // in processing, late
      ],
      opts(),
    );
    expect(t).toEqual({ received: 5, onTime: 3, early: 1, onTimeFinished: 1, late: 1, inProgressOnTime: 1, inProgressLate: 1, provisional: 0 });
  });
});
