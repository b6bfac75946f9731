import type { Kysely } from 'kysely';
import type { DB, PlanReportStatus } from '../../db/schema.ts';
import { addDays } from '../../domain/calendar/isoDate.ts';
import type { WorkingCalendar } from '../../domain/calendar/workingDays.ts';
import { occurrenceState, workingDaysLate } from '../../domain/plans/tasks.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize, reachFor } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadCalendar } from '../calendar/repo.ts';
import { descendantsOf, unitPath } from '../units/repo.ts';
import { storeBlob, type UploadedFile } from './plans.ts';
import { latestReports, unitRef, unitsById } from './repo.ts';

export interface InboxItem {
  taskId: string;
  occurrenceId: string;
  planId: string;
  planNumber: string;
  ref: string;
  work: string;
  role: 'lead' | 'support';
  unitId: string;
  period: string;
  dueDate: string;
  state: 'done' | 'upcoming' | 'dueSoon' | 'late' | 'missing';
  workingDaysLate: number;
  status: PlanReportStatus | null;
  percent: number | null;
}

export async function planCalendar(db: Kysely<DB>, today: string, at: Date): Promise<WorkingCalendar> {
  const y = Number(today.slice(0, 4));
  return loadCalendar(db, [y - 2, y - 1, y, y + 1], at);
}

/**
 * Every occurrence of every active plan's tasks led by (or supported by) one of `unitIds`, with its state on `today`.
 * Support units see the task but only the lead unit reports.
 */
export async function occurrenceItems(
  db: Kysely<DB>,
  unitIds: string[] | 'all',
  today: string,
  withinDays: number,
  cal: WorkingCalendar,
  /** only occurrences due before this day (the overdue board needs no others) */
  dueBefore?: string,
): Promise<InboxItem[]> {
  let q = db
    .selectFrom('plan_occurrences as o')
    .innerJoin('plan_tasks as t', 't.id', 'o.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['o.id as occurrence_id', 'o.period', 'o.due_date', 't.id as task_id', 't.ref', 't.work', 't.lead_unit_id', 'p.id as plan_id', 'p.number'])
    .where('p.status', '=', 'active');
  if (dueBefore) q = q.where('o.due_date', '<', dueBefore);
  if (unitIds !== 'all') {
    if (unitIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        eb('t.lead_unit_id', 'in', unitIds),
        eb('t.id', 'in', eb.selectFrom('plan_task_support_units').select('task_id').where('unit_id', 'in', unitIds)),
      ]),
    );
  }
  const rows = await q.orderBy('o.due_date').execute();
  const latest = await latestReports(
    db,
    rows.map((r) => r.occurrence_id),
  );
  const supportRows =
    unitIds === 'all'
      ? []
      : await db
          .selectFrom('plan_task_support_units')
          .select(['task_id', 'unit_id'])
          .where('unit_id', 'in', unitIds)
          .where('task_id', 'in', rows.length ? rows.map((r) => r.task_id) : ['00000000-0000-0000-0000-000000000000'])
          .execute();
  return rows.map((r) => {
    const l = latest.get(r.occurrence_id);
    const lead = unitIds === 'all' || unitIds.includes(r.lead_unit_id);
    const state = occurrenceState({ dueDate: r.due_date, status: l?.status ?? null }, today, withinDays);
    return {
      taskId: r.task_id,
      occurrenceId: r.occurrence_id,
      planId: r.plan_id,
      planNumber: r.number,
      ref: r.ref,
      work: r.work,
      role: lead ? 'lead' : 'support',
      unitId: lead ? r.lead_unit_id : supportRows.find((s) => s.task_id === r.task_id)!.unit_id,
      period: r.period,
      dueDate: r.due_date,
      state,
      workingDaysLate: state === 'late' || state === 'missing' ? workingDaysLate(cal, r.due_date, today) : 0,
      status: l?.status ?? null,
      percent: l?.percent ?? null,
    };
  });
}

