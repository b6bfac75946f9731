import { type Kysely, sql } from 'kysely';
import type { DB, PlanReportStatus } from '../../db/schema.ts';
import { compareRefs } from '../../domain/plans/tasks.ts';
import type { Schedule } from '../../domain/plans/types.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface OccurrenceDto {
  id: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: PlanReportStatus | null;
  percent: number | null;
  reportedAt: string | null;
}

export interface TaskDto {
  id: string;
  planId: string;
  parentId: string | null;
  ref: string;
  work: string;
  leadUnit: UnitRef;
  supportUnits: UnitRef[];
  responsiblePerson: string | null;
  schedule: Schedule;
  expected: { text: string; targetValue: string | null; targetUnit: string | null };
  criterionCodes: string[];
  status: PlanReportStatus;
  percent: number;
  occurrences: OccurrenceDto[];
  inspectionFindingId: string | null;
  version: number;
}

export const unitRef = (u: { id: string; code: string; name: string }): UnitRef => ({ id: u.id, code: u.code, name: u.name });

/** numeric(20,4) as text without trailing zeros: '90.0000' → '90', '12.5000' → '12.5'. */
export function trimDecimal(v: string | null): string | null {
  if (v === null) return null;
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

export async function unitsById(db: Kysely<DB>, ids: string[]): Promise<Map<string, UnitRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, unitRef(r)]));
}

/** The latest report of each of the given occurrences. */
export async function latestReports(db: Kysely<DB>, occurrenceIds: string[]) {
  if (occurrenceIds.length === 0) return new Map<string, { status: PlanReportStatus; percent: number; reportedAt: string }>();
  const r = await sql<{ occurrence_id: string; status: PlanReportStatus; percent: number; reported_at: Date }>`
    SELECT DISTINCT ON (occurrence_id) occurrence_id, status, percent, reported_at
    FROM plan_reports WHERE occurrence_id IN (${sql.join(occurrenceIds)})
    ORDER BY occurrence_id, reported_at DESC, id DESC`.execute(db);
  return new Map(r.rows.map((x) => [x.occurrence_id, { status: x.status, percent: Number(x.percent), reportedAt: new Date(x.reported_at).toISOString() }]));
}

/**
 * Summary status of a task over its occurrences: a one-off task is its occurrence's latest report; a recurring task is
 * done when every occurrence due by `today` is done, and its percent is the share of all occurrences done.
 */
export function summarise(occ: OccurrenceDto[], today: string): { status: PlanReportStatus; percent: number } {
  if (occ.length === 1 && occ[0].period === 'once') return { status: occ[0].status ?? 'notStarted', percent: occ[0].percent ?? 0 };
  const done = occ.filter((o) => o.status === 'done').length;
  const percent = occ.length ? Math.floor((done * 100) / occ.length) : 0;
  if (done === occ.length && occ.length > 0) return { status: 'done', percent: 100 };
  if (occ.some((o) => o.status === 'blocked' && o.dueDate >= today)) return { status: 'blocked', percent };
  return { status: occ.some((o) => o.status !== null) ? 'inProgress' : 'notStarted', percent };
}

/** Every task of the given plans (or the given task ids), with units, occurrences and latest reports, in ref order. */
export async function loadTasks(db: Kysely<DB>, where: { planIds?: string[]; taskIds?: string[] }, now: Date): Promise<TaskDto[]> {
  let q = db.selectFrom('plan_tasks').selectAll();
  if (where.planIds) {
    if (where.planIds.length === 0) return [];
    q = q.where('plan_id', 'in', where.planIds);
  }
  if (where.taskIds) {
    if (where.taskIds.length === 0) return [];
    q = q.where('id', 'in', where.taskIds);
  }
  const tasks = await q.execute();
  if (tasks.length === 0) return [];
  const ids = tasks.map((t) => t.id);
  const support = await db.selectFrom('plan_task_support_units').selectAll().where('task_id', 'in', ids).execute();
  const occ = await db.selectFrom('plan_occurrences').selectAll().where('task_id', 'in', ids).orderBy('due_date').execute();
  const latest = await latestReports(
    db,
    occ.map((o) => o.id),
  );
  const units = await unitsById(db, [...tasks.map((t) => t.lead_unit_id), ...support.map((s) => s.unit_id)]);
  const today = vietnamDay(now);
  const out = tasks.map((t): TaskDto => {
    const occurrences = occ
      .filter((o) => o.task_id === t.id)
      .map((o) => {
        const l = latest.get(o.id);
        return {
          id: o.id,
          period: o.period,
          periodStart: o.period_start,
          periodEnd: o.period_end,
          dueDate: o.due_date,
          status: l?.status ?? null,
          percent: l?.percent ?? null,
          reportedAt: l?.reportedAt ?? null,
        };
      });
    const s = summarise(occurrences, today);
    return {
      id: t.id,
      planId: t.plan_id,
      parentId: t.parent_id,
      ref: t.ref,
      work: t.work,
      leadUnit: units.get(t.lead_unit_id)!,
      supportUnits: support
        .filter((x) => x.task_id === t.id)
        .map((x) => units.get(x.unit_id)!)
        .sort((a, b) => a.code.localeCompare(b.code)),
      responsiblePerson: t.responsible_person,
      schedule: t.schedule as Schedule,
      expected: { text: t.expected_text, targetValue: trimDecimal(t.target_value), targetUnit: t.target_unit },
      criterionCodes: t.criterion_codes,
      status: s.status,
      percent: s.percent,
      occurrences,
      inspectionFindingId: t.inspection_finding_id,
      version: t.version,
    };
  });
  return out.sort((a, b) => (a.planId === b.planId ? compareRefs(a.ref, b.ref) : a.planId.localeCompare(b.planId)));
}
