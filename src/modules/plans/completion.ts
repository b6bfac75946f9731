/**
 * Where the plans module's completion figures come from: the occurrences (due dates) of tasks of non-draft plans and
 * their reports. One reading serves the dashboard and the data-derived inputs of evaluations.
 */
import type { Kysely } from 'kysely';
import type { DB, PlanReportStatus } from '../../db/schema.ts';
import { vietnamDayEnd } from '../../domain/shared/clock.ts';

export interface DueOccurrence {
  id: string;
  due_date: string;
  lead_unit_id: string;
  task_id: string;
}

export interface OccurrenceLedger {
  occurrences: DueOccurrence[];
  /** The status of an occurrence as of an instant: its latest report up to then (null: never reported). */
  statusAt(occurrenceId: string, at: number): PlanReportStatus | null;
}

/**
 * Occurrences of tasks of non-draft plans, due in [from, to], led by `unitIds` (null: every unit) or belonging to
 * `taskIds`, with their report history.
 */
export async function occurrenceLedger(
  db: Kysely<DB>,
  q: { from?: string; to?: string; unitIds?: string[] | null; taskIds?: string[] },
): Promise<OccurrenceLedger> {
  const none = (q.unitIds && q.unitIds.length === 0) || (q.taskIds && q.taskIds.length === 0);
  let oq = db
    .selectFrom('plan_occurrences as o')
    .innerJoin('plan_tasks as t', 't.id', 'o.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['o.id', 'o.due_date', 't.lead_unit_id', 'o.task_id'])
    .where('p.status', '<>', 'draft');
  if (q.from) oq = oq.where('o.due_date', '>=', q.from);
  if (q.to) oq = oq.where('o.due_date', '<=', q.to);
  if (q.unitIds?.length) oq = oq.where('t.lead_unit_id', 'in', q.unitIds);
  if (q.taskIds?.length) oq = oq.where('o.task_id', 'in', q.taskIds);
  const occurrences = none ? [] : await oq.execute();
  const byOcc = new Map<string, { status: PlanReportStatus; at: number }[]>();
  for (let i = 0; i < occurrences.length; i += 5000) {
    const ids = occurrences.slice(i, i + 5000).map((o) => o.id);
    const reports = await db
      .selectFrom('plan_reports')
      .select(['occurrence_id', 'status', 'reported_at'])
      .where('occurrence_id', 'in', ids)
      .orderBy('reported_at')
      .execute();
    for (const r of reports) {
      const list = byOcc.get(r.occurrence_id) ?? [];
      list.push({ status: r.status, at: new Date(r.reported_at).getTime() });
      byOcc.set(r.occurrence_id, list);
    }
  }
  return {
    occurrences,
    statusAt(id, at) {
      let s: PlanReportStatus | null = null;
      for (const r of byOcc.get(id) ?? []) if (r.at <= at) s = r.status;
      return s;
    },
  };
}

export interface UnitCompletion {
  /** occurrences due on or before the day */
  due: number;
  /** of which reported done by the end of the day */
  done: number;
  /** not done and past due (due before the day) */
  late: number;
}

/** Completion per lead unit as of the end of `on`: occurrences due by then, done, and late. */
export function completionByUnit(ledger: OccurrenceLedger, on: string): Map<string, UnitCompletion> {
  const at = vietnamDayEnd(on).getTime();
  const perUnit = new Map<string, UnitCompletion>();
  for (const o of ledger.occurrences) {
    if (o.due_date > on) continue;
    const u = perUnit.get(o.lead_unit_id) ?? { due: 0, done: 0, late: 0 };
    u.due++;
    if (ledger.statusAt(o.id, at) === 'done') u.done++;
    else if (o.due_date < on) u.late++;
    perUnit.set(o.lead_unit_id, u);
  }
  return perUnit;
}