/** The unit's inbox: what is due soon, late and missing across all active plans (its sub-units included). */
export async function unitInbox(c: UseCaseContext, unitId: string, on: string | undefined, withinDays: number) {
  const path = await unitPath(c.db, unitId);
  if (path.length === 0) throw notFound();
  const target = { unitPath: path };
  try {
    authorize(c, 'plans.report', target);
  } catch {
    authorize(c, 'plans.monitor', target);
  }
  const today = on ?? vietnamDay(c.clock.now());
  const cal = await planCalendar(c.db, today, c.clock.now());
  const units = await descendantsOf(c.db, [unitId]);
  const items = await occurrenceItems(c.db, units, today, withinDays, cal);
  // upcoming far ahead is noise in an inbox; done items stay for the last 30 days
  const shown = items.filter((i) => i.state !== 'done' || i.dueDate >= addDays(today, -30));
  const counts = { dueSoon: 0, late: 0, missing: 0, upcoming: 0, done: 0 };
  for (const i of shown) counts[i.state]++;
  const [u] = (await unitsById(c.db, [unitId])).values();
  const order = { missing: 0, late: 1, dueSoon: 2, upcoming: 3, done: 4 };
  shown.sort((a, b) => order[a.state] - order[b.state] || a.dueDate.localeCompare(b.dueDate) || a.ref.localeCompare(b.ref));
  return { unit: unitRef(u), on: today, counts, items: shown.map(({ unitId: _u, ...rest }) => rest) };
}

/**
 * Records a progress report on one occurrence of a task. Only the task's lead unit reports (its focal officer or
 * leader); a report on another unit's task is refused. Every report is kept (the history).
 */
export async function reportProgress(c: UseCaseContext, taskId: string, r: { occurrenceId: string; status: PlanReportStatus; percent: number; text: string }) {
  const task = await c.db
    .selectFrom('plan_tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('units as u', 'u.id', 't.lead_unit_id')
    .select(['t.id', 't.lead_unit_id', 'p.status as plan_status', 'u.name as unit_name'])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  if (!task) throw notFound();
  const path = await unitPath(c.db, task.lead_unit_id);
  if (!c.actor.grants.some((g) => (g.role === 'focalOfficer' || g.role === 'unitLeader') && g.unitId && path.includes(g.unitId))) {
    throw new AppError('plan_report_other_unit', { status: 403, params: { unit: task.unit_name } });
  }
  authorize(c, 'plans.report', { unitPath: path });
  if (task.plan_status !== 'active') throw new AppError('plan_not_active', { status: 409 });
  if (r.percent < 0 || r.percent > 100 || !Number.isInteger(r.percent)) throw fieldInvalid('plan_report_percent', 'percent', { percent: r.percent });
  if (r.status === 'done' && r.percent !== 100) throw fieldInvalid('plan_report_done_percent', 'percent');
  if (r.status === 'notStarted' && r.percent !== 0) throw fieldInvalid('plan_report_not_started_percent', 'percent');
  const occ = await c.db.selectFrom('plan_occurrences').selectAll().where('id', '=', r.occurrenceId).where('task_id', '=', taskId).executeTakeFirst();
  if (!occ) throw fieldInvalid('plan_report_occurrence', 'occurrenceId');
  const id = await c.db.transaction().execute(async (trx) => {
    const now = c.clock.now();
    const row = await trx
      .insertInto('plan_reports')
      .values({
        unit_id: task.lead_unit_id,
        task_id: taskId,
        occurrence_id: occ.id,
        status: r.status,
        percent: r.percent,
        text: r.text,
        reported_by: actorIdOrNull(c.actor),
        reported_by_name: c.actor.displayName,
        reported_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.report',
      entityType: 'planReport',
      entityId: row.id,
      unitId: task.lead_unit_id,
      after: { taskId, period: occ.period, ...r },
      ip: c.ip,
    });
    return row.id;
  });
  return (await reportsOf(c.db, { reportIds: [id] }))[0];
}

async function reportsOf(db: Kysely<DB>, where: { taskId?: string; reportIds?: string[] }) {
  let q = db
    .selectFrom('plan_reports as r')
    .innerJoin('plan_occurrences as o', 'o.id', 'r.occurrence_id')
    .select(['r.id', 'r.task_id', 'r.occurrence_id', 'o.period', 'r.status', 'r.percent', 'r.text', 'r.reported_by_name', 'r.reported_at']);
  if (where.taskId) q = q.where('r.task_id', '=', where.taskId);
  if (where.reportIds) q = q.where('r.id', 'in', where.reportIds);
  const rows = await q.orderBy('r.reported_at', 'desc').orderBy('r.id').execute();
  const ev = rows.length
    ? await db
        .selectFrom('plan_report_evidence as e')
        .innerJoin('blobs as b', 'b.sha256', 'e.sha256')
        .select(['e.id', 'e.report_id', 'e.file_name', 'e.uploaded_at', 'b.size', 'b.mime', 'b.sha256'])
        .where(
          'e.report_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('e.uploaded_at')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    occurrenceId: r.occurrence_id,
    period: r.period,
    status: r.status,
    percent: Number(r.percent),
    text: r.text,
    reportedBy: r.reported_by_name,
    reportedAt: new Date(r.reported_at).toISOString(),
    evidence: ev
      .filter((e) => e.report_id === r.id)
      .map((e) => ({ id: e.id, name: e.file_name, size: Number(e.size), mime: e.mime, sha256: e.sha256, uploadedAt: new Date(e.uploaded_at).toISOString() })),
  }));
}

