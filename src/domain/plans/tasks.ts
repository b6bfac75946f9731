/**
 * Task rules: the "5 rõ" checks, the occurrences of a schedule, sub-task trees without cycles, and where an
 * occurrence stands on a given day. Pure functions; `today` is always passed in.
 */
import { addDays, compareIsoDate, type IsoDate, isIsoDate, isoDate, isoParts } from '../calendar/isoDate.ts';
import { type WorkingCalendar, workingDaysBetween } from '../calendar/workingDays.ts';
import type { Frequency, Occurrence, OccurrenceState, ReportStatus, Schedule, TaskInput, TaskProblem } from './types.ts';

/** At most this many occurrences per recurring task (ten years of monthly reports). */
export const MAX_OCCURRENCES = 120;

const MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, halfYearly: 6, yearly: 12 };

function lastDayOfMonth(year: number, month: number): IsoDate {
  return addDays(month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1), -1);
}

function periodLabel(f: Frequency, year: number, month: number): string {
  switch (f) {
    case 'monthly':
      return `${year}-${String(month).padStart(2, '0')}`;
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'halfYearly':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'yearly':
      return `${year}`;
  }
}

/**
 * The due dates of a schedule. A recurring schedule yields one occurrence per calendar period (month, quarter,
 * half-year, year) that overlaps [from, until], due `dueDay` days after the period's last day.
 */
export function occurrencesOf(s: Schedule): Occurrence[] {
  if (s.kind === 'once') return [{ period: 'once', periodStart: s.dueDate, periodEnd: s.dueDate, dueDate: s.dueDate }];
  const step = MONTHS[s.frequency];
  const from = isoParts(s.from);
  let year = from.year;
  let month = Math.floor((from.month - 1) / step) * step + 1;
  const out: Occurrence[] = [];
  for (;;) {
    const start = isoDate(year, month, 1);
    if (compareIsoDate(start, s.until) > 0) break;
    const endMonth = month + step - 1;
    const end = lastDayOfMonth(year, endMonth);
    out.push({ period: periodLabel(s.frequency, year, month), periodStart: start, periodEnd: end, dueDate: addDays(end, s.dueDay) });
    if (out.length > MAX_OCCURRENCES) break;
    month += step;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return out;
}

/** The earliest day a schedule falls due (for the "not before the plan date" check). */
export function firstDue(s: Schedule): IsoDate {
  return s.kind === 'once' ? s.dueDate : (occurrencesOf(s)[0]?.dueDate ?? s.from);
}

/** Checks one task against the "5 rõ" rules and the plan's date; an empty list means valid. */
export function checkTask(t: Pick<TaskInput, 'work' | 'leadUnitId' | 'supportUnitIds' | 'schedule' | 'expected'>, planDate: IsoDate): TaskProblem[] {
  const problems: TaskProblem[] = [];
  if (!t.work.trim()) problems.push({ code: 'plan_task_work_required', field: 'work' });
  if (!t.leadUnitId) problems.push({ code: 'plan_task_lead_required', field: 'leadUnitId' });
  else if (t.supportUnitIds.includes(t.leadUnitId)) problems.push({ code: 'plan_task_support_is_lead', field: 'supportUnitIds' });
  if (!t.schedule) problems.push({ code: 'plan_task_due_required', field: 'schedule' });
  else if (
    t.schedule.kind === 'recurring' &&
    (!isIsoDate(t.schedule.from) || !isIsoDate(t.schedule.until) || compareIsoDate(t.schedule.from, t.schedule.until) > 0)
  ) {
    problems.push({ code: 'plan_task_schedule_range', field: 'schedule' });
  } else if (t.schedule.kind === 'recurring' && occurrencesOf(t.schedule).length > MAX_OCCURRENCES) {
    problems.push({ code: 'plan_task_schedule_range', field: 'schedule' });
  } else {
    const due = firstDue(t.schedule);
    if (compareIsoDate(due, planDate) < 0) problems.push({ code: 'plan_task_due_before_plan', field: 'schedule', params: { due, planDate } });
  }
  if (t.expected.targetValue !== null && !/^\d{1,12}([.,]\d{1,4})?$/.test(t.expected.targetValue)) {
    problems.push({ code: 'plan_task_target_invalid', field: 'expected.targetValue' });
  }
  return problems;
}

/**
 * Would making `parentId` the parent of `taskId` create a cycle? `parents` maps every task of the plan to its
 * current parent. True when the new parent is the task itself or one of its descendants.
 */
export function wouldCycle(parents: ReadonlyMap<string, string | null>, taskId: string, parentId: string | null): boolean {
  let at: string | null = parentId;
  const seen = new Set<string>();
  while (at !== null) {
    if (at === taskId || seen.has(at)) return true;
    seen.add(at);
    at = parents.get(at) ?? null;
  }
  return false;
}

/**
 * Where an occurrence stands on `today` for its unit:
 * - done: the latest report says done;
 * - late: past due, reported but not done; missing: past due with no report at all;
 * - dueSoon: due within `withinDays` calendar days; upcoming: later.
 */
export function occurrenceState(o: { dueDate: IsoDate; status: ReportStatus | null }, today: IsoDate, withinDays: number): OccurrenceState {
  if (o.status === 'done') return 'done';
  if (compareIsoDate(today, o.dueDate) > 0) return o.status === null ? 'missing' : 'late';
  return compareIsoDate(o.dueDate, addDays(today, withinDays)) <= 0 ? 'dueSoon' : 'upcoming';
}

/** Working days a due date is behind `today` (0 when not yet due). */
export function workingDaysLate(cal: WorkingCalendar, dueDate: IsoDate, today: IsoDate): number {
  return compareIsoDate(today, dueDate) > 0 ? workingDaysBetween(cal, dueDate, today) : 0;
}

/**
 * Orders task refs like a plan table: '1' < '1.1' < '1.2' < '2' < '10' (numeric parts compare as numbers).
 */
export function compareRefs(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const c = Number.isFinite(na) && Number.isFinite(nb) ? na - nb : pa[i].localeCompare(pb[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** The parent ref of a dotted ref ('2.3' → '2'), or null for a top-level ref. */
export function parentRefOf(ref: string): string | null {
  const i = ref.lastIndexOf('.');
  return i < 0 ? null : ref.slice(0, i);
}
