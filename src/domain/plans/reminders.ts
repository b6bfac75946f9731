/**
 * When a task occurrence needs chasing: a reminder to the lead unit's focal officers and leaders in the last
 * `REMINDER_WORKING_DAYS` working days before (and on) the due day, and an escalation to the unit's leaders once it
 * is overdue and not done. Pure: `today` and the calendar are passed in.
 */
import { compareIsoDate, type IsoDate } from '../calendar/isoDate.ts';
import { type WorkingCalendar, workingDaysBetween } from '../calendar/workingDays.ts';
import type { ReportStatus } from './types.ts';

export const REMINDER_WORKING_DAYS = 3;

export type ChaseKind = 'reminder' | 'escalation';

export function chaseKinds(o: { dueDate: IsoDate; status: ReportStatus | null }, today: IsoDate, cal: WorkingCalendar): ChaseKind[] {
  if (o.status === 'done') return [];
  if (compareIsoDate(today, o.dueDate) > 0) return ['escalation'];
  return workingDaysBetween(cal, today, o.dueDate) <= REMINDER_WORKING_DAYS ? ['reminder'] : [];
}

/** Who is told: reminders go to the unit's focal officers and leaders, escalations to its leaders. */
export function chaseRoles(kind: ChaseKind): ('focalOfficer' | 'unitLeader')[] {
  return kind === 'reminder' ? ['focalOfficer', 'unitLeader'] : ['unitLeader'];
}