export async function reportHistory(c: UseCaseContext, taskId: string) {
  authorize(c, 'plans.read');
  const t = await c.db.selectFrom('plan_tasks').select('id').where('id', '=', taskId).executeTakeFirst();
  if (!t) throw notFound();
  return reportsOf(c.db, { taskId });
}

/** Adds an evidence file to a report (by someone who may report for the report's unit). */
export async function addReportEvidence(c: UseCaseContext, reportId: string, file: UploadedFile) {
  const rep = await c.db.selectFrom('plan_reports').select(['id', 'unit_id', 'task_id']).where('id', '=', reportId).executeTakeFirst();
  if (!rep) throw notFound();
  authorize(c, 'plans.report', { unitPath: await unitPath(c.db, rep.unit_id) });
  return c.db.transaction().execute(async (trx) => {
    const b = await storeBlob(c, trx, file);
    const row = await trx
      .insertInto('plan_report_evidence')
      .values({ unit_id: rep.unit_id, report_id: reportId, sha256: b.sha256, file_name: b.name, uploaded_by: actorIdOrNull(c.actor), uploaded_at: b.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: b.at,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.report.evidence',
      entityType: 'planReportEvidence',
      entityId: row.id,
      unitId: rep.unit_id,
      after: { reportId, name: b.name, sha256: b.sha256, size: b.size },
      ip: c.ip,
    });
    return { id: row.id, name: b.name, size: b.size, mime: b.mime, sha256: b.sha256, uploadedAt: b.at.toISOString() };
  });
}

/** The overdue board: late and missing occurrences grouped by lead unit, the latest first. */
export async function overdueBoard(c: UseCaseContext, on: string | undefined) {
  authorize(c, 'plans.monitor');
  const today = on ?? vietnamDay(c.clock.now());
  const cal = await planCalendar(c.db, today, c.clock.now());
  const reach = reachFor(c.actor, 'plans.monitor');
  const units = reach === 'all' ? 'all' : await descendantsOf(c.db, reach);
  const items = (await occurrenceItems(c.db, units, today, 0, cal, today)).filter((i) => i.role === 'lead' && (i.state === 'late' || i.state === 'missing'));
  const byUnit = new Map<string, InboxItem[]>();
  for (const i of items) {
    const list = byUnit.get(i.unitId);
    if (list) list.push(i);
    else byUnit.set(i.unitId, [i]);
  }
  const refs = await unitsById(c.db, [...byUnit.keys()]);
  const out = [...byUnit.entries()].map(([uid, list]) => ({
    unit: refs.get(uid)!,
    overdue: list.length,
    maxWorkingDaysLate: Math.max(...list.map((l) => l.workingDaysLate)),
    items: list.sort((a, b) => b.workingDaysLate - a.workingDaysLate).map(({ unitId: _u, ...rest }) => rest),
  }));
  out.sort((a, b) => b.maxWorkingDaysLate - a.maxWorkingDaysLate || b.overdue - a.overdue || a.unit.code.localeCompare(b.unit.code));
  return { on: today, units: out };
}
